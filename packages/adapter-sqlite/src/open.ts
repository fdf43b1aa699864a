/** Opening and configuring a connection: the driver, busy timeout, foreign keys, WAL, retries while busy. */
import { mkdirSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { AdapterError } from "@auth/core/adapters"
import {
  connection,
  loadBetterSqlite3,
  loadNodeSqlite,
  type SqliteConnection,
  type SqliteDriverName,
} from "./driver.js"
import { sqliteCode, toAdapterError } from "./errors.js"

export const DEFAULT_BUSY_TIMEOUT_MS = 5000

export function openDatabase(
  path: string,
  driver: SqliteDriverName,
  busyTimeoutMs: number,
): SqliteConnection {
  // Loading the driver fails with its own message (which driver, which Node, the fix), not as a file error.
  const nodeSqlite = driver === "node:sqlite" ? loadNodeSqlite() : null
  if (driver === "node:sqlite" && !nodeSqlite) {
    throw new TypeError(
      `@auth/adapter-sqlite: driver "node:sqlite" was asked for, but Node ${process.version} has no usable node:sqlite ` +
        "(it needs Node 22.16+ or 24). Fix: leave `driver` out and install better-sqlite3, or upgrade Node.",
    )
  }
  const BetterSqlite3 = nodeSqlite ? null : loadBetterSqlite3()
  const inMemory = path === ":memory:" || path === ""
  try {
    if (!inMemory && !path.startsWith("file:"))
      mkdirSync(dirname(resolve(path)), { recursive: true })
    return connection(
      nodeSqlite
        ? new nodeSqlite.DatabaseSync(path, { timeout: busyTimeoutMs })
        : new BetterSqlite3!(path, { timeout: busyTimeoutMs }),
    )
  } catch (error) {
    throw toAdapterError(error, {
      action: `open the database file ${JSON.stringify(path)}`,
      busyTimeoutMs,
    })
  }
}

function isBusy(error: unknown): boolean {
  if ((error as { code?: unknown } | undefined)?.code === "DATABASE_LOCKED") return true
  const code = sqliteCode(error) || sqliteCode((error as { cause?: unknown } | undefined)?.cause)
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code.startsWith("SQLITE_BUSY_")
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/** Runs `fn`, retrying (with a short synchronous back-off) while the database answers busy, until `timeoutMs`. */
export function retryWhileBusy<T>(fn: () => T, timeoutMs: number): T {
  const deadline = Date.now() + timeoutMs
  for (let attempt = 0; ; attempt++) {
    try {
      return fn()
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) throw error
      Atomics.wait(sleeper, 0, 0, Math.min(50, 2 + attempt * 5 + Math.random() * 10))
    }
  }
}

/**
 * Sets the connection up for the adapter and returns the busy timeout in force: the one asked for,
 * else (for a connection passed in) the connection's own. Foreign keys must be on (deleting a user
 * cascades to its accounts and sessions); a file the adapter opened itself is switched to WAL.
 */
export function configureConnection(
  db: SqliteConnection,
  database: unknown,
  requestedTimeout: number | undefined,
): number {
  const ownsDatabase = typeof database === "string"
  const retrying = <T>(fn: () => T): T =>
    retryWhileBusy(fn, requestedTimeout ?? DEFAULT_BUSY_TIMEOUT_MS)
  let busyTimeoutMs = requestedTimeout ?? DEFAULT_BUSY_TIMEOUT_MS
  try {
    if (ownsDatabase || requestedTimeout !== undefined)
      db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`)
    else busyTimeoutMs = Number(db.readPragma("busy_timeout"))
    db.exec("PRAGMA foreign_keys = ON")
    if (db.readPragma("foreign_keys") !== 1) {
      throw new AdapterError(
        "DATABASE_ERROR",
        "@auth/adapter-sqlite: could not turn on foreign keys (deleting a user must delete its accounts and sessions). " +
          "Likely cause: the Database passed in is inside an open transaction, where SQLite ignores `PRAGMA foreign_keys`. " +
          "Fix: create the adapter before starting a transaction on that connection.",
      )
    }
    if (ownsDatabase && database !== ":memory:" && database !== "") {
      // Switching to WAL needs an exclusive lock, and SQLite answers SQLITE_BUSY at once (without its
      // busy handler) when several processes open a new file together: retry until busyTimeoutMs.
      retrying(() => {
        if (String(db.readPragma("journal_mode")).toLowerCase() !== "wal")
          db.readPragma("journal_mode = WAL")
      })
    }
  } catch (error) {
    throw toAdapterError(error, { action: "configure the database connection", busyTimeoutMs })
  }
  return busyTimeoutMs
}
