/** base64url and UTF-8 helpers that run on every web-standard runtime. */

export const encoder = new TextEncoder()
export const decoder = new TextDecoder()

export function base64url(bytes: Uint8Array): string {
  let binary = ""
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")
}

/** Value of each base64url character (A-Z a-z 0-9 - _), -1 for anything else. */
const B64URL_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < 64; i++) {
  B64URL_VALUE["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".charCodeAt(i)] = i
}

/**
 * True when `text` is the one canonical unpadded base64url encoding of some bytes (RFC 7515 §2,
 * RFC 4648 §3.5): only the 64 characters, no padding or whitespace, a length that is not 1 mod 4,
 * and zero bits in the unused low bits of the last character. Decoders are lenient (Node's skips
 * what it does not know, atob drops whitespace and spare bits), so without this several strings
 * would decode to the same bytes: one token must have exactly one spelling.
 */
export function isCanonicalBase64url(text: string): boolean {
  const length = text.length
  if (length % 4 === 1) return false
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 128 || B64URL_VALUE[code]! < 0) return false
  }
  if (length === 0) return true
  const last = B64URL_VALUE[text.charCodeAt(length - 1)]!
  const spare = length % 4 === 2 ? 0b1111 : length % 4 === 3 ? 0b11 : 0
  return (last & spare) === 0
}

export function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/")
  const binary = atob(b64 + "===".slice((b64.length + 3) % 4))
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/**
 * Random bytes from a pool refilled 4 KB at a time: one CSPRNG call serves ~128 tokens instead of
 * one call each (a sign-in draws about ten). Bytes handed out are never handed out again.
 */
const POOL_SIZE = 4096
let pool = new Uint8Array(0)
let offset = 0

export function randomBytes(length: number): Uint8Array {
  if (length > POOL_SIZE) return crypto.getRandomValues(new Uint8Array(length))
  if (offset + length > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_SIZE))
    offset = 0
  }
  const out = pool.slice(offset, offset + length)
  offset += length
  return out
}

const NodeBuffer = (
  globalThis as {
    Buffer?: { from(bytes: Uint8Array): { toString(encoding: "base64url"): string } }
  }
).Buffer

/** 32 random bytes, base64url: state values, CSRF and session tokens. */
export function randomToken(): string {
  const bytes = randomBytes(32)
  return NodeBuffer ? NodeBuffer.from(bytes).toString("base64url") : base64url(bytes)
}
