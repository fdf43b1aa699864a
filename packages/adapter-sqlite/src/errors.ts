import { AdapterError } from "@auth/core/adapters"

const PREFIX = "@auth/adapter-sqlite"

// SQLite's primary result codes, by number, and the extended codes the adapter tells apart.
// node:sqlite reports a failure as `{ code: "ERR_SQLITE_ERROR", errcode: 2067 }`; better-sqlite3 as
// `{ code: "SQLITE_CONSTRAINT_UNIQUE" }`. Both become the same name here.
const PRIMARY = [
  "OK",
  "ERROR",
  "INTERNAL",
  "PERM",
  "ABORT",
  "BUSY",
  "LOCKED",
  "NOMEM",
  "READONLY",
  "INTERRUPT",
  "IOERR",
  "CORRUPT",
  "NOTFOUND",
  "FULL",
  "CANTOPEN",
  "PROTOCOL",
  "EMPTY",
  "SCHEMA",
  "TOOBIG",
  "CONSTRAINT",
  "MISMATCH",
  "MISUSE",
  "NOLFS",
  "AUTH",
  "FORMAT",
  "RANGE",
  "NOTADB",
  "NOTICE",
  "WARNING",
]
const EXTENDED: Record<number, string> = {
  261: "BUSY_RECOVERY",
  517: "BUSY_SNAPSHOT",
  773: "BUSY_TIMEOUT",
  262: "LOCKED_SHAREDCACHE",
  518: "LOCKED_VTAB",
  264: "READONLY_RECOVERY",
  520: "READONLY_CANTLOCK",
  776: "READONLY_ROLLBACK",
  1032: "READONLY_DBMOVED",
  1288: "READONLY_CANTINIT",
  1544: "READONLY_DIRECTORY",
  275: "CONSTRAINT_CHECK",
  531: "CONSTRAINT_COMMITHOOK",
  787: "CONSTRAINT_FOREIGNKEY",
  1043: "CONSTRAINT_FUNCTION",
  1299: "CONSTRAINT_NOTNULL",
  1555: "CONSTRAINT_PRIMARYKEY",
  1811: "CONSTRAINT_TRIGGER",
  2067: "CONSTRAINT_UNIQUE",
  2323: "CONSTRAINT_VTAB",
  2579: "CONSTRAINT_ROWID",
  2835: "CONSTRAINT_PINNED",
  3091: "CONSTRAINT_DATATYPE",
}

/**
 * The SQLite result code name of a driver error (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`...), or "".
 * Works for both drivers: better-sqlite3's string `code`, node:sqlite's numeric (extended) `errcode`.
 */
export function sqliteCode(error: unknown): string {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown }
  if (typeof code === "string" && code.startsWith("SQLITE_")) return code
  if (typeof errcode === "number") {
    const name = EXTENDED[errcode] ?? PRIMARY[errcode & 0xff]
    return name ? `SQLITE_${name}` : ""
  }
  return ""
}

function describe(error: unknown): string {
  const code = sqliteCode(error)
  const message = error instanceof Error ? error.message : String(error)
  return code ? `${message} (${code})` : message
}

export interface ErrorContext {
  /** What the adapter was doing, as a verb phrase: "create a user", "link a github account". */
  action: string
  /** The busy timeout in force, for the DATABASE_LOCKED message. */
  busyTimeoutMs: number
}

/**
 * Turns anything thrown by either SQLite driver into an `AdapterError` with a stable code, a message that
 * says what happened, the likely cause and the fix, and the original error as `cause`.
 * Constraint violations are left to the callers (they know which constraint means what).
 */
export function toAdapterError(
  error: unknown,
  { action, busyTimeoutMs }: ErrorContext,
): AdapterError {
  if (error instanceof AdapterError) return error
  const code = sqliteCode(error)
  if (code.startsWith("SQLITE_READONLY")) {
    return new AdapterError(
      "DATABASE_READ_ONLY",
      `${PREFIX}: could not ${action}: the database is read-only: ${describe(error)}. ` +
        "Likely cause: the database file, its -wal/-shm files or their directory are not writable by this process, " +
        "or the Database was opened with { readonly: true }. Fix: open it read-write and give this process write access " +
        "to the file and its directory. Nothing was written.",
      { cause: error },
    )
  }
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new AdapterError(
      "DATABASE_LOCKED",
      `${PREFIX}: could not ${action}: the database stayed locked by another connection for longer than the busy timeout ` +
        `(${busyTimeoutMs} ms): ${describe(error)}. Likely cause: a long-running write transaction in another process or ` +
        "connection (a migration, a backup, a stuck script) or a second adapter on the same file in this process. " +
        "Fix: keep other transactions short, raise `busyTimeoutMs`, keep WAL mode on (the default for files), and use " +
        "one adapter per database file per process. Nothing was written.",
      { cause: error },
    )
  }
  return new AdapterError(
    "DATABASE_ERROR",
    `${PREFIX}: could not ${action}: ${describe(error)}. ` +
      "Likely cause: the database file is damaged, full, or its schema was changed by something other than this adapter. " +
      "Fix: check the disk and the file (`PRAGMA integrity_check`), and let only this adapter's migrations change its tables.",
    { cause: error },
  )
}

/** A constraint the caller's data broke: the message explains the rule and what to do instead. */
export function constraintError(message: string, cause: unknown): AdapterError {
  return new AdapterError("DATABASE_ERROR", `${PREFIX}: ${message}`, { cause })
}

export function migrationError(error: unknown, what: string, busyTimeoutMs: number): AdapterError {
  const mapped = toAdapterError(error, { action: what, busyTimeoutMs })
  if (mapped.code !== "DATABASE_ERROR") return mapped
  return new AdapterError(
    "MIGRATION_FAILED",
    `${PREFIX}: could not ${what}: ${describe(error)}. The migration was rolled back; the database is as it was. ` +
      "Likely cause: a table or index with one of the adapter's names already exists (another library or an older " +
      'schema), or the Database passed in is inside an open transaction. Fix: pass `tablePrefix` (e.g. "auth_") to keep ' +
      "the adapter's tables apart, or finish the open transaction first.",
    { cause: error },
  )
}
