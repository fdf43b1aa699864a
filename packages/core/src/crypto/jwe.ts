/**
 * Compact JWE, `alg: "dir"`, `enc: "A256CBC-HS512"` (RFC 7516, RFC 7518 §5.2.5): the format of the
 * session cookie and of every sealed check cookie.
 *
 * Two implementations of one standard format:
 * - a fast path on synchronous `node:crypto` (HMAC-SHA-512 + AES-256-CBC), used where it exists;
 * - the portable path through `jose` (Web Crypto) everywhere else.
 * Tokens from either path open with the other and with `jose` directly (tested).
 */
import { CompactEncrypt, compactDecrypt } from "jose"
import { base64url, decoder, encoder, fromBase64url, randomBytes } from "./encoding.js"
import { nodeCrypto } from "./node.js"

const HEADER = { alg: "dir", enc: "A256CBC-HS512" } as const
const HEADER_B64 = base64url(encoder.encode(JSON.stringify(HEADER)))
/** AAD = ASCII(BASE64URL(header)); AL = its length in bits as a 64-bit big-endian integer. */
const AAD = encoder.encode(HEADER_B64)
const AL = new Uint8Array(8)
new DataView(AL.buffer).setUint32(4, AAD.length * 8)

/** A 64-byte content key: first half for the MAC, second half for AES-256-CBC. */
export type JweKey = Uint8Array

function validHeader(encoded: string): boolean {
  if (encoded === HEADER_B64) return true
  try {
    const header = JSON.parse(decoder.decode(fromBase64url(encoded))) as Record<string, unknown>
    return header.alg === "dir" && header.enc === "A256CBC-HS512" && header.zip === undefined && header.crit === undefined
  } catch {
    return false
  }
}

function nodeEncrypt(plaintext: Uint8Array, key: JweKey): string | undefined {
  const c = nodeCrypto()
  if (!c) return undefined
  const iv = c.randomBytes(16)
  const cipher = c.createCipheriv("aes-256-cbc", key.subarray(32), iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  const tag = c.createHmac("sha512", key.subarray(0, 32)).update(AAD).update(iv).update(ciphertext).update(AL).digest().subarray(0, 32)
  return `${HEADER_B64}..${iv.toString("base64url")}.${ciphertext.toString("base64url")}.${tag.toString("base64url")}`
}

/** Returns the plaintext, or null when the token does not open with this key. */
function nodeDecrypt(token: string, keys: ReadonlyArray<JweKey>): Uint8Array | null | undefined {
  const c = nodeCrypto()
  if (!c) return undefined
  const parts = token.split(".")
  if (parts.length !== 5 || parts[1] !== "") return null
  const [h, , ivB64, ctB64, tagB64] = parts as [string, string, string, string, string]
  if (!validHeader(h)) return null
  const aad = h === HEADER_B64 ? AAD : Buffer.from(h, "ascii")
  let al = AL
  if (aad !== AAD) {
    al = new Uint8Array(8)
    new DataView(al.buffer).setUint32(4, aad.length * 8)
  }
  const iv = Buffer.from(ivB64, "base64url")
  const ciphertext = Buffer.from(ctB64, "base64url")
  const tag = Buffer.from(tagB64, "base64url")
  if (iv.length !== 16 || tag.length !== 32 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) return null
  for (const key of keys) {
    const expected = c.createHmac("sha512", key.subarray(0, 32)).update(aad).update(iv).update(ciphertext).update(al).digest().subarray(0, 32)
    if (!c.timingSafeEqual(expected, tag)) continue
    try {
      const decipher = c.createDecipheriv("aes-256-cbc", key.subarray(32), iv)
      return Buffer.concat([decipher.update(ciphertext), decipher.final()])
    } catch {
      return null
    }
  }
  return null
}

export async function encryptJwe(payload: unknown, key: JweKey, options: { portable?: boolean } = {}): Promise<string> {
  const plaintext = encoder.encode(JSON.stringify(payload))
  if (!options.portable) {
    const fast = nodeEncrypt(plaintext, key)
    if (fast !== undefined) return fast
  }
  return new CompactEncrypt(plaintext).setProtectedHeader(HEADER).encrypt(key)
}

/** Decrypts with the first key that opens the token (secret rotation); null if none does. */
export function decryptJweSync(token: string, keys: ReadonlyArray<JweKey>): unknown | null | undefined {
  const plaintext = nodeDecrypt(token, keys)
  if (plaintext === undefined) return undefined
  if (plaintext === null) return null
  try {
    return JSON.parse(decoder.decode(plaintext))
  } catch {
    return null
  }
}

export async function decryptJwe(token: string, keys: ReadonlyArray<JweKey>, options: { portable?: boolean } = {}): Promise<unknown | null> {
  if (!options.portable) {
    const fast = decryptJweSync(token, keys)
    if (fast !== undefined) return fast
  }
  if (!validHeader(token.slice(0, Math.max(0, token.indexOf("."))))) return null
  for (const key of keys) {
    try {
      const { plaintext } = await compactDecrypt(token, key, {
        keyManagementAlgorithms: ["dir"],
        contentEncryptionAlgorithms: ["A256CBC-HS512"],
      })
      return JSON.parse(decoder.decode(plaintext))
    } catch {
      // try the next (older) key
    }
  }
  return null
}

/** Fresh random IV-sized bytes exposed for tests of the format. */
export const _testing = { HEADER_B64, randomBytes }
