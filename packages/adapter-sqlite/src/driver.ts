/**
 * The two SQLite drivers the adapter runs on, behind one small synchronous interface:
 *
 * - `better-sqlite3`, an optional peer dependency: the faster one, used whenever it is installed and loads;
 * - `node:sqlite` (`DatabaseSync`), built into Node >= 22.16 and 24: used when better-sqlite3 is not
 *   installed, so a Node 22/24 user needs no native module at all.
 *
 * Both are synchronous and hand back their own prepared statements (same `get`/`all`/`run` calls, same
 * `@name` parameters), so the adapter's hot path calls the driver directly, with no wrapper in between.
 * See README.md ("Drivers") for why and for the measurements.
 */
import { createRequire } from "node:module"

/** Which SQLite driver a connection uses. */
export type SqliteDriverName = "node:sqlite" | "better-sqlite3"

/** A prepared statement, as both drivers have it. */
export interface SqliteStatement {
  get(...params: any[]): unknown
  all(...params: any[]): unknown[]
  run(...params: any[]): unknown
}

/** The part of a better-sqlite3 `Database` the adapter uses (structural: better-sqlite3's types are optional). */
export interface BetterSqlite3Database {
  prepare(sql: string): SqliteStatement
  exec(sql: string): unknown
  pragma(source: string, options?: { simple?: boolean }): unknown
  readonly inTransaction: boolean
  readonly memory: boolean
  readonly readonly: boolean
}

/** The part of a `node:sqlite` `DatabaseSync` the adapter uses. */
export interface NodeSqliteDatabase {
  prepare(sql: string): SqliteStatement
  exec(sql: string): void
  readonly isTransaction: boolean
  readonly isOpen: boolean
}

/** One open connection, whichever the driver. */
export interface SqliteConnection {
  readonly driver: SqliteDriverName
  prepare(sql: string): SqliteStatement
  exec(sql: string): void
  readonly inTransaction: boolean
  /** The first column of `PRAGMA <name>`'s first row (`journal_mode` -> "wal"). */
  readPragma(name: string): unknown
}

interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
    options?: { timeout?: number; readOnly?: boolean },
  ) => NodeSqliteDatabase
}

type BetterSqlite3Constructor = new (
  path: string,
  options?: { timeout?: number; readonly?: boolean },
) => BetterSqlite3Database

let nodeSqlite: NodeSqliteModule | null | undefined

/**
 * `node:sqlite` when this runtime has a version of it the adapter can rely on (`isTransaction` and the
 * `timeout` option: Node 22.16+, 23.10+, 24), else null. Loaded synchronously, without import().
 * `isTransaction` is an own accessor of each database, not on the prototype: probed on `:memory:`.
 */
export function loadNodeSqlite(): NodeSqliteModule | null {
  if (nodeSqlite !== undefined) return nodeSqlite
  nodeSqlite = null
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule
  const mod = getBuiltin?.call(process, "node:sqlite") as NodeSqliteModule | undefined
  if (!mod?.DatabaseSync) return nodeSqlite
  try {
    const probe = new mod.DatabaseSync(":memory:", { timeout: 1 }) as NodeSqliteDatabase & {
      close(): void
    }
    if (typeof probe.isTransaction === "boolean") nodeSqlite = mod
    probe.close()
  } catch {
    // an early node:sqlite (Node 22.5-22.12 without --experimental-sqlite, or options it rejects)
  }
  return nodeSqlite
}

let betterSqlite3: BetterSqlite3Constructor | undefined
let betterSqlite3Error: unknown

/**
 * better-sqlite3 if it is installed and its native addon loads in this Node (the addon is only loaded
 * by the first `new Database()`, so that is tried too), else null. Required lazily, so that a runtime
 * with node:sqlite never needs it installed.
 */
function tryBetterSqlite3(): BetterSqlite3Constructor | null {
  if (betterSqlite3) return betterSqlite3
  if (betterSqlite3Error !== undefined) return null
  try {
    const Database = createRequire(import.meta.url)("better-sqlite3") as BetterSqlite3Constructor
    ;(new Database(":memory:") as BetterSqlite3Database & { close(): void }).close()
    betterSqlite3 = Database
  } catch (error) {
    betterSqlite3Error = error
  }
  return betterSqlite3 ?? null
}

/** better-sqlite3, or an error that says why it cannot be used and what to do. */
export function loadBetterSqlite3(): BetterSqlite3Constructor {
  const Database = tryBetterSqlite3()
  if (Database) return Database
  const error = betterSqlite3Error as { code?: string; message?: string }
  const missing =
    error?.code === "MODULE_NOT_FOUND" && String(error.message).includes("better-sqlite3")
  const why = missing
    ? `better-sqlite3 is not installed, and this Node (${process.version}) has no usable node:sqlite (it needs Node 22.16+ or 24).`
    : `better-sqlite3 is installed but does not load in Node ${process.version}: ${error?.message}.`
  throw new Error(
    `@auth/adapter-sqlite: ${why} Fix: ${missing ? "npm install better-sqlite3" : "rebuild it for this Node (npm rebuild better-sqlite3)"}, ` +
      "or run on Node 24 (or 22.16+), where the adapter can use the built-in node:sqlite and needs no native module.",
    { cause: betterSqlite3Error },
  )
}

/**
 * The driver `sqliteAdapter(path)` uses when none is asked for: better-sqlite3 when it is installed and
 * loads (measured about 2x faster for session reads than node:sqlite: see README.md), else node:sqlite where
 * the runtime has a usable one, else better-sqlite3 (whose loading error then says what to install).
 */
export function defaultDriver(): SqliteDriverName {
  if (tryBetterSqlite3()) return "better-sqlite3"
  return loadNodeSqlite() ? "node:sqlite" : "better-sqlite3"
}

function firstColumn(row: unknown): unknown {
  return row && typeof row === "object" ? Object.values(row)[0] : undefined
}

export function isBetterSqlite3(db: object): db is BetterSqlite3Database {
  return typeof (db as { pragma?: unknown }).pragma === "function" && "inTransaction" in db
}

export function isNodeSqlite(db: object): db is NodeSqliteDatabase {
  return "isTransaction" in db && typeof (db as { prepare?: unknown }).prepare === "function"
}

/** Wraps an open database of either driver. */
export function connection(db: BetterSqlite3Database | NodeSqliteDatabase): SqliteConnection {
  if (isBetterSqlite3(db)) {
    return {
      driver: "better-sqlite3",
      prepare: (sql) => db.prepare(sql),
      exec: (sql) => void db.exec(sql),
      get inTransaction() {
        return db.inTransaction
      },
      readPragma: (name) => db.pragma(name, { simple: true }),
    }
  }
  if (isNodeSqlite(db)) {
    return {
      driver: "node:sqlite",
      prepare: (sql) => db.prepare(sql),
      exec: (sql) => db.exec(sql),
      get inTransaction() {
        return db.isTransaction
      },
      readPragma: (name) => firstColumn(db.prepare(`PRAGMA ${name}`).get()),
    }
  }
  throw new TypeError(
    "@auth/adapter-sqlite: sqliteAdapter() takes a file path, an open better-sqlite3 Database or an open node:sqlite DatabaseSync; " +
      "got an object that is neither. Fix: pass the path, or the database object itself (not a wrapper around it).",
  )
}
