/**
 * `@auth/adapter-sqlite`: users, accounts and database sessions for `@auth/core` in SQLite, through
 * better-sqlite3 when it is installed, else Node's built-in `node:sqlite` (./driver.ts).
 * See README.md for the drivers, the schema, migrations and the transaction design.
 */
import { AsyncLocalStorage } from "node:async_hooks"
import { randomUUID } from "node:crypto"
import { mkdirSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { ACCOUNT_STRING_FIELDS, AdapterError, normalizeAdapterAccount, type AccountKey, type Adapter, type AdapterAccount, type AdapterSession, type AdapterUser } from "@auth/core/adapters"
import {
  connection,
  defaultDriver,
  loadBetterSqlite3,
  loadNodeSqlite,
  type BetterSqlite3Database,
  type NodeSqliteDatabase,
  type SqliteConnection,
  type SqliteDriverName,
} from "./driver.js"
import { constraintError, sqliteCode, toAdapterError } from "./errors.js"
import { migrate } from "./migrations.js"

export { SCHEMA_VERSION } from "./migrations.js"
export { defaultDriver, sqliteCode }
export type { BetterSqlite3Database, NodeSqliteDatabase, SqliteDriverName }

export interface SqliteAdapterOptions {
  /** Prepended to every table and index name (`auth_` gives `auth_users`...). Letters, digits, `_`. Default "". */
  tablePrefix?: string
  /**
   * How long a statement waits for another connection's write lock before failing with
   * `DATABASE_LOCKED`. Default 5000 ms. Applied to a `Database` you pass in only when given.
   */
  busyTimeoutMs?: number
  /**
   * Which driver opens a file path: `"node:sqlite"` (built into Node 22.16+ and 24) or `"better-sqlite3"`
   * (an optional peer dependency). Default: better-sqlite3 when it is installed and loads, else node:sqlite.
   * Ignored when you pass an open database: its own driver is used.
   */
  driver?: SqliteDriverName
}

interface UserRow {
  id: string
  name: string | null
  email: string | null
  email_verified: number | null
  image: string | null
}

interface AccountRow {
  user_id: string
  provider: string
  provider_account_id: string
  type: string
  access_token: string | null
  refresh_token: string | null
  expires_at: number | null
  token_type: string | null
  scope: string | null
  id_token: string | null
  session_state: string | null
  oauth_token: string | null
  oauth_token_secret: string | null
  extras: string | null
}

interface SessionRow {
  session_token: string
  user_id: string
  expires: number
}

const STRING_FIELDS = ACCOUNT_STRING_FIELDS
type StringField = (typeof STRING_FIELDS)[number]

const DEFAULT_BUSY_TIMEOUT_MS = 5000

function toMs(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null
  const ms = value instanceof Date ? value.getTime() : new Date(value as string | number).getTime()
  if (Number.isNaN(ms)) throw new TypeError(`@auth/adapter-sqlite: ${field} must be a valid Date, got ${String(value)}`)
  return ms
}

function toUser(row: UserRow): AdapterUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    emailVerified: row.email_verified === null ? null : new Date(row.email_verified),
    image: row.image,
  }
}

function toSession(row: SessionRow): AdapterSession {
  return { sessionToken: row.session_token, userId: row.user_id, expires: new Date(row.expires) }
}

function toAccount(row: AccountRow): AdapterAccount {
  const account: AdapterAccount = {
    userId: row.user_id,
    provider: row.provider,
    providerAccountId: row.provider_account_id,
    type: row.type as AdapterAccount["type"],
  }
  for (const field of STRING_FIELDS) {
    const value = row[field]
    if (value !== null) account[field] = value
  }
  if (row.expires_at !== null) account.expires_at = row.expires_at
  if (row.extras !== null) {
    try {
      account.extras = JSON.parse(row.extras) as Record<string, unknown>
    } catch {
      account.extras = { unparsable: row.extras }
    }
  }
  return account
}

