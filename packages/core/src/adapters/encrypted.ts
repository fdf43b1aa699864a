/**
 * Tokens encrypted at rest (https://www.npmjs.com/package/@auth/core#tokens-at-rest): an adapter
 * marked with `withTokenEncryption` (every adapter we ship is) is wrapped once by `Auth()`, so every
 * Account field holding a secret is encrypted before it is written and decrypted after it is read.
 * The database never sees a live token. It lives here, not in core's main entry, so that apps
 * without an adapter do not ship it (the mark is all core knows: ./token-encryption.ts).
 *
 * - Format: `enc:v1:` + the session cookie's compact JWE (dir, A256CBC-HS512, crypto/jwe.ts) of
 *   `[binding, value]`, binding = provider, providerAccountId and field: a ciphertext copied to
 *   another row or column does not open. Reusing the cookie's JWE keeps core small; the key is
 *   derived once per secret (keyring salt "authjs.account-tokens", never a cookie name), the first
 *   secret encrypts, every secret decrypts (rotation).
 * - A stored value without the prefix is plaintext from before encryption: returned as is, and
 *   encrypted the next time that field is written (a refresh, a new sign-in).
 * - A value that no configured secret opens throws `TOKEN_DECRYPTION_FAILED`, never a crash.
 */
import { AuthError } from "../errors/index.js"
import type { Keyring } from "../crypto/keyring.js"
import { decryptJwe, encryptJwe } from "../crypto/jwe.js"
import { timingSafeEqual } from "../crypto/compare.js"
import type { AccountKey, Adapter, AdapterAccount } from "./types.js"
import { TOKEN_ENCRYPTION, type MarkedAdapter } from "./token-encryption.js"

/**
 * Marks `adapter` so that `Auth()` encrypts the Account's tokens (access, refresh and id token, OAuth 1
 * token and secret) with the app secret before the adapter stores them, and decrypts them on read.
 * `memoryAdapter`, `@auth/adapter-sqlite` and `@auth/adapter-pg` return marked adapters; call it in
 * your own adapter's factory (or around an adapter you did not write). `Auth({ adapterEncryption: false })`
 * turns it off. Returns the same object.
 * @example
 * ```ts
 * import { withTokenEncryption, type Adapter } from "@auth/core/adapters"
 * export function myAdapter(db: Db): Adapter {
 *   return withTokenEncryption({ createUser: ..., linkAccount: ..., ... })
 * }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#tokens-at-rest
 */
export function withTokenEncryption<T extends Adapter>(adapter: T): T {
  // Enumerable and `this`-based: `{ ...adapter, getUser }` keeps the mark and wraps the copy.
  ;(adapter as MarkedAdapter)[TOKEN_ENCRYPTION] = function (this: Adapter, keyring: Keyring) {
    return encryptingAdapter(this, keyring)
  }
  return adapter
}

/** The Account fields that hold secrets. */
export const SECRET_ACCOUNT_FIELDS = [
  "access_token",
  "refresh_token",
  "id_token",
  "oauth_token",
  "oauth_token_secret",
] as const

const PREFIX = "enc:v1:"
const SALT = "authjs.account-tokens"

type Account = Partial<AdapterAccount> & AccountKey
type Row = Account | null | void
type Field = (typeof SECRET_ACCOUNT_FIELDS)[number]

/** Returns `inner` with its account reads and writes going through encryption (the body of the mark). */
export function encryptingAdapter(inner: Adapter, keyring: Keyring): Adapter {
  /** A copy of `row` with `f` applied to each non-empty secret field. */
  const each = async <T extends Row>(
    row: T,
    f: (value: string, binding: string, field: Field) => Promise<string>,
  ): Promise<T> => {
    if (!row) return row
    const out: Account = { ...row }
    for (const field of SECRET_ACCOUNT_FIELDS) {
      const value = out[field]
      if (typeof value === "string" && value)
        out[field] = await f(value, `${out.provider}\0${out.providerAccountId}\0${field}`, field)
    }
    return out as T
  }
  const encrypt = <T extends Row>(row: T) =>
    each(
      row,
      async (value, binding) =>
        PREFIX + (await encryptJwe([binding, value], (await keyring.get(SALT))[0]!)),
    )
  const decrypt = <T extends Row>(row: T) =>
    each(row, async (value, binding, field) => {
      const { provider, providerAccountId } = row as Account
      if (!value.startsWith(PREFIX)) return value
      const opened = await decryptJwe(value.slice(PREFIX.length), await keyring.get(SALT))
      if (Array.isArray(opened) && opened[0] === binding && typeof opened[1] === "string")
        return opened[1]
      throw new AuthError("AdapterError", {
        code: "TOKEN_DECRYPTION_FAILED",
        providerId: provider,
        message: `The stored ${field} of the ${provider} account "${providerAccountId}" opens with no configured secret: the secret that wrote it was removed (keep old secrets after the new one while rotating), or the value was altered or moved. Sign in with ${provider} again.`,
      })
    })

  const overrides: Partial<Adapter> = {
    linkAccount: async (account) => decrypt(await inner.linkAccount(await encrypt(account))),
  }
  if (inner.getAccount) overrides.getAccount = async (key) => decrypt(await inner.getAccount!(key))
  if (inner.getAccountsByUser)
    overrides.getAccountsByUser = async (userId) =>
      Promise.all((await inner.getAccountsByUser!(userId)).map(decrypt))
  if (inner.updateAccount) {
    overrides.updateAccount = async (account, options) => {
      const patch = await encrypt(account)
      const expected = options?.ifRefreshToken
      if (expected === undefined) return decrypt(await inner.updateAccount!(patch, options))
      // The store compares ciphertexts, and every encryption differs: compare the plaintexts here,
      // then let the store compare-and-swap on the exact ciphertext read (its atomicity stays).
      const row = await inner.getAccount?.(account)
      if (!row) return null
      const current = row.refresh_token ?? null
      const plain = current && (await decrypt({ ...account, refresh_token: current })).refresh_token
      if (expected === null ? current !== null : !plain || !timingSafeEqual(plain, expected))
        return null
      return decrypt(await inner.updateAccount!(patch, { ...options, ifRefreshToken: current }))
    }
  }
  // Every other method is the inner adapter's own, bound to it (class-based adapters keep `this`).
  return new Proxy(inner, {
    get(target, property, receiver) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof Adapter]
      const value = Reflect.get(target, property, receiver) as unknown
      return typeof value === "function" ? value.bind(target) : value
    },
  })
}
