import { AdapterError } from "@auth/core"

const PREFIX = "@auth/adapter-sqlite"

/** The SQLite result code of a better-sqlite3 error (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`...), or "". */
export function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === "string" ? code : ""
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
 * Turns anything thrown by better-sqlite3 into an `AdapterError` with a stable code, a message that
 * says what happened, the likely cause and the fix, and the original error as `cause`.
 * Constraint violations are left to the callers (they know which constraint means what).
 */
export function toAdapterError(error: unknown, { action, busyTimeoutMs }: ErrorContext): AdapterError {
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
      "schema), or the Database passed in is inside an open transaction. Fix: pass `tablePrefix` (e.g. \"auth_\") to keep " +
      "the adapter's tables apart, or finish the open transaction first.",
    { cause: error },
  )
}
