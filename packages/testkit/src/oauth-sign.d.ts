// Minimal ambient typing for `oauth-sign` 0.9.0 (it ships no types and there is no @types package).
// Only the functions used by `oauth1-server.ts`. Parameter values may be strings or arrays of strings
// (a name that occurs several times); oauth-sign encodes and sorts them per RFC 5849 §3.4.1.3.2.
declare module "oauth-sign" {
  export type OAuthSignParams = Record<string, string | string[]>

  /** RFC 5849 §3.4.1 signature base string: `METHOD&encoded(base URI)&encoded(normalized parameters)`. */
  export function generateBase(
    httpMethod: string,
    base_uri: string,
    params: OAuthSignParams,
  ): string
  /** HMAC-SHA1 signature (base64) with key `encoded(consumer_secret)&encoded(token_secret)`. */
  export function hmacsign(
    httpMethod: string,
    base_uri: string,
    params: OAuthSignParams,
    consumer_secret: string,
    token_secret?: string,
  ): string
  /** PLAINTEXT signature (RFC 5849 §3.4.4): `encoded(consumer_secret)&encoded(token_secret)`. */
  export function plaintext(consumer_secret: string, token_secret?: string): string
  /** RFC 3986 percent-encoding as required by RFC 5849 §3.6. */
  export function rfc3986(str: string): string
}
