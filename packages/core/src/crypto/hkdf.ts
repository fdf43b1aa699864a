import { encoder } from "./encoding.js"
import { nodeCrypto } from "./node.js"

/**
 * Derives a 64-byte A256CBC-HS512 key from the secret (HKDF-SHA-256, RFC 5869). The salt is the
 * cookie name, so a session token can never be replayed as a check cookie and vice versa.
 * Called once per (secret, cookie name) at startup, never per request.
 */
export async function deriveKey(secret: string, salt: string): Promise<Uint8Array> {
  const info = `@auth/core encryption key (${salt})`
  const c = nodeCrypto()
  if (c) return new Uint8Array(c.hkdfSync("sha256", secret, salt, info, 64))
  const base = await crypto.subtle.importKey("raw", encoder.encode(secret), "HKDF", false, [
    "deriveBits",
  ])
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode(salt), info: encoder.encode(info) },
    base,
    512,
  )
  return new Uint8Array(bits)
}

/** Derives the key synchronously where `node:crypto` exists (so `Auth()` stays synchronous). */
export function deriveKeySync(secret: string, salt: string): Uint8Array | undefined {
  const c = nodeCrypto()
  if (!c) return undefined
  return new Uint8Array(
    c.hkdfSync("sha256", secret, salt, `@auth/core encryption key (${salt})`, 64),
  )
}
