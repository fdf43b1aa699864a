/**
 * The adapter contract: how `@auth/core` stores users, accounts and database sessions.
 * The shape is Auth.js's, so existing knowledge carries over; the guarantees below are ours and are
 * checked for every adapter by `runAdapterConformance` in `@auth/testkit`.
 *
 * Guarantees every adapter must give:
 * - ids are strings chosen by the adapter (`createUser` returns the id);
 * - emails are unique per user and compared case-insensitively with ASCII folding (like SQLite's
 *   `COLLATE NOCASE`: `getUserByEmail("A@x")` finds "a@x"), stored as given;
 * - `getUserByAccount` is keyed by (provider, providerAccountId), which is unique: a second
 *   `linkAccount` for the same pair throws `AdapterError` with code `ACCOUNT_ALREADY_LINKED`
 *   and changes nothing (also when two calls race);
 * - `deleteUser` removes the user's accounts and sessions too;
 * - `getSessionAndUser` never returns an expired session (it may delete it);
 * - unknown ids/tokens give `null` (reads) or are a no-op (deletes), never an exception;
 * - Account fields other than the standard ones go to `extras` (never to a column of their own), so an
 *   unusual token response can never break `linkAccount`;
 * - everything returned is a copy: mutating it changes nothing stored;
 * - `transaction(fn)`: calls made inside `fn` belong to it, other calls wait or are isolated, a
 *   throwing `fn` leaves nothing behind; keep `fn` short.
 */
import type { Account, Awaitable } from "../providers/types.js"

/**
 * A user as stored.
 * @example
 * ```ts
 * const user: AdapterUser = await adapter.createUser({ name: "Ada", email: "ada@example.com", emailVerified: null, image: null })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export interface AdapterUser {
  id: string
  name?: string | null
  email?: string | null
  emailVerified?: Date | null
  image?: string | null
}

/**
 * An Account as stored: the provider's account of a user.
 * @example
 * ```ts
 * const account: AdapterAccount = { userId: user.id, type: "oauth", provider: "github", providerAccountId: "123" }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export interface AdapterAccount extends Account {
  userId: string
  /** Vendor extras of the token response the provider's `account()` chose to keep, as JSON. */
  extras?: Record<string, unknown> | null
}

/**
 * A database session (the `database` strategy).
 * @example
 * ```ts
 * const session = await adapter.getSessionAndUser(sessionToken)
 * ```
 * @see https://www.npmjs.com/package/@auth/core#sessions
 */
export interface AdapterSession {
  sessionToken: string
  userId: string
  expires: Date
}

/**
 * The standard string fields of an Account (besides `expires_at`, a number): the columns adapters store.
 * @example
 * ```ts
 * for (const field of ACCOUNT_STRING_FIELDS) if (typeof row[field] === "number") row[field] = String(row[field])
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export const ACCOUNT_STRING_FIELDS = [
  "access_token",
  "refresh_token",
  "token_type",
  "scope",
  "id_token",
  "session_state",
  "oauth_token",
  "oauth_token_secret",
] as const

/**
 * The key of an account: the provider and the user's id there.
 * @example
 * ```ts
 * await adapter.getUserByAccount({ provider: "github", providerAccountId: "123" })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export interface AccountKey {
  provider: string
  providerAccountId: string
}

/**
 * Options of {@link Adapter.updateAccount}.
 * @example
 * ```ts
 * const updated = await adapter.updateAccount?.({ ...key, access_token, refresh_token }, { ifRefreshToken: oldRefreshToken })
 * if (updated === null) { // another instance refreshed first: read its tokens }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export interface UpdateAccountOptions {
  /** Update only if the stored `refresh_token` is exactly this value (`null`: none stored). */
  ifRefreshToken?: string | null
}

