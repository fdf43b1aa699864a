/**
 * `memoryAdapter()`: an in-memory `Adapter` for tests, examples and quick starts. Nothing survives
 * a restart, nothing is shared between processes. It gives every guarantee of the contract
 * (see `./types.ts`) and behaves like the SQL adapters where the contract is silent:
 * - emails are unique and compared with ASCII case folding (like SQLite's `COLLATE NOCASE`):
 *   Unicode folding would let e.g. "\u212Aim@x" (Kelvin sign) match "kim@x";
 * - `extras` are stored as JSON (values JSON cannot hold are dropped, as a database would);
 * - a standard Account field of the wrong type (e.g. `scope` as an array) is kept in `extras`;
 * - linking an account or creating a session for an unknown user, a second user with the same
 *   email, or updating an unknown user rejects with `AdapterError("DATABASE_ERROR")`;
 * - everything returned is a copy: mutating it changes nothing stored.
 *
 * `transaction(fn)` snapshots the maps and restores them if `fn` throws. Transactions run one at a
 * time, and on runtimes with `AsyncLocalStorage` (Node, Deno, Bun), calls from outside an open
 * transaction wait until it ends, so a rollback can never undo someone else's write. Without
 * `AsyncLocalStorage`, transactions are not isolated from concurrent calls: don't share the adapter
 * between concurrent sign-ins there.
 */
import { withTokenEncryption } from "./encrypted.js"
import { applyAccountUpdate, normalizeAdapterAccount } from "./account.js"
import {
  AdapterError,
  type AccountKey,
  type Adapter,
  type AdapterAccount,
  type AdapterSession,
  type AdapterUser,
} from "./types.js"

type StoredUser = Required<AdapterUser>
type Store = { active: boolean }
interface AsyncContext {
  getStore(): Store | undefined
  run<R>(store: Store, fn: () => R): R
}

