/**
 * Compact JWE, `alg: "dir"`, `enc: "A256CBC-HS512"` (RFC 7516, RFC 7518 §5.2.5): the format of the
 * session cookie and of every sealed check cookie.
 *
 * Two implementations of one standard format (RFC 7518 §5.2: MAC = first 32 bytes of
 * HMAC-SHA-512(MAC key, AAD || IV || ciphertext || AL), then AES-256-CBC with PKCS#7 padding):
 * - a fast path on synchronous `node:crypto`, used where it exists;
 * - a portable path on Web Crypto everywhere else.
 * No JOSE library is loaded for the one format core needs (it would double core's size and import
 * time); tokens from either path open with the other and with `jose` directly (tested both ways).
 */
import {
  base64url,
  decoder,
  encoder,
  fromBase64url,
  isCanonicalBase64url,
  randomBytes,
} from "./encoding.js"
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
  if (!isCanonicalBase64url(encoded)) return false
  try {
    const header = JSON.parse(decoder.decode(fromBase64url(encoded))) as Record<string, unknown>
    return (
      header.alg === "dir" &&
      header.enc === "A256CBC-HS512" &&
      header.zip === undefined &&
      header.crit === undefined
    )
  } catch {
    return false
  }
}

function nodeEncrypt(plaintext: Uint8Array, key: JweKey): string | undefined {
  const c = nodeCrypto()
  if (!c) return undefined
  const iv = Buffer.from(randomBytes(16))
  const cipher = c.createCipheriv("aes-256-cbc", key.subarray(32), iv)
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  const tag = c
    .createHmac("sha512", key.subarray(0, 32))
    .update(AAD)
    .update(iv)
    .update(ciphertext)
    .update(AL)
    .digest()
    .subarray(0, 32)
  return `${HEADER_B64}..${iv.toString("base64url")}.${ciphertext.toString("base64url")}.${tag.toString("base64url")}`
}

type CompactParts = [header: string, iv: string, ciphertext: string, tag: string]

/**
 * The five segments of a compact `dir` JWE (empty encrypted key), each in canonical base64url; null
 * for anything else. Both decrypt paths start here, so they accept exactly the same strings: a token
 * with padding, whitespace, stray characters or spare bits set is not "the same token" but no token
 * (one session, one spelling, one cache entry).
 */
function splitCompact(token: string): CompactParts | null {
  const parts = token.split(".")
  if (parts.length !== 5 || parts[1] !== "") return null
  const [h, , iv, ct, tag] = parts as [string, string, string, string, string]
  if (!isCanonicalBase64url(iv) || !isCanonicalBase64url(ct) || !isCanonicalBase64url(tag))
    return null
  if (!validHeader(h)) return null
  return [h, iv, ct, tag]
}

