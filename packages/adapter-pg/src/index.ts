/**
 * `@auth/adapter-pg`: users, accounts and database sessions for `@auth/core` in PostgreSQL, through
 * node-postgres (`pg`). One database shared by every instance of an app. See README.md for the
 * schema, migrations, transactions, errors and the connection budget.
 */
import { AsyncLocalStorage } from "node:async_hooks"
import { randomUUID } from "node:crypto"
import {
  ACCOUNT_STRING_FIELDS,
  AdapterError,
  normalizeAdapterAccount,
  applyAccountUpdate,
  splitAccountUpdate,
  type AccountKey,
  type Adapter,
  type AdapterAccount,
  type AdapterSession,
  type AdapterUser,
  type UpdateAccountOptions,
  withTokenEncryption,
} from "@auth/core/adapters"
import pg from "pg"
import {
  constraintError,
  isUnavailable,
  sqlState,
  toAdapterError,
  type PoolState,
} from "./errors.js"
import { emailKey, MIGRATIONS, runMigrations, SCHEMA_VERSION } from "./migrations.js"

export { SCHEMA_VERSION, MIGRATIONS, sqlState }
export type { PoolState }

/** What `pgAdapter` and `migrate` accept: a `pg.Pool` (used as it is), a connection string, or a pool config. */
export type PgDatabase = pg.Pool | string | pg.PoolConfig

export interface PgAdapterOptions {
  /** Prepended to every table and index name (`auth_` gives `auth_users`...). Lowercase letters, digits, `_`. Default "". */
  tablePrefix?: string
  /**
   * Bring the schema up to date before the first query (default true). Set false when a deploy step runs
   * {@link migrate} and the app's role may not create tables: a missing schema then fails with DATABASE_ERROR.
   */
  migrate?: boolean
}

/** The adapter, plus what a PostgreSQL deployment needs: the pool and the migrations. */
export interface PgAdapter extends Adapter {
  /** The pool the adapter queries (its own when given a connection string or config). */
  readonly pool: pg.Pool
  /** Brings the schema up to date now (the adapter otherwise does it on first use); the versions applied. */
  migrate(): Promise<number[]>
  createUser(user: Omit<AdapterUser, "id">): Promise<AdapterUser>
  getUser(id: string): Promise<AdapterUser | null>
  getUserByEmail(email: string): Promise<AdapterUser | null>
  getUserByAccount(key: AccountKey): Promise<AdapterUser | null>
  updateUser(user: Partial<AdapterUser> & Pick<AdapterUser, "id">): Promise<AdapterUser>
  deleteUser(userId: string): Promise<void>
  linkAccount(account: AdapterAccount): Promise<AdapterAccount>
  unlinkAccount(key: AccountKey): Promise<void>
  getAccountsByUser(userId: string): Promise<AdapterAccount[]>
  getAccount(key: AccountKey): Promise<AdapterAccount | null>
  /** `null` clears a field, `undefined` leaves it (see the Adapter contract). */
  updateAccount(
    account: { [K in keyof AdapterAccount]?: AdapterAccount[K] | null } & AccountKey,
    options?: UpdateAccountOptions,
  ): Promise<AdapterAccount | null>
  createSession(session: AdapterSession): Promise<AdapterSession>
  getSessionAndUser(
    sessionToken: string,
  ): Promise<{ session: AdapterSession; user: AdapterUser } | null>
  updateSession(
    session: Partial<AdapterSession> & Pick<AdapterSession, "sessionToken">,
  ): Promise<AdapterSession | null>
  deleteSession(sessionToken: string): Promise<void>
  useOnce(key: string, expires: Date): Promise<boolean>
  transaction<T>(fn: () => Promise<T>): Promise<T>
  /** Ends the pool if the adapter created it (a `Pool` passed in is left to its owner). */
  close(): Promise<void>
}

/** How long a request waits for a free pooled connection before POOL_EXHAUSTED (pools the adapter creates). */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5000

interface UserRow {
  id: string
  name: string | null
  email: string | null
  emailVerified: Date | null
  image: string | null
}

