/**
 * node-postgres errors -> `AdapterError` with a stable code. PostgreSQL reports a SQLSTATE in
 * `error.code` (https://www.postgresql.org/docs/current/errcodes-appendix.html); the socket layer
 * reports Node's errno codes (ECONNREFUSED...); pg-pool reports a wait that ran out as a plain Error.
 */
import { AdapterError } from "@auth/core/adapters"

const PREFIX = "@auth/adapter-pg"

/** What the adapter knows about its pool when an error happens (for POOL_EXHAUSTED and the messages). */
export interface PoolState {
  /** The pool's `max`. */
  max: number
  /** Connections open in the pool (busy or idle) when the error was seen. */
  total: number
  /** The pool's `connectionTimeoutMillis` (0: wait forever). */
  connectionTimeoutMillis: number
}

export interface ErrorContext {
  /** What the adapter was doing, as a verb phrase: "create a user", "link a github account". */
  action: string
  pool: PoolState
}

/** The SQLSTATE of a PostgreSQL error (`23505`...), or "". */
export function sqlState(error: unknown): string {
  const code = (error as { code?: unknown } | null | undefined)?.code
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : ""
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "ENOENT",
])

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown } | null | undefined)?.code
  return typeof code === "string" && !message.includes(code) ? `${message} (${code})` : message
}

/** A connection-level failure: the server is down, restarting, or closed this connection. */
export function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code
  if (typeof code === "string" && NETWORK_CODES.has(code)) return true
  const state = sqlState(error)
  // 08: connection exception; 57P01-57P03: admin/crash shutdown, cannot connect now; 53300: too many connections
  if (
    state.startsWith("08") ||
    state === "57P01" ||
    state === "57P02" ||
    state === "57P03" ||
    state === "53300"
  )
    return true
  const message = error instanceof Error ? error.message : ""
  return /Connection terminated|connection (is )?closed|Client has encountered a connection error|terminating connection/i.test(
    message,
  )
}

/** pg-pool's own "no client within connectionTimeoutMillis" error, and the client's connect timeout. */
function isConnectTimeout(error: unknown): boolean {
  const message = error instanceof Error ? error.message : ""
  return /timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(
    message,
  )
}

/**
 * Turns anything thrown by node-postgres into an `AdapterError` with a stable code, a message that says
 * what happened, the likely cause and the fix, and the original error as `cause`. Constraint violations
 * are left to the callers (they know which constraint means what).
 */