/** The row to insert for an account: standard fields in their columns, everything else in `extras`. */
function accountParams(input: AdapterAccount) {
  const account = normalizeAdapterAccount(input)
  const columns = {} as Record<StringField, string | null>
  for (const field of STRING_FIELDS) columns[field] = account[field] ?? null
  return {
    ...columns,
    expires_at: account.expires_at ?? null,
    user_id: account.userId,
    provider: account.provider,
    provider_account_id: account.providerAccountId,
    type: String(account.type),
    // normalizeAdapterAccount already made extras JSON-safe
    extras: account.extras ? JSON.stringify(account.extras) : null,
  }
}

function openDatabase(path: string, driver: SqliteDriverName, busyTimeoutMs: number): SqliteConnection {
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
    if (!inMemory && !path.startsWith("file:")) mkdirSync(dirname(resolve(path)), { recursive: true })
    return connection(nodeSqlite ? new nodeSqlite.DatabaseSync(path, { timeout: busyTimeoutMs }) : new BetterSqlite3!(path, { timeout: busyTimeoutMs }))
  } catch (error) {
    throw toAdapterError(error, { action: `open the database file ${JSON.stringify(path)}`, busyTimeoutMs })
  }
}

function isBusy(error: unknown): boolean {
  if ((error as { code?: unknown } | undefined)?.code === "DATABASE_LOCKED") return true
  const code = sqliteCode(error) || sqliteCode((error as { cause?: unknown } | undefined)?.cause)
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED" || code.startsWith("SQLITE_BUSY_")
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/** Runs `fn`, retrying (with a short synchronous back-off) while the database answers busy, until `timeoutMs`. */
function retryWhileBusy<T>(fn: () => T, timeoutMs: number): T {
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
 * An `Adapter` storing users, accounts and sessions in SQLite.
 *
 * @param database a file path (opened, and created with its directory if missing; `":memory:"` for a
 *   private in-memory database), or an open better-sqlite3 `Database` or node:sqlite `DatabaseSync`, used as it is.
 * @example
 * ```ts
 * import { Auth } from "@auth/core"
 * import { sqliteAdapter } from "@auth/adapter-sqlite"
 * export const auth = Auth({ adapter: sqliteAdapter("./data/auth.db"), providers: [] })
 * ```
 * @see README.md for the drivers, the schema and the transaction design.
 */
export function sqliteAdapter(database: string | BetterSqlite3Database | NodeSqliteDatabase, options: SqliteAdapterOptions = {}): Adapter {
  const prefix = options.tablePrefix ?? ""
  if (!/^[A-Za-z0-9_]*$/.test(prefix) || /^[0-9]/.test(prefix)) {
    throw new TypeError(`@auth/adapter-sqlite: tablePrefix ${JSON.stringify(prefix)} is not allowed: use letters, digits and "_", not starting with a digit (e.g. "auth_").`)
  }
  const requestedTimeout = options.busyTimeoutMs
  if (requestedTimeout !== undefined && !(Number.isInteger(requestedTimeout) && requestedTimeout >= 0)) {
    throw new TypeError(`@auth/adapter-sqlite: busyTimeoutMs must be a whole number of milliseconds >= 0, got ${String(requestedTimeout)}.`)
  }
  if (options.driver !== undefined && options.driver !== "node:sqlite" && options.driver !== "better-sqlite3") {
    throw new TypeError(`@auth/adapter-sqlite: driver must be "node:sqlite" or "better-sqlite3", got ${JSON.stringify(options.driver)}.`)
  }

  const ownsDatabase = typeof database === "string"
  const retrying = <T>(fn: () => T): T => retryWhileBusy(fn, requestedTimeout ?? DEFAULT_BUSY_TIMEOUT_MS)
  const db = ownsDatabase ? openDatabase(database, options.driver ?? defaultDriver(), requestedTimeout ?? DEFAULT_BUSY_TIMEOUT_MS) : connection(database)
  let busyTimeoutMs = requestedTimeout ?? DEFAULT_BUSY_TIMEOUT_MS
  try {
    if (ownsDatabase || requestedTimeout !== undefined) db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`)
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
        if (String(db.readPragma("journal_mode")).toLowerCase() !== "wal") db.readPragma("journal_mode = WAL")
      })
    }
  } catch (error) {
    throw toAdapterError(error, { action: "configure the database connection", busyTimeoutMs })
  }

  // Migrations re-check the version inside their transaction, so retrying one refused as busy is safe.
  retrying(() => migrate(db, prefix, busyTimeoutMs))

  const t = { users: `${prefix}users`, accounts: `${prefix}accounts`, sessions: `${prefix}sessions` }
  const sql = {
    insertUser: db.prepare(`INSERT INTO ${t.users} (id, name, email, email_verified, image) VALUES (@id, @name, @email, @email_verified, @image) RETURNING *`),
    userById: db.prepare(`SELECT * FROM ${t.users} WHERE id = ?`),
    userByEmail: db.prepare(`SELECT * FROM ${t.users} WHERE email = ? COLLATE NOCASE`),
    userByAccount: db.prepare(
      `SELECT u.* FROM ${t.users} u JOIN ${t.accounts} a ON a.user_id = u.id WHERE a.provider = ? AND a.provider_account_id = ?`,
    ),
    updateUser: db.prepare(
      `UPDATE ${t.users} SET
         name = CASE WHEN @set_name THEN @name ELSE name END,
         email = CASE WHEN @set_email THEN @email ELSE email END,
         email_verified = CASE WHEN @set_email_verified THEN @email_verified ELSE email_verified END,
         image = CASE WHEN @set_image THEN @image ELSE image END
       WHERE id = @id RETURNING *`,
    ),
    deleteUser: db.prepare(`DELETE FROM ${t.users} WHERE id = ?`),
    insertAccount: db.prepare(
      `INSERT INTO ${t.accounts} (user_id, provider, provider_account_id, type, access_token, refresh_token, expires_at,
         token_type, scope, id_token, session_state, oauth_token, oauth_token_secret, extras)
       VALUES (@user_id, @provider, @provider_account_id, @type, @access_token, @refresh_token, @expires_at,
         @token_type, @scope, @id_token, @session_state, @oauth_token, @oauth_token_secret, @extras) RETURNING *`,
    ),
    deleteAccount: db.prepare(`DELETE FROM ${t.accounts} WHERE provider = ? AND provider_account_id = ?`),
    accountsByUser: db.prepare(`SELECT * FROM ${t.accounts} WHERE user_id = ? ORDER BY rowid`),
    insertSession: db.prepare(`INSERT INTO ${t.sessions} (session_token, user_id, expires) VALUES (?, ?, ?) RETURNING *`),
    sessionAndUser: db.prepare(
      `SELECT s.session_token, s.user_id, s.expires, u.id, u.name, u.email, u.email_verified, u.image
       FROM ${t.sessions} s JOIN ${t.users} u ON u.id = s.user_id WHERE s.session_token = ?`,
    ),
    deleteExpiredSession: db.prepare(`DELETE FROM ${t.sessions} WHERE session_token = ? AND expires <= ?`),
    updateSession: db.prepare(
      `UPDATE ${t.sessions} SET expires = coalesce(@expires, expires), user_id = coalesce(@user_id, user_id)
       WHERE session_token = @session_token RETURNING *`,
    ),
    deleteSession: db.prepare(`DELETE FROM ${t.sessions} WHERE session_token = ?`),
  }

  // --- transactions and the per-adapter mutex -------------------------------------------------
  // Both drivers run every statement synchronously, so a single adapter call can never
  // interleave with another. Only `transaction(fn)` spans awaits: while its BEGIN IMMEDIATE is
  // open, calls from outside fn wait on `openTransaction`; calls made inside fn (recognised by
  // the AsyncLocalStorage context) go straight through, so fn cannot deadlock on its own lock.
  interface TransactionContext {
    active: boolean
    savepoints: number
  }
  const context = new AsyncLocalStorage<TransactionContext>()
  let openTransaction: Promise<void> | null = null

  async function run<T>(action: string, statement: () => T, onConstraint?: (error: unknown, code: string) => AdapterError | undefined): Promise<T> {
    if (!context.getStore()?.active) {
      while (openTransaction) await openTransaction
    }
    try {
      return statement()
    } catch (error) {
      const code = sqliteCode(error)
      if (onConstraint && code.startsWith("SQLITE_CONSTRAINT")) {
        const mapped = onConstraint(error, code)
        if (mapped) throw mapped
      }
      throw toAdapterError(error, { action, busyTimeoutMs })
    }
  }

  function rollback(statement: string): void {
    try {
      if (db.inTransaction) db.exec(statement)
    } catch {
      // SQLite already rolled back (e.g. after SQLITE_FULL); nothing left to undo
    }
  }

  const emailTaken = (email: unknown) => (error: unknown, code: string) =>
    code === "SQLITE_CONSTRAINT_UNIQUE"
      ? constraintError(
          `a user with the email ${JSON.stringify(email)} already exists (emails are unique, compared case-insensitively). Look the user up with getUserByEmail instead of creating a second one.`,
          error,
        )
      : undefined

  const unknownUser = (userId: unknown, what: string) => (error: unknown, code: string) =>
    code === "SQLITE_CONSTRAINT_FOREIGNKEY"
      ? constraintError(`cannot ${what}: there is no user with id ${JSON.stringify(userId)}. Create the user first (createUser) and use the id it returns.`, error)
      : undefined

  const adapter: Adapter = {
    async createUser(user) {
      const params = {
        id: randomUUID(),
        name: user.name ?? null,
        email: user.email ?? null,
        email_verified: toMs(user.emailVerified, "emailVerified"),
        image: user.image ?? null,
      }
      const row = await run("create a user", () => sql.insertUser.get(params) as UserRow, emailTaken(params.email))
      return toUser(row)
    },

    async getUser(id) {
      const row = await run("read a user", () => sql.userById.get(String(id)) as UserRow | undefined)
      return row ? toUser(row) : null
    },

    async getUserByEmail(email) {
      if (typeof email !== "string") return null
      const row = await run("read a user by email", () => sql.userByEmail.get(email) as UserRow | undefined)
      return row ? toUser(row) : null
    },

    async getUserByAccount({ provider, providerAccountId }: AccountKey) {
      const row = await run("read a user by account", () => sql.userByAccount.get(String(provider), String(providerAccountId)) as UserRow | undefined)
      return row ? toUser(row) : null
    },

    async updateUser(user) {
      const params = {
        id: String(user.id),
        set_name: user.name !== undefined ? 1 : 0,
        name: user.name ?? null,
        set_email: user.email !== undefined ? 1 : 0,
        email: user.email ?? null,
        set_email_verified: user.emailVerified !== undefined ? 1 : 0,
        email_verified: toMs(user.emailVerified, "emailVerified"),
        set_image: user.image !== undefined ? 1 : 0,
        image: user.image ?? null,
      }
      const row = await run("update a user", () => sql.updateUser.get(params) as UserRow | undefined, emailTaken(params.email))
      if (!row) {
        throw new AdapterError(
          "DATABASE_ERROR",
          `@auth/adapter-sqlite: cannot update user ${JSON.stringify(params.id)}: there is no user with that id. It may have been deleted; create it again or sign in anew.`,
        )
      }
      return toUser(row)
    },

    async deleteUser(userId) {
      // One statement: ON DELETE CASCADE removes the accounts and sessions in the same atomic write.
      await run("delete a user", () => sql.deleteUser.run(String(userId)))
    },

    async linkAccount(account) {
      const params = accountParams(account)
      const row = await run(`link a ${params.provider} account`, () => sql.insertAccount.get(params) as AccountRow, (error, code) => {
        if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
          return new AdapterError(
            "ACCOUNT_ALREADY_LINKED",
            `@auth/adapter-sqlite: the ${params.provider} account ${JSON.stringify(params.provider_account_id)} is already linked to a user. ` +
              "An account can belong to one user only: unlink it first (unlinkAccount) to move it. Nothing was changed.",
            { cause: error },
          )
        }
        return unknownUser(params.user_id, `link a ${params.provider} account`)(error, code)
      })
      return toAccount(row)
    },

    async unlinkAccount({ provider, providerAccountId }) {
      await run("unlink an account", () => sql.deleteAccount.run(String(provider), String(providerAccountId)))
    },

    async getAccountsByUser(userId) {
      const rows = await run("read a user's accounts", () => sql.accountsByUser.all(String(userId)) as AccountRow[])
      return rows.map(toAccount)
    },

    async createSession(session) {
      const expires = toMs(session.expires, "expires")
      if (expires === null) throw new TypeError("@auth/adapter-sqlite: createSession needs an expires Date")
      const row = await run(
        "create a session",
        () => sql.insertSession.get(String(session.sessionToken), String(session.userId), expires) as SessionRow,
        (error, code) =>
          code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE"
            ? constraintError("a session with this token already exists. Session tokens must be unique: generate a new random token.", error)
            : unknownUser(session.userId, "create a session")(error, code),
      )
      return toSession(row)
    },

    async getSessionAndUser(sessionToken) {
      const row = await run("read a session", () => {
        const found = sql.sessionAndUser.get(String(sessionToken)) as (SessionRow & UserRow) | undefined
        const now = Date.now()
        if (!found || found.expires > now) return found
        try {
          sql.deleteExpiredSession.run(found.session_token, now)
        } catch {
          // clean-up only: an expired session is not returned either way (read-only or busy database)
        }
        return undefined
      })
      return row ? { session: toSession(row), user: toUser(row) } : null
    },

    async updateSession(session) {
      const params = {
        session_token: String(session.sessionToken),
        expires: toMs(session.expires, "expires"),
        user_id: session.userId === undefined ? null : String(session.userId),
      }
      const row = await run("update a session", () => sql.updateSession.get(params) as SessionRow | undefined, unknownUser(params.user_id, "move a session"))
      return row ? toSession(row) : null
    },

    async deleteSession(sessionToken) {
      await run("delete a session", () => sql.deleteSession.run(String(sessionToken)))
    },

    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      const outer = context.getStore()
      if (outer?.active) {
        // Nested: a savepoint inside the open transaction, so an inner failure can be caught alone.
        const name = `auth_savepoint_${++outer.savepoints}`
        await run("start a nested transaction", () => db.exec(`SAVEPOINT ${name}`))
        try {
          const result = await fn()
          await run("finish a nested transaction", () => db.exec(`RELEASE ${name}`))
          return result
        } catch (error) {
          rollback(`ROLLBACK TO ${name}`)
          rollback(`RELEASE ${name}`)
          throw error
        }
      }

      while (openTransaction) await openTransaction
      let release!: () => void
      openTransaction = new Promise<void>((resolve) => (release = resolve))
      const own: TransactionContext = { active: true, savepoints: 0 }
      try {
        try {
          db.exec("BEGIN IMMEDIATE")
        } catch (error) {
          throw toAdapterError(error, { action: "start a transaction", busyTimeoutMs })
        }
        let result: T
        try {
          result = await context.run(own, fn)
        } catch (error) {
          rollback("ROLLBACK")
          throw error
        }
        if (!db.inTransaction) {
          throw new AdapterError(
            "DATABASE_ERROR",
            "@auth/adapter-sqlite: the transaction was ended before fn returned (SQLite rolled it back after an error, or fn ran COMMIT/ROLLBACK itself), so its writes may be lost. Fix: let transaction() commit, and check the database for I/O or disk-full errors.",
          )
        }
        try {
          db.exec("COMMIT")
        } catch (error) {
          rollback("ROLLBACK")
          throw toAdapterError(error, { action: "commit a transaction", busyTimeoutMs })
        }
        return result
      } finally {
        own.active = false
        openTransaction = null
        release()
      }
    },
  }
  return adapter
}