type AccountRow = {
  userId: string
  provider: string
  providerAccountId: string
  type: string
  expires_at: number | null
  extras: Record<string, unknown> | null
} & Record<(typeof ACCOUNT_STRING_FIELDS)[number], string | null>

interface SessionRow {
  sessionToken: string
  userId: string
  expires: Date
}

const ACCOUNT_COLUMNS = `"userId", provider, "providerAccountId", type, ${ACCOUNT_STRING_FIELDS.join(", ")}, expires_at, extras`

function checkPrefix(prefix: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix) && prefix !== "") {
    throw new TypeError(
      `@auth/adapter-pg: tablePrefix ${JSON.stringify(prefix)} is not allowed: use lowercase letters, digits and "_", not starting with a digit (e.g. "auth_").`,
    )
  }
}

function toDate(value: unknown, field: string): Date | null {
  if (value === null || value === undefined) return null
  const date =
    value instanceof Date ? new Date(value.getTime()) : new Date(value as string | number)
  if (Number.isNaN(date.getTime()))
    throw new TypeError(`@auth/adapter-pg: ${field} must be a valid Date, got ${String(value)}`)
  return date
}

const toUser = (row: UserRow): AdapterUser => ({
  id: row.id,
  name: row.name,
  email: row.email,
  emailVerified: row.emailVerified ? new Date(row.emailVerified.getTime()) : null,
  image: row.image,
})

const toSession = (row: SessionRow): AdapterSession => ({
  sessionToken: row.sessionToken,
  userId: row.userId,
  expires: new Date(row.expires.getTime()),
})

function toAccount(row: AccountRow): AdapterAccount {
  const account: AdapterAccount = {
    userId: row.userId,
    provider: row.provider,
    providerAccountId: row.providerAccountId,
    type: row.type as AdapterAccount["type"],
  }
  for (const field of ACCOUNT_STRING_FIELDS) {
    const value = row[field]
    if (value !== null) account[field] = value
  }
  if (row.expires_at !== null) account.expires_at = Number(row.expires_at)
  if (row.extras !== null) account.extras = row.extras
  return account
}

function makePool(database: PgDatabase): { pool: pg.Pool; owned: boolean } {
  if (database instanceof pg.Pool) return { pool: database, owned: false }
  if (typeof database === "string") {
    return {
      pool: new pg.Pool({
        connectionString: database,
        connectionTimeoutMillis: DEFAULT_CONNECTION_TIMEOUT_MS,
      }),
      owned: true,
    }
  }
  if (database && typeof database === "object") {
    return {
      pool: new pg.Pool({ connectionTimeoutMillis: DEFAULT_CONNECTION_TIMEOUT_MS, ...database }),
      owned: true,
    }
  }
  throw new TypeError(
    "@auth/adapter-pg: pass a pg Pool, a connection string (postgresql://user:password@host:5432/db) or a pg PoolConfig.",
  )
}

function poolStateOf(pool: pg.Pool): PoolState {
  const options =
    (pool as unknown as { options?: { max?: number; connectionTimeoutMillis?: number } }).options ??
    {}
  return {
    max: options.max ?? 10,
    total: pool.totalCount,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 0,
  }
}

/** A pool emits 'error' for idle connections the server closed; unhandled, that would crash the process. */
function keepAlive(pool: pg.Pool): void {
  if (pool.listenerCount("error") === 0) pool.on("error", () => {})
}

/**
 * Brings the schema up to date, for deploy pipelines (the adapter otherwise does it on first use).
 * Safe when several instances run it at once (a PostgreSQL advisory lock). Returns the versions applied.
 * @example
 * ```ts
 * import { migrate } from "@auth/adapter-pg"
 * await migrate(process.env.DATABASE_URL!)
 * ```
 * @see README.md#migrations
 */
export async function migrate(
  database: PgDatabase,
  options: Pick<PgAdapterOptions, "tablePrefix"> = {},
): Promise<number[]> {
  const prefix = options.tablePrefix ?? ""
  checkPrefix(prefix)
  const { pool, owned } = makePool(database)
  keepAlive(pool)
  try {
    return await runMigrations(pool, prefix, () => poolStateOf(pool))
  } finally {
    if (owned) await pool.end()
  }
}