/**
 * The storage of users, accounts and database sessions, for `adapter` in {@link AuthConfig}.
 * @example
 * ```ts
 * import { sqliteAdapter } from "@auth/adapter-sqlite"
 * Auth({ providers, adapter: sqliteAdapter("./data/auth.db") })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export interface Adapter {
  createUser(user: Omit<AdapterUser, "id">): Awaitable<AdapterUser>
  getUser(id: string): Awaitable<AdapterUser | null>
  getUserByEmail(email: string): Awaitable<AdapterUser | null>
  getUserByAccount(key: AccountKey): Awaitable<AdapterUser | null>
  updateUser(user: Partial<AdapterUser> & Pick<AdapterUser, "id">): Awaitable<AdapterUser>
  deleteUser(userId: string): Awaitable<void>
  linkAccount(account: AdapterAccount): Awaitable<AdapterAccount | void>
  unlinkAccount(key: AccountKey): Awaitable<void>
  /** Accounts linked to a user (for "linked accounts" pages). */
  getAccountsByUser?(userId: string): Awaitable<AdapterAccount[]>
  /** Optional: one account by its key, or `null`. Needed by `getAccessToken` and the account API. */
  getAccount?(key: AccountKey): Awaitable<AdapterAccount | null>
  /**
   * Optional: update the stored fields of an existing account (keyed by provider and
   * providerAccountId; `userId` and the key never change). Fields given as `undefined` are left
   * as they are; `null` clears a field. Returns the account as stored after the update, or `null`
   * when no such account exists or the condition fails.
   *
   * Compare-and-swap: with `options.ifRefreshToken` (a string, or `null` for "no refresh token
   * stored"), the update happens only if the stored `refresh_token` equals that value exactly
   * (byte for byte, as read), atomically with respect to every other call and process sharing the
   * store; otherwise nothing changes and `null` is returned. This is how concurrent token refreshes
   * across instances make at most one refresh per rotation.
   */
  updateAccount?(
    account: Partial<AdapterAccount> & AccountKey,
    options?: UpdateAccountOptions,
  ): Awaitable<AdapterAccount | null>
  /**
   * Optional: single use across every process sharing the store. Records `key` until `expires`
   * and returns `true`; while a record of `key` has not expired, returns `false` and changes
   * nothing (an expired record is replaced: the key is new again). Atomic: of concurrent calls with
   * one key, in any process, exactly one gets `true`. Core calls it outside any `transaction`, to
   * let an ID token sign in once on any instance (ID-token sign-in); without it, single use is kept
   * per process.
   */
  useOnce?(key: string, expires: Date): Awaitable<boolean>
  createSession(session: AdapterSession): Awaitable<AdapterSession>
  getSessionAndUser(
    sessionToken: string,
  ): Awaitable<{ session: AdapterSession; user: AdapterUser } | null>
  updateSession(
    session: Partial<AdapterSession> & Pick<AdapterSession, "sessionToken">,
  ): Awaitable<AdapterSession | null>
  deleteSession(sessionToken: string): Awaitable<void>
  /**
   * Optional: run `fn` atomically. When present, core runs the writes of a sign-in (user, account,
   * session) inside it, so a failure leaves nothing behind. Without it core undoes what it wrote.
   */
  transaction?<T>(fn: () => Promise<T>): Promise<T>
  /** Optional: release what the adapter opened itself (a database file). */
  close?(): Awaitable<void>
}

/**
 * The `code` of an {@link AdapterError}; also part of {@link ErrorCode}.
 * @example
 * ```ts
 * if (isAdapterError(e) && e.code === "DATABASE_READ_ONLY") alertOps(e)
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export type AdapterErrorCode =
  | "ACCOUNT_ALREADY_LINKED"
  | "DATABASE_READ_ONLY"
  | "DATABASE_LOCKED"
  | "DATABASE_ERROR"
  | "MIGRATION_FAILED"
  /** The database server cannot be reached (refused, reset, shutting down, unknown host). */
  | "DATABASE_UNAVAILABLE"
  /** A statement ran longer than the database's (or the client's) timeout and was cancelled. */
  | "DATABASE_TIMEOUT"
  /** Every connection of the adapter's pool stayed busy for longer than the pool's wait limit. */
  | "POOL_EXHAUSTED"

/**
 * Recognises an AdapterError by name and code rather than `instanceof`, so an adapter built against
 * the ESM copy of @auth/core is understood by the CJS copy and vice versa.
 * @example
 * ```ts
 * if (isAdapterError(e) && e.code === "DATABASE_LOCKED") retryLater()
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export function isAdapterError(error: unknown): error is AdapterError {
  return (
    error instanceof Error &&
    error.name === "AdapterError" &&
    typeof (error as { code?: unknown }).code === "string"
  )
}

/**
 * Thrown by adapters for conditions core and users must tell apart.
 * @example
 * ```ts
 * throw new AdapterError("DATABASE_LOCKED", "The database is locked by another process.", { cause })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export class AdapterError extends Error {
  override readonly name = "AdapterError"
  readonly code: AdapterErrorCode
  constructor(code: AdapterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}
