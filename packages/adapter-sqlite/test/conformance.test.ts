import { runAdapterConformance } from "@auth/testkit/adapter"
import Database from "better-sqlite3"
import { join } from "node:path"
import { sqliteAdapter } from "../src/index.js"
import { tempDir } from "./helpers.js"

runAdapterConformance("sqlite :memory:", () => sqliteAdapter(":memory:"))

// One file shared by every test (each test opens a new connection on it, so migrations run again
// on an up-to-date database every time, and the suite's data must not collide).
const file = join(tempDir("conformance"), "nested", "dir", "auth.db")
runAdapterConformance("sqlite file", () => sqliteAdapter(file))

// An open Database passed in, with a table prefix, closed by the cleanup hook.
const connections = new WeakMap<object, Database.Database>()
runAdapterConformance(
  "sqlite open Database with tablePrefix",
  () => {
    const db = new Database(":memory:")
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
