/** `sqliteAdapter()`: the adapter contract's methods on top of the statements, row mapping and runner. */
import { randomUUID } from "node:crypto"
import {
  AdapterError,
  withTokenEncryption,
  type AccountKey,
  type Adapter,
} from "@auth/core/adapters"
import {
  connection,
  defaultDriver,
  type BetterSqlite3Database,
  type NodeSqliteDatabase,
  type SqliteDriverName,
} from "./driver.js"
import { constraintError } from "./errors.js"
import { migrate } from "./migrations.js"
import {
  configureConnection,
  DEFAULT_BUSY_TIMEOUT_MS,
  openDatabase,
  retryWhileBusy,
} from "./open.js"
import {
  accountParams,
  accountUpdateParams,
  toAccount,
  toMs,
  toSession,
  toUser,
  type AccountRow,
  type SessionRow,
  type UserRow,
} from "./rows.js"
import { prepareStatements } from "./statements.js"
import { createRunner } from "./transactions.js"

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
export function sqliteAdapter(
  database: string | BetterSqlite3Database | NodeSqliteDatabase,
  options: SqliteAdapterOptions = {},
): Adapter {
  const prefix = options.tablePrefix ?? ""
  if (!/^[A-Za-z0-9_]*$/.test(prefix) || /^[0-9]/.test(prefix)) {
    throw new TypeError(
      `@auth/adapter-sqlite: tablePrefix ${JSON.stringify(prefix)} is not allowed: use letters, digits and "_", not starting with a digit (e.g. "auth_").`,
    )
  }
  const requestedTimeout = options.busyTimeoutMs
  if (
    requestedTimeout !== undefined &&
    !(Number.isInteger(requestedTimeout) && requestedTimeout >= 0)
  ) {
    throw new TypeError(
      `@auth/adapter-sqlite: busyTimeoutMs must be a whole number of milliseconds >= 0, got ${String(requestedTimeout)}.`,
    )
  }
  if (
    options.driver !== undefined &&
    options.driver !== "node:sqlite" &&
    options.driver !== "better-sqlite3"
  ) {
    throw new TypeError(
      `@auth/adapter-sqlite: driver must be "node:sqlite" or "better-sqlite3", got ${JSON.stringify(options.driver)}.`,
    )
  }

  const db =
    typeof database === "string"
      ? openDatabase(
          database,
          options.driver ?? defaultDriver(),
          requestedTimeout ?? DEFAULT_BUSY_TIMEOUT_MS,
        )
      : connection(database)
  const busyTimeoutMs = configureConnection(db, database, requestedTimeout)
  // Migrations re-check the version inside their transaction, so retrying one refused as busy is safe.
  retryWhileBusy(
    () => migrate(db, prefix, busyTimeoutMs),
    requestedTimeout ?? DEFAULT_BUSY_TIMEOUT_MS,
  )

  const sql = prepareStatements(db, prefix)
  const runner = createRunner(db, busyTimeoutMs)
  const run = runner.run
  let useCount = 0

  const emailTaken = (email: unknown) => (error: unknown, code: string) =>
    code === "SQLITE_CONSTRAINT_UNIQUE"
      ? constraintError(
          `a user with the email ${JSON.stringify(email)} already exists (emails are unique, compared case-insensitively). Look the user up with getUserByEmail instead of creating a second one.`,
          error,
        )
      : undefined

  const unknownUser = (userId: unknown, what: string) => (error: unknown, code: string) =>
    code === "SQLITE_CONSTRAINT_FOREIGNKEY"
      ? constraintError(
          `cannot ${what}: there is no user with id ${JSON.stringify(userId)}. Create the user first (createUser) and use the id it returns.`,
          error,
        )
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
      const row = await run(
        "create a user",
        () => sql.insertUser.get(params) as UserRow,
        emailTaken(params.email),
      )
      return toUser(row)
    },

    async getUser(id) {
      const row = await run(
        "read a user",
        () => sql.userById.get(String(id)) as UserRow | undefined,
      )
      return row ? toUser(row) : null
    },

    async getUserByEmail(email) {
      if (typeof email !== "string") return null
      const row = await run(
        "read a user by email",
        () => sql.userByEmail.get(email) as UserRow | undefined,
      )
      return row ? toUser(row) : null
    },

    async getUserByAccount({ provider, providerAccountId }: AccountKey) {
      const row = await run(
        "read a user by account",
        () =>
          sql.userByAccount.get(String(provider), String(providerAccountId)) as UserRow | undefined,
      )
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
      const row = await run(
        "update a user",
        () => sql.updateUser.get(params) as UserRow | undefined,
        emailTaken(params.email),
      )
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
      const row = await run(
        `link a ${params.provider} account`,
        () => sql.insertAccount.get(params) as AccountRow,
        (error, code) => {
          if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
            return new AdapterError(
              "ACCOUNT_ALREADY_LINKED",
              `@auth/adapter-sqlite: the ${params.provider} account ${JSON.stringify(params.provider_account_id)} is already linked to a user. ` +
                "An account can belong to one user only: unlink it first (unlinkAccount) to move it. Nothing was changed.",
              { cause: error },
            )
          }
          return unknownUser(params.user_id, `link a ${params.provider} account`)(error, code)
        },
      )
      return toAccount(row)
    },

    async unlinkAccount({ provider, providerAccountId }) {
      await run("unlink an account", () =>
        sql.deleteAccount.run(String(provider), String(providerAccountId)),
      )
    },

    async getAccountsByUser(userId) {
      const rows = await run(
        "read a user's accounts",
        () => sql.accountsByUser.all(String(userId)) as AccountRow[],
      )
      return rows.map(toAccount)
    },

    async getAccount({ provider, providerAccountId }) {
      const row = await run(
        "read an account",
        () =>
          sql.accountByKey.get(String(provider), String(providerAccountId)) as
            AccountRow | undefined,
      )
      return row ? toAccount(row) : null
    },

    async updateAccount(account, options) {
      const params = accountUpdateParams(account, options?.ifRefreshToken)
      const row = await run(
        `update a ${params.provider} account`,
        () => sql.updateAccount.get(params) as AccountRow | undefined,
      )
      return row ? toAccount(row) : null
    },

    async createSession(session) {
      const expires = toMs(session.expires, "expires")
      if (expires === null)
        throw new TypeError("@auth/adapter-sqlite: createSession needs an expires Date")
      const row = await run(
        "create a session",
        () =>
          sql.insertSession.get(
            String(session.sessionToken),
            String(session.userId),
            expires,
          ) as SessionRow,
        (error, code) =>
          code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE"
            ? constraintError(
                "a session with this token already exists. Session tokens must be unique: generate a new random token.",
                error,
              )
            : unknownUser(session.userId, "create a session")(error, code),
      )
      return toSession(row)
    },

    async getSessionAndUser(sessionToken) {
      const row = await run("read a session", () => {
        const found = sql.sessionAndUser.get(String(sessionToken)) as
          (SessionRow & UserRow) | undefined
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
      const row = await run(
        "update a session",
        () => sql.updateSession.get(params) as SessionRow | undefined,
        unknownUser(params.user_id, "move a session"),
      )
      return row ? toSession(row) : null
    },

    async deleteSession(sessionToken) {
      await run("delete a session", () => sql.deleteSession.run(String(sessionToken)))
    },

    async useOnce(key, expires) {
      const until = toMs(expires, "expires")
      if (until === null)
        throw new TypeError("@auth/adapter-sqlite: useOnce needs the record's expiry as a Date")
      const now = Date.now()
      return run("record a single-use key", () => {
        // Expired records are swept now and then (one indexed range delete), not on every call.
        if (++useCount % 256 === 0) sql.deleteExpiredKeys.run(now)
        return sql.useKey.get({ key: String(key), expires: until, now }) !== undefined
      })
    },

    transaction: runner.transaction,
  }
  // Auth() encrypts the account tokens before they reach the database (core README "Tokens at rest").
  return withTokenEncryption(adapter)
}