interface TransactionContext {
  client: pg.PoolClient
  active: boolean
  savepoints: number
}

type OnConstraint = (error: unknown, state: string) => AdapterError | undefined

/**
 * An `Adapter` storing users, accounts and sessions in PostgreSQL.
 *
 * @param database a `pg.Pool` (used as it is, never ended by the adapter), a connection string or a
 *   `pg.PoolConfig` (the adapter makes its own pool, with `connectionTimeoutMillis` 5000 unless given).
 * @example
 * ```ts
 * import { Auth } from "@auth/core"
 * import { pgAdapter } from "@auth/adapter-pg"
 * export const auth = Auth({ adapter: pgAdapter(process.env.DATABASE_URL!), session: { strategy: "database" }, providers: [] })
 * ```
 * @see README.md for the schema, migrations, transactions, errors and the connection budget.
 */
export function pgAdapter(database: PgDatabase, options: PgAdapterOptions = {}): PgAdapter {
  const prefix = options.tablePrefix ?? ""
  checkPrefix(prefix)
  const { pool, owned } = makePool(database)
  keepAlive(pool)
  const t = {
    users: `${prefix}users`,
    accounts: `${prefix}accounts`,
    sessions: `${prefix}sessions`,
    usedKeys: `${prefix}used_keys`,
  }
  let useCount = 0
  const context = new AsyncLocalStorage<TransactionContext>()
  const state = () => poolStateOf(pool)

  let migrated: Promise<number[]> | null = options.migrate === false ? Promise.resolve([]) : null
  function ensureSchema(): Promise<number[]> {
    if (!migrated) {
      migrated = runMigrations(pool, prefix, state)
      // a failed migration (server down at start) is tried again by the next call
      migrated.catch(() => (migrated = null))
    }
    return migrated
  }

  async function query<R extends pg.QueryResultRow>(
    action: string,
    text: string,
    values: unknown[] = [],
    onConstraint?: OnConstraint,
  ): Promise<R[]> {
    await ensureSchema()
    const tx = context.getStore()
    try {
      if (tx?.active) return (await tx.client.query<R>(text, values)).rows
      try {
        return (await pool.query<R>(text, values)).rows
      } catch (error) {
        // After a server restart the pool may still hold connections the server closed: the first
        // query on one fails and pg drops it. A read is safe to send once more, on a fresh connection;
        // a write is not (it may have been applied before the connection died).
        if (!isUnavailable(error) || !/^\s*SELECT\b/i.test(text)) throw error
        return (await pool.query<R>(text, values)).rows
      }
    } catch (error) {
      const code = sqlState(error)
      if (onConstraint && code.startsWith("23")) {
        const mapped = onConstraint(error, code)
        if (mapped) throw mapped
      }
      throw toAdapterError(error, { action, pool: state() })
    }
  }

  const emailTaken =
    (email: unknown): OnConstraint =>
    (error, code) =>
      code === "23505"
        ? constraintError(
            `a user with the email ${JSON.stringify(email)} already exists (emails are unique, compared case-insensitively). Look the user up with getUserByEmail instead of creating a second one.`,
            error,
          )
        : undefined

  const unknownUser =
    (userId: unknown, what: string): OnConstraint =>
    (error, code) =>
      code === "23503"
        ? constraintError(
            `cannot ${what}: there is no user with id ${JSON.stringify(userId)}. Create the user first (createUser) and use the id it returns.`,
            error,
          )
        : undefined

  const adapter: PgAdapter = {
    pool,

    migrate: () => ensureSchema(),

    async createUser(user) {
      const email = user.email ?? null
      const [row] = await query<UserRow>(
        "create a user",
        `INSERT INTO ${t.users} (id, name, email, "emailVerified", image) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [
          randomUUID(),
          user.name ?? null,
          email,
          toDate(user.emailVerified, "emailVerified"),
          user.image ?? null,
        ],
        emailTaken(email),
      )
      return toUser(row!)
    },

    async getUser(id) {
      const [row] = await query<UserRow>("read a user", `SELECT * FROM ${t.users} WHERE id = $1`, [
        String(id),
      ])
      return row ? toUser(row) : null
    },

    async getUserByEmail(email) {
      if (typeof email !== "string") return null
      const [row] = await query<UserRow>(
        "read a user by email",
        `SELECT * FROM ${t.users} WHERE ${emailKey("email")} = ${emailKey("$1")}`,
        [email],
      )
      return row ? toUser(row) : null
    },

    async getUserByAccount({ provider, providerAccountId }: AccountKey) {
      const [row] = await query<UserRow>(
        "read a user by account",
        `SELECT u.* FROM ${t.users} u JOIN ${t.accounts} a ON a."userId" = u.id WHERE a.provider = $1 AND a."providerAccountId" = $2`,
        [String(provider), String(providerAccountId)],
      )
      return row ? toUser(row) : null
    },

    async updateUser(user) {
      const id = String(user.id)
      const sets: string[] = []
      const values: unknown[] = [id]
      const set = (column: string, value: unknown) => {
        values.push(value)
        sets.push(`${column} = $${values.length}`)
      }
      if (user.name !== undefined) set("name", user.name)
      if (user.email !== undefined) set("email", user.email)
      if (user.emailVerified !== undefined)
        set(`"emailVerified"`, toDate(user.emailVerified, "emailVerified"))
      if (user.image !== undefined) set("image", user.image)
      const text = sets.length
        ? `UPDATE ${t.users} SET ${sets.join(", ")} WHERE id = $1 RETURNING *`
        : `SELECT * FROM ${t.users} WHERE id = $1`
      const [row] = await query<UserRow>("update a user", text, values, emailTaken(user.email))
      if (!row) {
        throw new AdapterError(
          "DATABASE_ERROR",
          `@auth/adapter-pg: cannot update user ${JSON.stringify(id)}: there is no user with that id. It may have been deleted; create it again or sign in anew.`,
        )
      }
      return toUser(row)
    },

    async deleteUser(userId) {
      // One statement: ON DELETE CASCADE removes the accounts and sessions in the same atomic write.
      await query("delete a user", `DELETE FROM ${t.users} WHERE id = $1`, [String(userId)])
    },

    async linkAccount(input) {
      const account = normalizeAdapterAccount(input)
      const values = [
        account.userId,
        account.provider,
        account.providerAccountId,
        String(account.type),
        ...ACCOUNT_STRING_FIELDS.map((field) => account[field] ?? null),
        account.expires_at ?? null,
        account.extras ? JSON.stringify(account.extras) : null,
      ]
      const [row] = await query<AccountRow>(
        `link a ${account.provider} account`,
        `INSERT INTO ${t.accounts} (${ACCOUNT_COLUMNS}) VALUES (${values.map((_, i) => `$${i + 1}`).join(", ")}) RETURNING *`,
        values,
        (error, code) => {
          if (code === "23505") {
            return new AdapterError(
              "ACCOUNT_ALREADY_LINKED",
              `@auth/adapter-pg: the ${account.provider} account ${JSON.stringify(account.providerAccountId)} is already linked to a user. ` +
                "An account can belong to one user only: unlink it first (unlinkAccount) to move it. Nothing was changed.",
              { cause: error },
            )
          }
          return unknownUser(account.userId, `link a ${account.provider} account`)(error, code)
        },
      )
      return toAccount(row!)
    },

    async unlinkAccount({ provider, providerAccountId }) {
      await query(
        "unlink an account",
        `DELETE FROM ${t.accounts} WHERE provider = $1 AND "providerAccountId" = $2`,
        [String(provider), String(providerAccountId)],
      )
    },

    async getAccountsByUser(userId) {
      const rows = await query<AccountRow>(
        "read a user's accounts",
        `SELECT * FROM ${t.accounts} WHERE "userId" = $1 ORDER BY id`,
        [String(userId)],
      )
      return rows.map(toAccount)
    },

    async getAccount({ provider, providerAccountId }) {
      const [row] = await query<AccountRow>(
        "read an account",
        `SELECT * FROM ${t.accounts} WHERE provider = $1 AND "providerAccountId" = $2`,
        [String(provider), String(providerAccountId)],
      )
      return row ? toAccount(row) : null
    },

    async updateAccount(input, updateOptions = {}) {
      // The contract's rule (undefined keeps, null clears, extras merged as RFC 7396) is core's
      // splitAccountUpdate; the compare-and-swap on refresh_token is the WHERE clause.
      const {
        set: fields,
        clearExtras,
        patch,
      } = splitAccountUpdate(input as Partial<AdapterAccount>)
      const values: unknown[] = [String(input.provider), String(input.providerAccountId)]
      let where = `provider = $1 AND "providerAccountId" = $2`
      if (updateOptions.ifRefreshToken !== undefined) {
        values.push(updateOptions.ifRefreshToken)
        where += ` AND refresh_token IS NOT DISTINCT FROM $${values.length}::text`
      }
      const write = async (
        extras: Record<string, unknown> | null | undefined,
      ): Promise<AdapterAccount | null> => {
        const sets: string[] = []
        const params = [...values]
        const set = (column: string, value: unknown) => {
          params.push(value)
          sets.push(`${column} = $${params.length}`)
        }
        for (const [column, value] of Object.entries(fields)) set(column, value)
        if (extras !== undefined)
          set(
            "extras",
            extras === null || Object.keys(extras).length === 0 ? null : JSON.stringify(extras),
          )
        const text = sets.length
          ? `UPDATE ${t.accounts} SET ${sets.join(", ")} WHERE ${where} RETURNING *`
          : // nothing to change: the condition still decides (a compare-and-swap with no fields is a check)
            `SELECT * FROM ${t.accounts} WHERE ${where}`
        const [row] = await query<AccountRow>(
          `update a ${String(input.provider)} account`,
          text,
          params,
        )
        return row ? toAccount(row) : null
      }
      if (!patch) return write(clearExtras ? null : undefined)
      // A merge patch needs the stored extras: read them under a row lock, in one transaction.
      return adapter.transaction(async () => {
        const [row] = await query<AccountRow>(
          `read a ${String(input.provider)} account`,
          `SELECT * FROM ${t.accounts} WHERE ${where} FOR UPDATE`,
          values,
        )
        if (!row) return null
        const stored = toAccount(row)
        return write(
          applyAccountUpdate(clearExtras ? { ...stored, extras: null } : stored, { extras: patch })
            .extras ?? null,
        )
      })
    },

    async createSession(session) {
      const expires = toDate(session.expires, "expires")
      if (expires === null)
        throw new TypeError("@auth/adapter-pg: createSession needs an expires Date")
      const [row] = await query<SessionRow>(
        "create a session",
        `INSERT INTO ${t.sessions} ("sessionToken", "userId", expires) VALUES ($1, $2, $3) RETURNING *`,
        [String(session.sessionToken), String(session.userId), expires],
        (error, code) =>
          code === "23505"
            ? constraintError(
                "a session with this token already exists. Session tokens must be unique: generate a new random token.",
                error,
              )
            : unknownUser(session.userId, "create a session")(error, code),
      )
      return toSession(row!)
    },

    async getSessionAndUser(sessionToken) {
      const [row] = await query<SessionRow & UserRow & { expired: boolean }>(
        "read a session",
        `SELECT s."sessionToken", s."userId", s.expires, s.expires <= now() AS expired, u.id, u.name, u.email, u."emailVerified", u.image
         FROM ${t.sessions} s JOIN ${t.users} u ON u.id = s."userId" WHERE s."sessionToken" = $1`,
        [String(sessionToken)],
      )
      if (!row) return null
      // The server's clock and ours may differ: a session is expired if either says so.
      if (row.expired || row.expires.getTime() <= Date.now()) {
        // clean-up only: an expired session is not returned either way (read-only or unreachable database)
        await query(
          "delete an expired session",
          `DELETE FROM ${t.sessions} WHERE "sessionToken" = $1 AND expires <= $2`,
          [row.sessionToken, new Date()],
        ).catch(() => {})
        return null
      }
      return { session: toSession(row), user: toUser(row) }
    },

    async updateSession(session) {
      const values: unknown[] = [String(session.sessionToken)]
      const sets: string[] = []
      if (session.expires !== undefined && session.expires !== null) {
        values.push(toDate(session.expires, "expires"))
        sets.push(`expires = $${values.length}`)
      }
      if (session.userId !== undefined && session.userId !== null) {
        values.push(String(session.userId))
        sets.push(`"userId" = $${values.length}`)
      }
      const text = sets.length
        ? `UPDATE ${t.sessions} SET ${sets.join(", ")} WHERE "sessionToken" = $1 RETURNING *`
        : `SELECT * FROM ${t.sessions} WHERE "sessionToken" = $1`
      const [row] = await query<SessionRow>(
        "update a session",
        text,
        values,
        unknownUser(session.userId, "move a session"),
      )
      return row ? toSession(row) : null
    },

    async deleteSession(sessionToken) {
      await query("delete a session", `DELETE FROM ${t.sessions} WHERE "sessionToken" = $1`, [
        String(sessionToken),
      ])
    },

    async useOnce(key, expires) {
      const until = toDate(expires, "expires")
      if (!until)
        throw new TypeError("@auth/adapter-pg: useOnce needs the record's expiry as a Date")
      // Expired records are swept now and then (one indexed range delete), not on every call.
      if (++useCount % 256 === 0)
        await query(
          "sweep expired single-use keys",
          `DELETE FROM ${t.usedKeys} WHERE expires <= now()`,
        )
      // One statement: of concurrent calls with one key (any connection, any instance) one inserts
      // or replaces an expired record and gets a row back; the others get none.
      const rows = await query(
        "record a single-use key",
        `INSERT INTO ${t.usedKeys} AS u (key, expires) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET expires = EXCLUDED.expires WHERE u.expires <= now()
         RETURNING 1`,
        [String(key), until],
      )
      return rows.length === 1
    },

    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      await ensureSchema()
      const outer = context.getStore()
      if (outer?.active) {
        // Nested: a savepoint inside the open transaction, so an inner failure can be caught alone.
        const name = `auth_savepoint_${++outer.savepoints}`
        await query("start a nested transaction", `SAVEPOINT ${name}`)
        try {
          const result = await fn()
          await query("finish a nested transaction", `RELEASE SAVEPOINT ${name}`)
          return result
        } catch (error) {
          await outer.client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {})
          throw error
        }
      }

      let client: pg.PoolClient
      try {
        client = await pool.connect()
      } catch (error) {
        throw toAdapterError(error, { action: "start a transaction", pool: state() })
      }
      let broken = false
      // A checked-out client reports a lost connection as an 'error' event too (the pool only listens
      // while it is idle): unhandled, that would crash the process; the failing query reports it to fn.
      const onError = () => (broken = true)
      client.on("error", onError)
      const own: TransactionContext = { client, active: true, savepoints: 0 }
      try {
        try {
          await client.query("BEGIN")
        } catch (error) {
          broken = true
          throw toAdapterError(error, { action: "start a transaction", pool: state() })
        }
        let result: T
        try {
          result = await context.run(own, fn)
        } catch (error) {
          own.active = false
          await client.query("ROLLBACK").catch(() => (broken = true))
          throw error
        }
        own.active = false
        let committed: pg.QueryResult
        try {
          committed = await client.query("COMMIT")
        } catch (error) {
          broken = true
          throw toAdapterError(error, { action: "commit a transaction", pool: state() })
        }
        // PostgreSQL answers COMMIT of a transaction an error aborted with ROLLBACK, not with an error.
        if (committed.command === "ROLLBACK") {
          throw new AdapterError(
            "DATABASE_ERROR",
            "@auth/adapter-pg: the transaction was rolled back instead of committed: a statement inside it failed and fn caught " +
              "that error and carried on, so none of its writes were kept. Fix: let errors inside transaction() propagate, " +
              "or wrap the statement that may fail in a nested transaction() (a savepoint).",
          )
        }
        return result
      } finally {
        own.active = false
        client.removeListener("error", onError)
        client.release(broken)
      }
    },

    async close() {
      if (owned && !pool.ended) await pool.end()
    },
  }
  // Auth() encrypts the account tokens before they reach the database (core README "Tokens at rest").
  return withTokenEncryption(adapter)
}