/** Returns the plaintext, or null when the token does not open with this key. */
function nodeDecrypt(token: string, keys: ReadonlyArray<JweKey>): Uint8Array | null | undefined {
  const c = nodeCrypto()
  if (!c) return undefined
  const parts = splitCompact(token)
  if (!parts) return null
  const [h, ivB64, ctB64, tagB64] = parts
  const aad = h === HEADER_B64 ? AAD : Buffer.from(h, "ascii")
  let al = AL
  if (aad !== AAD) {
    al = new Uint8Array(8)
    new DataView(al.buffer).setUint32(4, aad.length * 8)
  }
  const iv = Buffer.from(ivB64, "base64url")
  const ciphertext = Buffer.from(ctB64, "base64url")
  const tag = Buffer.from(tagB64, "base64url")
  if (
    iv.length !== 16 ||
    tag.length !== 32 ||
    ciphertext.length === 0 ||
    ciphertext.length % 16 !== 0
  )
    return null
  for (const key of keys) {
    const expected = c
      .createHmac("sha512", key.subarray(0, 32))
      .update(aad)
      .update(iv)
      .update(ciphertext)
      .update(al)
      .digest()
      .subarray(0, 32)
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

type WebKeys = { mac: CryptoKey; enc: CryptoKey }
const webKeys = new WeakMap<JweKey, Promise<WebKeys>>()

/** Imports (once per key) the two halves as Web Crypto keys. */
function importWebKeys(key: JweKey): Promise<WebKeys> {
  let keys = webKeys.get(key)
  if (!keys) {
    const raw = key as Uint8Array<ArrayBuffer>
    keys = Promise.all([
      crypto.subtle.importKey("raw", raw.slice(0, 32), { name: "HMAC", hash: "SHA-512" }, false, [
        "sign",
      ]),
      crypto.subtle.importKey("raw", raw.slice(32), { name: "AES-CBC" }, false, [
        "encrypt",
        "decrypt",
      ]),
    ]).then(([mac, enc]) => ({ mac, enc }))
    webKeys.set(key, keys)
  }
  return keys
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

async function webTag(
  mac: CryptoKey,
  aad: Uint8Array,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  al: Uint8Array,
): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.sign("HMAC", mac, concat(aad, iv, ciphertext, al)),
  ).subarray(0, 32)
}

async function webEncrypt(plaintext: Uint8Array, key: JweKey): Promise<string> {
  const { mac, enc } = await importWebKeys(key)
  const iv = randomBytes(16) as Uint8Array<ArrayBuffer>
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-CBC", iv }, enc, plaintext as Uint8Array<ArrayBuffer>),
  )
  const tag = await webTag(mac, AAD, iv, ciphertext, AL)
  return `${HEADER_B64}..${base64url(iv)}.${base64url(ciphertext)}.${base64url(tag)}`
}

async function webDecrypt(token: string, keys: ReadonlyArray<JweKey>): Promise<Uint8Array | null> {
  const parts = splitCompact(token)
  if (!parts) return null
  const [h, ivB64, ctB64, tagB64] = parts
  let iv: Uint8Array<ArrayBuffer>, ciphertext: Uint8Array<ArrayBuffer>, tag: Uint8Array
  try {
    iv = fromBase64url(ivB64) as Uint8Array<ArrayBuffer>
    ciphertext = fromBase64url(ctB64) as Uint8Array<ArrayBuffer>
    tag = fromBase64url(tagB64)
  } catch {
    return null
  }
  if (
    iv.length !== 16 ||
    tag.length !== 32 ||
    ciphertext.length === 0 ||
    ciphertext.length % 16 !== 0
  )
    return null
  const aad = encoder.encode(h)
  const al = new Uint8Array(8)
  new DataView(al.buffer).setUint32(4, aad.length * 8)
  for (const key of keys) {
    const { mac, enc } = await importWebKeys(key)
    const expected = await webTag(mac, aad, iv, ciphertext, al)
    let diff = 0
    for (let i = 0; i < 32; i++) diff |= expected[i]! ^ tag[i]!
    if (diff !== 0) continue
    try {
      return new Uint8Array(await crypto.subtle.decrypt({ name: "AES-CBC", iv }, enc, ciphertext))
    } catch {
      return null
    }
  }
  return null
}

function parse(plaintext: Uint8Array | null): unknown | null {
  if (!plaintext) return null
  try {
    return JSON.parse(decoder.decode(plaintext))
  } catch {
    return null
  }
}

export async function encryptJwe(
  payload: unknown,
  key: JweKey,
  options: { portable?: boolean } = {},
): Promise<string> {
  const plaintext = encoder.encode(JSON.stringify(payload))
  if (!options.portable) {
    const fast = nodeEncrypt(plaintext, key)
    if (fast !== undefined) return fast
  }
  return webEncrypt(plaintext, key)
}

/** Decrypts with the first key that opens the token (secret rotation); null if none does. */
export function decryptJweSync(
  token: string,
  keys: ReadonlyArray<JweKey>,
): unknown | null | undefined {
  const plaintext = nodeDecrypt(token, keys)
  if (plaintext === undefined) return undefined
  return parse(plaintext)
}

export async function decryptJwe(
  token: string,
  keys: ReadonlyArray<JweKey>,
  options: { portable?: boolean } = {},
): Promise<unknown | null> {
  if (!options.portable) {
    const fast = decryptJweSync(token, keys)
    if (fast !== undefined) return fast
  }
  return parse(await webDecrypt(token, keys))
}
