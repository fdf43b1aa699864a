/**
 * Tokens encrypted at rest (https://www.npmjs.com/package/@auth/core#tokens-at-rest): `Auth()` wraps
 * the configured adapter once, so every Account field holding a secret is sealed before it is
 * written and opened after it is read. The adapter itself never sees a live token.
 *
 * - Format: `enc:v1:` + base64url(iv | AES-256-GCM ciphertext | tag) (crypto/seal.ts); the key is
 *   derived once per secret with HKDF (salt "authjs.account-tokens"); the first secret encrypts,
 *   every secret decrypts (rotation). The associated data is (provider, providerAccountId, field).
 * - A stored value without the prefix is plaintext from before encryption: returned as is, and
 *   encrypted the next time that field is written (a refresh, a new sign-in link).
 * - A value that no configured secret opens throws `TOKEN_DECRYPTION_FAILED`, never a crash.
 */
import { AuthError } from "../errors/index.js"
import type { Keyring } from "../crypto/keyring.js"
import { SEALED_PREFIX, seal, unseal } from "../crypto/seal.js"
import { timingSafeEqual } from "../crypto/compare.js"
import type { AccountKey, Adapter, AdapterAccount } from "./types.js"

/** The Account fields that hold secrets. */
export const SECRET_ACCOUNT_FIELDS = ["access_token", "refresh_token", "id_token", "oauth_token", "oauth_token_secret"] as const

const SALT = "authjs.account-tokens"

type Row = Partial<AdapterAccount> & AccountKey

const aad = (key: AccountKey, field: string) => `${key.provider}\u0000${key.providerAccountId}\u0000${field}`

/** Returns `inner` with its account reads and writes going through encryption. */
export function encryptingAdapter(inner: Adapter, keyring: Keyring): Adapter {
  const encrypt = async <T extends Row>(row: T): Promise<T> => {
    const [key] = await keyring.get(SALT)
    const out = { ...row }
    for (const field of SECRET_ACCOUNT_FIELDS) {
      const value = out[field]
      if (typeof value === "string" && value) out[field] = await seal(value, key!, aad(row, field))
    }
    return out
  }
  const open = async (key: AccountKey, field: string, value: string): Promise<string> => {
    if (!value.startsWith(SEALED_PREFIX)) return value
    const plain = await unseal(value, await keyring.get(SALT), aad(key, field))
    if (plain !== null) return plain
    throw new AuthError("AdapterError", {
      code: "TOKEN_DECRYPTION_FAILED",
      providerId: key.provider,
      message: `The stored ${field} of the ${key.provider} account "${key.providerAccountId}" could not be decrypted with any configured secret. Either the secret it was written with was removed from \`secret\`/AUTH_SECRET (keep old secrets after the new one while rotating), or the value was altered or copied from another account. The person must sign in with ${key.provider} again.`,
    })
  }
  const decrypt = async <T extends AdapterAccount | null>(row: T): Promise<T> => {
    if (!row) return row
    const out = { ...row }
    for (const field of SECRET_ACCOUNT_FIELDS) {
      const value = out[field]
      if (typeof value === "string") out[field] = await open(row, field, value)
    }
    return out
  }
  const stored = async (key: AccountKey): Promise<AdapterAccount | null> => {
    if (inner.getAccount) return inner.getAccount(key)
    const user = await inner.getUserByAccount(key)
    const all = user && inner.getAccountsByUser ? await inner.getAccountsByUser(user.id) : []
    return all.find((a) => a.provider === key.provider && a.providerAccountId === key.providerAccountId) ?? null
  }

  const overrides: Partial<Adapter> = {
    linkAccount: async (account) => {
      const linked = await inner.linkAccount(await encrypt(account))
      return linked ? decrypt(linked) : linked
    },
  }
  if (inner.getAccount) overrides.getAccount = async (key) => decrypt(await stored(key))
  if (inner.getAccountsByUser) overrides.getAccountsByUser = async (userId) => Promise.all((await inner.getAccountsByUser!(userId)).map(decrypt))
  if (inner.updateAccount) {
    overrides.updateAccount = async (account, options) => {
      const patch = await encrypt(account)
      if (options?.ifRefreshToken === undefined) return decrypt(await inner.updateAccount!(patch, options))
      // The store compares ciphertexts, and every encryption differs: compare the plaintexts here,
      // then let the store compare-and-swap on the exact ciphertext read (its atomicity stays).
      const row = await stored(account)
      if (!row) return null
      const current = row.refresh_token ?? null
      const expected = options.ifRefreshToken
      const plain = current === null ? null : await open(row, "refresh_token", current)
      if (expected === null ? plain !== null : plain === null || !timingSafeEqual(plain, expected)) return null
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
