/**
 * Account tokens at rest: `enc:v1:` + base64url(iv (12) | AES-256-GCM ciphertext | tag (16)).
 * The associated data binds a value to its row and field, so a ciphertext copied to another
 * account or another column does not open. `node:crypto` where it exists, Web Crypto elsewhere;
 * both produce and read the same format.
 */
import { base64url, decoder, encoder, fromBase64url, randomBytes } from "./encoding.js"
import { nodeCrypto } from "./node.js"

/** The prefix of an encrypted value: a value without it is plaintext (a row written before encryption). */
export const SEALED_PREFIX = "enc:v1:"

/** The 32-byte AES key is the first half of a keyring key (salt "authjs.account-tokens"). */
type Key = Uint8Array

export async function seal(plaintext: string, key: Key, aad: string): Promise<string> {
  const iv = randomBytes(12)
  const c = nodeCrypto()
  let out: Uint8Array
  if (c) {
    const cipher = c.createCipheriv("aes-256-gcm", key.subarray(0, 32), iv).setAAD(encoder.encode(aad))
    out = Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()])
  } else {
    const k = await crypto.subtle.importKey("raw", key.slice(0, 32), "AES-GCM", false, ["encrypt"])
    const ct = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv: iv as Uint8Array<ArrayBuffer>, additionalData: encoder.encode(aad) }, k, encoder.encode(plaintext)))
    out = new Uint8Array(12 + ct.length)
    out.set(iv)
    out.set(ct, 12)
  }
  return SEALED_PREFIX + base64url(out)
}

/** The plaintext, or null when no key opens `sealed` (tampered, moved, or a secret no longer configured). */
export async function unseal(sealed: string, keys: ReadonlyArray<Key>, aad: string): Promise<string | null> {
  let bytes: Uint8Array
  try {
    bytes = fromBase64url(sealed.slice(SEALED_PREFIX.length))
  } catch {
    return null
  }
  if (bytes.length < 28) return null
  const iv = bytes.subarray(0, 12)
  const c = nodeCrypto()
  for (const key of keys) {
    try {
      if (c) {
        const d = c.createDecipheriv("aes-256-gcm", key.subarray(0, 32), iv).setAAD(encoder.encode(aad))
        d.setAuthTag(bytes.subarray(bytes.length - 16))
        return Buffer.concat([d.update(bytes.subarray(12, bytes.length - 16)), d.final()]).toString("utf8")
      }
      const k = await crypto.subtle.importKey("raw", key.slice(0, 32), "AES-GCM", false, ["decrypt"])
      const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv: iv as Uint8Array<ArrayBuffer>, additionalData: encoder.encode(aad) }, k, bytes.subarray(12) as Uint8Array<ArrayBuffer>)
      return decoder.decode(pt)
    } catch {
      // not this key: try the next (rotation)
    }
  }
  return null
}
