/**
 * `@auth/adapter-sqlite`: users, accounts and database sessions for `@auth/core` in SQLite, through
 * better-sqlite3 when it is installed, else Node's built-in `node:sqlite` (./driver.ts).
 * See README.md for the drivers, the schema, migrations and the transaction design.
 *
 * Layout: `adapter.ts` (the contract's methods), `statements.ts` (the SQL), `rows.ts` (row mapping),
 * `transactions.ts` (the mutex and BEGIN IMMEDIATE / savepoints), `open.ts` (connection set-up),
 * `migrations.ts`, `driver.ts`, `errors.ts`.
 */
export { sqliteAdapter, type SqliteAdapterOptions } from "./adapter.js"
export { SCHEMA_VERSION } from "./migrations.js"
export {
  defaultDriver,
  type BetterSqlite3Database,
  type NodeSqliteDatabase,
  type SqliteDriverName,
} from "./driver.js"
export { sqliteCode } from "./errors.js"
