/**
 * Single use of ID tokens (ID-token sign-in): the SHA-256 of each accepted token's signed part
 * (header.payload: a re-encoded signature, e.g. ECDSA's other `s`, is the same token) is kept until
 * the token's `exp`.
 *
 * Where: in the adapter when it has `useOnce` (memoryAdapter, @auth/adapter-sqlite and
 * @auth/adapter-pg do), so a token signs in once across every instance sharing the database; else
 * in a bounded in-process map. With that map and N server instances, a stolen token can be replayed
 * at most once more on each other instance within its lifetime (ID tokens live minutes;
 * `idTokenSignIn.maxAge` bounds it further, and a nonce the app keeps secret makes a stolen token
 * useless). At `REPLAY_STORE_MAX` live entries the oldest is forgotten first.
 */
import type { Adapter } from "../adapters/types.js"
import { base64url, encoder } from "../crypto/encoding.js"

export const REPLAY_STORE_MAX = 50_000

const seen = new Map<string, number>()

/**
 * true the first time a token's signed part is seen (it is then remembered until `exp`, in the
 * adapter's `useOnce` when there is one), false after.
 */
export async function firstUse(
  signedPart: Uint8Array | string,
  exp: number,
  adapter?: Adapter,
): Promise<boolean> {
  const bytes = typeof signedPart === "string" ? encoder.encode(signedPart) : signedPart
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>),
  )
  if (adapter?.useOnce)
    return adapter.useOnce(`id_token:${base64url(digest)}`, new Date(exp * 1000))
  const key = String.fromCharCode(...digest)
  const now = Date.now() / 1000
  if ((seen.get(key) ?? 0) > now) return false
  if (seen.size >= REPLAY_STORE_MAX) {
    for (const [k, until] of seen) if (until <= now) seen.delete(k)
    // Still full of live tokens: forget the earliest remembered first.
    for (const k of seen.keys()) {
      if (seen.size < REPLAY_STORE_MAX) break
      seen.delete(k)
    }
  }
  seen.set(key, exp)
  return true
}
