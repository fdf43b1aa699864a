/**
 * OAuth 1.0 request signing (RFC 5849 §3.4), on Web Crypto so it runs wherever core runs.
 * Each step is its own function so tests can check it against the RFC's worked example.
 */
import { base64url, encoder, randomToken } from "../crypto/encoding.js"

export type SignatureMethod = "HMAC-SHA1" | "PLAINTEXT"

/** §3.6: percent-encode everything but ALPHA / DIGIT / "-" / "." / "_" / "~", UTF-8 first. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

/** §3.4.1.2: scheme and host lower-case, default ports dropped, no query or fragment. */
export function baseStringUri(url: URL): string {
  const defaultPort =
    (url.protocol === "http:" && url.port === "80") ||
    (url.protocol === "https:" && url.port === "443")
  const port = url.port && !defaultPort ? `:${url.port}` : ""
  return `${url.protocol.toLowerCase()}//${url.hostname.toLowerCase()}${port}${url.pathname}`
}

/** §3.4.1.3.2: encode names and values, sort by name then value, join with "=" and "&". */
export function normalizeParameters(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&")
}

/** §3.4.1: METHOD & encoded base URI & encoded normalized parameters. */
export function signatureBaseString(
  method: string,
  url: URL,
  params: ReadonlyArray<readonly [string, string]>,
): string {
  return `${method.toUpperCase()}&${percentEncode(baseStringUri(url))}&${percentEncode(normalizeParameters(params))}`
}

export function signingKey(consumerSecret: string, tokenSecret: string | undefined): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret ?? "")}`
}

/** §3.4.2 HMAC-SHA1, base64 (standard alphabet, padded). */
export async function hmacSha1(key: string, text: string): Promise<string> {
  const k = await crypto.subtle.importKey(
    "raw",
    encoder.encode(key),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  )
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", k, encoder.encode(text)))
  const b64 = base64url(mac).replace(/-/g, "+").replace(/_/g, "/")
  return b64 + "=".repeat((4 - (b64.length % 4)) % 4)
}

export interface SignInput {
  method: string
  url: string
  /** application/x-www-form-urlencoded body parameters (they are signed too). */
  body?: Record<string, string>
  consumerKey: string
  consumerSecret: string
  token?: string
  tokenSecret?: string
  /** Extra protocol parameters (oauth_callback, oauth_verifier). */
  oauth?: Record<string, string>
  signatureMethod?: SignatureMethod
  /** Fixed values for tests; random / now otherwise. */
  nonce?: string
  timestamp?: number
}

/** All oauth_* parameters of a request, signature included. */
export async function signRequest(input: SignInput): Promise<Record<string, string>> {
  const method = input.signatureMethod ?? "HMAC-SHA1"
  const oauth: Record<string, string> = {
    oauth_consumer_key: input.consumerKey,
    oauth_nonce: input.nonce ?? randomToken(),
    oauth_signature_method: method,
    oauth_timestamp: String(input.timestamp ?? Math.floor(Date.now() / 1000)),
    oauth_version: "1.0",
    ...input.oauth,
  }
  if (input.token) oauth.oauth_token = input.token
  const key = signingKey(input.consumerSecret, input.tokenSecret)
  if (method === "PLAINTEXT") return { ...oauth, oauth_signature: key }
  const url = new URL(input.url)
  const params: Array<[string, string]> = [
    ...url.searchParams,
    ...Object.entries(input.body ?? {}),
    ...Object.entries(oauth),
  ]
  return {
    ...oauth,
    oauth_signature: await hmacSha1(key, signatureBaseString(input.method, url, params)),
  }
}

/** §3.5.1: the Authorization header. */
export function authorizationHeader(oauth: Record<string, string>): string {
  return `OAuth ${Object.entries(oauth)
    .map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`)
    .join(", ")}`
}