/** ASCII-only case folding, the same as SQLite's NOCASE. */
function foldEmail(email: string): string {
  return email.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

function accountKey(provider: string, providerAccountId: string): string {
  return JSON.stringify([String(provider), String(providerAccountId)])
}

function toDate(value: unknown, field: string): Date | null {
  if (value === null || value === undefined) return null
  const date =
    value instanceof Date ? new Date(value.getTime()) : new Date(value as string | number)
  if (Number.isNaN(date.getTime()))
    throw new TypeError(`memoryAdapter: ${field} must be a valid Date, got ${String(value)}`)
  return date
}

function copyUser(user: StoredUser): AdapterUser {
  return {
    ...user,
    emailVerified: user.emailVerified ? new Date(user.emailVerified.getTime()) : null,
  }
}

function copyAccount(account: AdapterAccount): AdapterAccount {
  const copy = { ...account }
  if (account.extras) copy.extras = structuredClone(account.extras)
  return copy
}

function copySession(session: AdapterSession): AdapterSession {
  return { ...session, expires: new Date(session.expires.getTime()) }
}

function getAsyncContext(): AsyncContext | undefined {
  // No static import of node:async_hooks: @auth/core must load on runtimes without it.
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  try {
    const mod = proc?.getBuiltinModule?.("node:async_hooks") as
      { AsyncLocalStorage?: new () => AsyncContext } | undefined
    return mod?.AsyncLocalStorage ? new mod.AsyncLocalStorage() : undefined
  } catch {
    return undefined
  }
}

/**
 * An in-memory adapter: for tests and quick starts, never for production.
 * @example
 * ```ts
 * Auth({ providers, adapter: memoryAdapter(), session: { strategy: "database" } }) // tests only
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export function memoryAdapter(): Adapter {
  let users = new Map<string, StoredUser>()
  let accounts = new Map<string, AdapterAccount>()
  let sessions = new Map<string, AdapterSession>()
  /** useOnce records: key -> expiry (ms). Core never calls useOnce inside a transaction. */
  const used = new Map<string, number>()
  let usedAfterPrune = 0

  const context = getAsyncContext()
  let openTransaction: Promise<void> | null = null

  /** Waits while a transaction this call is not part of is open (only with AsyncLocalStorage). */
  async function gate(): Promise<void> {
    if (!context) return
    if (context.getStore()?.active) return
    while (openTransaction) await openTransaction
  }

  function findUserIdByEmail(email: string): string | undefined {
    const folded = foldEmail(email)
    for (const user of users.values())
      if (user.email !== null && foldEmail(user.email) === folded) return user.id
    return undefined
  }

  function assertEmailFree(email: string | null, exceptId?: string): void {
    if (email === null) return
    const owner = findUserIdByEmail(email)
    if (owner !== undefined && owner !== exceptId) {
      throw new AdapterError(
        "DATABASE_ERROR",
        `memoryAdapter: a user with the email "${email}" already exists (emails are unique, compared case-insensitively). Look the user up with getUserByEmail instead of creating a second one.`,
      )
    }
  }

  function assertUserExists(userId: string, what: string): void {
    if (!users.has(userId)) {
      throw new AdapterError(
        "DATABASE_ERROR",
        `memoryAdapter: cannot ${what}: there is no user with id "${userId}". Create the user first (createUser) and use the id it returns.`,
      )
    }
  }

  function snapshot() {
    const copyMap = <V>(map: Map<string, V>, copy: (v: V) => V) =>
      new Map([...map].map(([k, v]) => [k, copy(v)]))
    return {
      users: copyMap(users, (u) => copyUser(u) as StoredUser),
      accounts: copyMap(accounts, copyAccount),
      sessions: copyMap(sessions, copySession),
    }
  }

  function liveSession(sessionToken: string): AdapterSession | null {
    const session = sessions.get(sessionToken)
    if (!session) return null
    if (session.expires.getTime() <= Date.now()) {
      sessions.delete(sessionToken)
      return null
    }
    return session
  }

  const adapter: Adapter = {
    async createUser(input) {
      await gate()
      const email = input.email ?? null
      assertEmailFree(email)
      const user: StoredUser = {
        id: crypto.randomUUID(),
        name: input.name ?? null,
        email,
        emailVerified: toDate(input.emailVerified, "emailVerified"),
        image: input.image ?? null,
      }
      users.set(user.id, user)
      return copyUser(user)
    },

    async getUser(id) {
      await gate()
      const user = users.get(id)
      return user ? copyUser(user) : null
    },

    async getUserByEmail(email) {
      await gate()
      if (typeof email !== "string") return null
      const id = findUserIdByEmail(email)
      const user = id === undefined ? undefined : users.get(id)
      return user ? copyUser(user) : null
    },

    async getUserByAccount({ provider, providerAccountId }: AccountKey) {
      await gate()
      const account = accounts.get(accountKey(provider, providerAccountId))
      const user = account ? users.get(account.userId) : undefined
      return user ? copyUser(user) : null
    },

    async updateUser(input) {
      await gate()
      const current = users.get(input.id)
      if (!current) {
        throw new AdapterError(
          "DATABASE_ERROR",
          `memoryAdapter: cannot update user "${input.id}": there is no user with that id. It may have been deleted; create it again or sign in anew.`,
        )
      }
      const next: StoredUser = { ...current }
      if (input.name !== undefined) next.name = input.name
      if (input.email !== undefined) next.email = input.email
      if (input.image !== undefined) next.image = input.image
      if (input.emailVerified !== undefined)
        next.emailVerified = toDate(input.emailVerified, "emailVerified")
      assertEmailFree(next.email, next.id)
      users.set(next.id, next)
      return copyUser(next)
    },

    async deleteUser(userId) {
      await gate()
      if (!users.delete(userId)) return
      for (const [key, account] of accounts) if (account.userId === userId) accounts.delete(key)
      for (const [token, session] of sessions) if (session.userId === userId) sessions.delete(token)
    },

    async linkAccount(input) {
      await gate()
      const account = normalizeAdapterAccount(input)
      const key = accountKey(account.provider, account.providerAccountId)
      const existing = accounts.get(key)
      if (existing) {
        throw new AdapterError(
          "ACCOUNT_ALREADY_LINKED",
          `memoryAdapter: the ${account.provider} account "${account.providerAccountId}" is already linked to a user${existing.userId === account.userId ? " (the same one)" : " (another one)"}. An account can belong to one user only: unlink it first (unlinkAccount) to move it.`,
        )
      }
      assertUserExists(account.userId, `link a ${account.provider} account`)
      accounts.set(key, account)
      return copyAccount(account)
    },

    async unlinkAccount({ provider, providerAccountId }) {
      await gate()
      accounts.delete(accountKey(provider, providerAccountId))
    },

    async getAccountsByUser(userId) {
      await gate()
      return [...accounts.values()].filter((a) => a.userId === userId).map(copyAccount)
    },

    async getAccount({ provider, providerAccountId }) {
      await gate()
      const account = accounts.get(accountKey(provider, providerAccountId))
      return account ? copyAccount(account) : null
    },

    async updateAccount(input, options) {
      await gate()
      // One synchronous read-compare-write: no other call can run in between.
      const key = accountKey(input.provider, input.providerAccountId)
      const stored = accounts.get(key)
      if (!stored) return null
      if (
        options &&
        options.ifRefreshToken !== undefined &&
        (stored.refresh_token ?? null) !== options.ifRefreshToken
      )
        return null
      const next = applyAccountUpdate(stored, input)
      accounts.set(key, next)
      return copyAccount(next)
    },

    async createSession(input) {
      await gate()
      const expires = toDate(input.expires, "expires")
      if (!expires) throw new TypeError("memoryAdapter: createSession needs an expires Date")
      const session: AdapterSession = {
        sessionToken: String(input.sessionToken),
        userId: String(input.userId),
        expires,
      }
      assertUserExists(session.userId, "create a session")
      if (sessions.has(session.sessionToken)) {
        throw new AdapterError(
          "DATABASE_ERROR",
          "memoryAdapter: a session with this token already exists. Session tokens must be unique: generate a new random token.",
        )
      }
      sessions.set(session.sessionToken, session)
      return copySession(session)
    },

    async getSessionAndUser(sessionToken) {
      await gate()
      const session = liveSession(sessionToken)
      const user = session ? users.get(session.userId) : undefined
      if (!session || !user) return null
      return { session: copySession(session), user: copyUser(user) }
    },

    async updateSession(input) {
      await gate()
      const current = sessions.get(input.sessionToken)
      if (!current) return null
      const next: AdapterSession = { ...current }
      if (input.expires !== undefined)
        next.expires = toDate(input.expires, "expires") ?? current.expires
      if (input.userId !== undefined) {
        assertUserExists(input.userId, "move a session")
        next.userId = input.userId
      }
      sessions.set(next.sessionToken, next)
      return copySession(next)
    },

    async deleteSession(sessionToken) {
      await gate()
      sessions.delete(sessionToken)
    },

    async useOnce(key, expires) {
      const until = toDate(expires, "expires")?.getTime()
      if (until === undefined)
        throw new TypeError("memoryAdapter: useOnce needs the record's expiry as a Date")
      const now = Date.now()
      if ((used.get(key) ?? 0) > now) return false
      // Expired records go each time the map has doubled since the last sweep (amortised O(1)).
      if (used.size >= Math.max(1024, 2 * usedAfterPrune)) {
        for (const [k, t] of used) if (t <= now) used.delete(k)
        usedAfterPrune = used.size
      }
      used.set(key, until)
      return true
    },

    async transaction<T>(fn: () => Promise<T>): Promise<T> {
      const store = context?.getStore()
      const nested = store?.active === true
      if (context && !nested) {
        while (openTransaction) await openTransaction
      }
      let release: () => void = () => {}
      if (context && !nested) openTransaction = new Promise<void>((resolve) => (release = resolve))
      const saved = snapshot()
      const own: Store = { active: true }
      try {
        return await (context && !nested ? context.run(own, fn) : fn())
      } catch (error) {
        users = saved.users
        accounts = saved.accounts
        sessions = saved.sessions
        throw error
      } finally {
        if (context && !nested) {
          own.active = false
          openTransaction = null
          release()
        }
      }
    },
  }
  return withTokenEncryption(adapter)
}
