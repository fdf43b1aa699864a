import { runAdapterConformance } from "@auth/testkit/adapter"
import { join } from "node:path"
import { DRIVER, openDb, sqliteAdapter, tempDir, type TestDb } from "./helpers.js"

runAdapterConformance(`sqlite (${DRIVER}) :memory:`, () => sqliteAdapter(":memory:"))

// One file shared by every test (each test opens a new connection on it, so migrations run again
// on an up-to-date database every time, and the suite's data must not collide).
const file = join(tempDir("conformance"), "nested", "dir", "auth.db")
runAdapterConformance(`sqlite (${DRIVER}) file`, () => sqliteAdapter(file))

// An open Database passed in, with a table prefix, closed by the cleanup hook.
const connections = new WeakMap<object, TestDb>()
runAdapterConformance(
  `sqlite (${DRIVER}) open database with tablePrefix`,
  () => {
    const db = openDb(":memory:")
    const adapter = sqliteAdapter(db, { tablePrefix: "auth_" })
    connections.set(adapter, db)
    return adapter
  },
  {
    cleanup: (adapter) => {
      connections.get(adapter)?.close()
    },
  },
)
