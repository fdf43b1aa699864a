import { runAdapterConformance } from "@auth/testkit/adapter"
import pg from "pg"
import { afterAll, beforeAll } from "vitest"
import { pgAdapter, type PgAdapter } from "../src/index.js"
import { freshDatabase } from "./helpers.js"

// Every test gets a new adapter (its own pool, so migrations run again on an up-to-date schema each time).
let url = ""
beforeAll(async () => {
  url = await freshDatabase("conformance")
})
runAdapterConformance("pg (connection string)", () => pgAdapter(url), {
  cleanup: (adapter: PgAdapter) => adapter.close(),
})

// A Pool passed in (never ended by the adapter), with a table prefix, in the same database.
let shared: pg.Pool
beforeAll(() => {
  shared = new pg.Pool({ connectionString: url, max: 4 })
})
afterAll(async () => {
  await shared.end()
})
runAdapterConformance("pg (Pool passed in, tablePrefix)", () =>
  pgAdapter(shared, { tablePrefix: "auth_" }),
)
