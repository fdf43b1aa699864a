/**
 * Single use of ID tokens (ID-token sign-in): the SHA-256 of each accepted token's signed part
 * (header.payload: a re-encoded signature, e.g. ECDSA's other `s`, is the same token) is kept until
 * the token's `exp`, in a bounded in-process map.
 *
 * Limits, by design: the memory is per process, so with N server instances a stolen token can be
 * replayed at most once more on each other instance within its lifetime (ID tokens live minutes;
 * `idTokenSignIn.maxAge` bounds it further, and a nonce the app keeps secret makes a stolen token
 * useless). At `REPLAY_STORE_MAX` live entries the oldest is forgotten first.
 */
import { encoder } from "../crypto/encoding.js"

export const REPLAY_STORE_MAX = 50_000

const seen = new Map<string, number>()

/** true the first time a token's signed part is seen (it is then remembered until `exp`), false after. */
export async function firstUse(signedPart: Uint8Array | string, exp: number): Promise<boolean> {
  const bytes = typeof signedPart === "string" ? encoder.encode(signedPart) : signedPart
  const key = String.fromCharCode(
    ...new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>)),
  )
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