export function toAdapterError(error: unknown, { action, pool }: ErrorContext): AdapterError {
  if (error instanceof AdapterError) return error
  const state = sqlState(error)
  const what = `${PREFIX}: could not ${action}: ${describe(error)}.`
  if (state === "25006") {
    return new AdapterError(
      "DATABASE_READ_ONLY",
      `${what} The database only accepts reads. Likely cause: the connection string points at a read replica (hot standby), ` +
        "or the role or database has default_transaction_read_only on. Fix: point the adapter at the primary, and check " +
        "`SHOW default_transaction_read_only` and `SELECT pg_is_in_recovery()`. Nothing was written.",
      { cause: error },
    )
  }
  if (state === "57014" || /Query read timeout/i.test(describe(error))) {
    return new AdapterError(
      "DATABASE_TIMEOUT",
      `${what} The statement ran longer than the statement timeout and was cancelled. Likely cause: a lock held by a long ` +
        "transaction elsewhere (a migration, a backup, a stuck session in `pg_stat_activity`), or an overloaded server. " +
        "Fix: look for blocking queries (`SELECT * FROM pg_stat_activity WHERE wait_event_type = 'Lock'`), keep other " +
        "transactions short, or raise `statement_timeout`. Nothing was written.",
      { cause: error },
    )
  }
  if (state === "55P03" || state === "40P01" || state === "40001") {
    return new AdapterError(
      "DATABASE_LOCKED",
      `${what} Another transaction held the rows or tables this needs (lock timeout, deadlock or serialization failure). ` +
        "Likely cause: a long transaction or a manual lock elsewhere. Fix: keep other transactions short; retrying is safe. Nothing was written.",
      { cause: error },
    )
  }
  if (isConnectTimeout(error)) {
    if (pool.total >= pool.max) {
      return new AdapterError(
        "POOL_EXHAUSTED",
        `${what} All ${pool.max} connections of the adapter's pool stayed busy for ${pool.connectionTimeoutMillis} ms ` +
          "(connectionTimeoutMillis). Likely cause: more concurrent requests than the pool has connections, slow queries, " +
          "or code holding clients of the same pool without releasing them. Fix: raise the pool's `max` (within the " +
          "server's max_connections divided by the number of instances), raise connectionTimeoutMillis, or look for slow queries. Nothing was written.",
        { cause: error },
      )
    }
    return new AdapterError(
      "DATABASE_UNAVAILABLE",
      `${what} Opening a connection took longer than ${pool.connectionTimeoutMillis} ms. Likely cause: the server is ` +
        "overloaded, starting up, or behind a network path that drops packets. Fix: check that the server is up and reachable " +
        "from this machine (`pg_isready -h <host> -p <port>`). Nothing was written.",
      { cause: error },
    )
  }
  if (isUnavailable(error)) {
    const budget =
      state === "53300"
        ? " The server refused the connection because it reached max_connections: the sum of every instance's pool `max` must stay below it."
        : ""
    return new AdapterError(
      "DATABASE_UNAVAILABLE",
      `${what} The database server cannot be reached.${budget} Likely cause: the server is down, restarting or failing over, ` +
        "or the host/port in the connection string is wrong. Fix: check the server (`pg_isready -h <host> -p <port>`) and the " +
        "connection string. Existing sessions are kept; sign-ins work again once the server is back. Nothing was written.",
      { cause: error },
    )
  }
  if (state === "28P01" || state === "28000" || state === "3D000") {
    return new AdapterError(
      "DATABASE_ERROR",
      `${what} The server refused the credentials or does not have this database. Fix: check the user, password and ` +
        "database name of the connection string (and pg_hba.conf on the server).",
      { cause: error },
    )
  }
  if (state === "42P01" || state === "42703") {
    return new AdapterError(
      "DATABASE_ERROR",
      `${what} A table or column of the adapter is missing. Likely cause: the schema was changed by something other than ` +
        "the adapter's migrations, or another `tablePrefix` was used when it was created. Fix: run `migrate()` with the same " +
        "`tablePrefix`, and let only the adapter's migrations change its tables.",
      { cause: error },
    )
  }
  return new AdapterError(
    "DATABASE_ERROR",
    `${what} Likely cause: the schema was changed by something other than this adapter, or the server failed. ` +
      "Fix: check the server's log for this statement, and let only this adapter's migrations change its tables.",
    { cause: error },
  )
}

/** A constraint the caller's data broke: the message explains the rule and what to do instead. */
export function constraintError(message: string, cause: unknown): AdapterError {
  return new AdapterError("DATABASE_ERROR", `${PREFIX}: ${message}`, { cause })
}

export function migrationError(error: unknown, context: ErrorContext): AdapterError {
  const mapped = toAdapterError(error, context)
  if (mapped.code !== "DATABASE_ERROR") return mapped
  return new AdapterError(
    "MIGRATION_FAILED",
    `${PREFIX}: could not ${context.action}: ${describe(error)}. The migration was rolled back; the database is as it was. ` +
      "Likely cause: a table or index with one of the adapter's names already exists (another library or an older " +
      'schema), or the role may not create tables. Fix: pass `tablePrefix` (e.g. "auth_") to keep the adapter\'s tables ' +
      "apart, or run `migrate()` once as a role that may create tables.",
    { cause: error },
  )
}
