/**
 * HMAC-signed (HS256/384/512) id_tokens. openid-client checks their claims and that the header's
 * `alg` is the one the client registered, but never their MAC: oauth4webapi trusts TLS for id_tokens
 * from the token endpoint and cannot check symmetric signatures against a JWKS. When a provider says
 * (`client.id_token_signed_response_alg: "HS256"`) that its id_tokens are MACed with the client secret
 * (OIDC Core §10.1), the MAC is checked here, so a token the provider did not make is refused.
 */
const HASHES: Record<string, string> = { HS256: "SHA-256", HS384: "SHA-384", HS512: "SHA-512" }

function base64url(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.replace(/-/g, "+").replace(/_/g, "/"))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

export function isSymmetricAlg(alg: string | undefined): alg is string {
  return alg !== undefined && alg in HASHES
}

/** true when `idToken` carries exactly `alg` and a valid MAC made with `secret`. */
export async function verifySymmetricIdToken(
  idToken: string,
  alg: string,
  secret: string,
): Promise<boolean> {
  const [header, payload, signature, extra] = idToken.split(".")
  if (!header || !payload || !signature || extra !== undefined || !HASHES[alg]) return false
  try {
    if ((JSON.parse(new TextDecoder().decode(base64url(header))) as { alg?: unknown }).alg !== alg)
      return false
    const encoder = new TextEncoder()
    const key = await crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: HASHES[alg] },
      false,
      ["verify"],
    )
    // crypto.subtle.verify compares in constant time.
    return await crypto.subtle.verify(
      "HMAC",
      key,
      base64url(signature),
      encoder.encode(`${header}.${payload}`),
    )
  } catch {
    return false
  }
}
