/**
 * The one verifier of ID-token sign-in (routes/id-token.ts): an ID token the app got from a native SDK
 * or One Tap, checked as strictly as the redirect flow's (OIDC Core §3.1.3.7):
 * - the signature: HS256/384/512 with the client secret only when the provider says its ID tokens are
 *   MACed (`client.id_token_signed_response_alg`), else RS/PS/ES/EdDSA against the provider's JWKS
 *   (the same `JwksStore` the redirect flow uses: one cache, refetched once for an unknown `kid`);
 * - `iss` (the discovered issuer, or `idTokenSignIn.issuers`), every `aud` (and `azp`) among `clientId`
 *   plus `idTokenSignIn.audiences`, `exp`, `iat` (not ahead of the clock, at most `maxAge` old), `nbf`;
 * - `nonce` as `idTokenSignIn.nonce` says (raw, or the hex SHA-256 Apple's native SDK puts in the token);
 * - single use: see replay.ts.
 * Web Crypto does the signature maths; the JOSE parsing is the few lines below.
 */
import { timingSafeEqual } from "../crypto/compare.js"
import { decoder, encoder, fromBase64url } from "../crypto/encoding.js"
import type { Adapter } from "../adapters/types.js"
import { AuthError, type ErrorCode, type ErrorType } from "../errors/index.js"
import type { Profile, ResolvedProvider } from "../providers/types.js"
import { CLOCK_SKEW } from "../session/jwt.js"
import { jwksOf, type ProviderConfigs } from "./config.js"
import { jwksKeys } from "./jwks.js"
import { firstUse } from "./replay.js"
import { isSymmetricAlg, verifySymmetricIdToken } from "./symmetric-id-token.js"

/** Default `idTokenSignIn.maxAge`: seconds since `iat`. */
export const ID_TOKEN_MAX_AGE = 600

type Jwk = { kid?: string; kty?: string; use?: string; alg?: string; [k: string]: unknown }

/** Web Crypto's import and verify parameters for a JWS `alg` (none for HS*, "none" or unknown). */
function webCryptoAlg(
  alg: string,
): [Algorithm & Record<string, unknown>, Algorithm & Record<string, unknown>, string] | undefined {
  if (alg === "EdDSA" || alg === "Ed25519") return [{ name: "Ed25519" }, { name: "Ed25519" }, "OKP"]
  const m = /^(RS|PS|ES)(256|384|512)$/.exec(alg)
  if (!m) return undefined
  const hash = `SHA-${m[2]}`
  if (m[1] === "RS")
    return [{ name: "RSASSA-PKCS1-v1_5", hash }, { name: "RSASSA-PKCS1-v1_5" }, "RSA"]
  if (m[1] === "PS")
    return [{ name: "RSA-PSS", hash }, { name: "RSA-PSS", saltLength: Number(m[2]) / 8 }, "RSA"]
  return [
    { name: "ECDSA", namedCurve: m[2] === "512" ? "P-521" : `P-${m[2]}` },
    { name: "ECDSA", hash },
    "EC",
  ]
}

async function verifyWithKey(
  jwk: Jwk,
  algs: NonNullable<ReturnType<typeof webCryptoAlg>>,
  signature: Uint8Array,
  input: Uint8Array,
): Promise<boolean> {
  // Only the public parts: a JWK's own `key_ops`/`alg`/`ext` must not make a good key fail to import.
  const { kty, n, e, crv, x, y } = jwk
  try {
    const key = await crypto.subtle.importKey(
      "jwk",
      { kty, n, e, crv, x, y } as JsonWebKey,
      algs[0],
      false,
      ["verify"],
    )
    return await crypto.subtle.verify(
      algs[1],
      key,
      signature as Uint8Array<ArrayBuffer>,
      input as Uint8Array<ArrayBuffer>,
    )
  } catch {
    return false
  }
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)))
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("")
}

/**
 * Verifies `idToken` for ID-token sign-in with `provider` and marks it used; returns its claims.
 * Throws an AuthError with a precise code for each refusal.
 */
export async function verifyIdToken(
  provider: ResolvedProvider,
  configs: ProviderConfigs,
  idToken: string,
  nonce: string | undefined,
  adapter?: Adapter,
): Promise<Profile> {
  const options = provider.idTokenSignIn!
  const fail = (
    code: ErrorCode,
    message: string,
    type: ErrorType = "OAuthCallbackError",
    cause?: unknown,
  ) =>
    new AuthError(type, {
      code,
      providerId: provider.id,
      cause,
      message: `ID-token sign-in with "${provider.id}": ${message} No session was created.`,
    })

  const parts = idToken.split(".")
  let header: { alg?: unknown; kid?: unknown; crit?: unknown }
  let claims: Profile
  let signature: Uint8Array
  try {
    if (parts.length !== 3) throw new Error(`${parts.length} parts instead of 3`)
    header = JSON.parse(decoder.decode(fromBase64url(parts[0]!)))
    claims = JSON.parse(decoder.decode(fromBase64url(parts[1]!)))
    signature = fromBase64url(parts[2]!)
    if (!claims || typeof claims !== "object" || Array.isArray(claims))
      throw new Error("the payload is not a JSON object")
  } catch (cause) {
    throw fail(
      "ID_TOKEN_INVALID",
      "`idToken` is not a compact JWS (header.payload.signature, base64url JSON). Send the ID token exactly as the SDK returned it (not the access token).",
      "OAuthCallbackError",
      cause,
    )
  }
  const alg = String(header.alg)
  if (header.crit !== undefined)
    throw fail(
      "ID_TOKEN_INVALID",
      "the token's header has `crit` extensions, which are not supported.",
    )

  // Signature first: nothing else in an unauthenticated token is worth reading.
  const config = await configs.get(provider)
  const jwks = jwksOf.get(config)
  const input = encoder.encode(`${parts[0]}.${parts[1]}`)
  const symmetric = provider.client.id_token_signed_response_alg
  if (isSymmetricAlg(alg)) {
    // A MAC only with the algorithm the provider declared: never an HS* token verified with anything public.
    const secret =
      alg === symmetric
        ? (provider.clientSecret ?? (await provider.getClientSecret?.(provider)))
        : undefined
    if (!secret || !(await verifySymmetricIdToken(idToken, alg, secret))) {
      throw fail(
        "ID_TOKEN_SIGNATURE",
        `the ${alg} MAC does not verify with this client's secret${alg === symmetric ? "" : ` (the provider declares ${symmetric ?? "asymmetric"} ID tokens)`}: the token was forged, altered, or made for another client.`,
      )
    }
  } else {
    const algs = webCryptoAlg(alg)
    if (!algs)
      throw fail(
        "ID_TOKEN_SIGNATURE",
        `the token's alg ${JSON.stringify(header.alg)} is not one of RS/PS/ES256..512 or EdDSA.`,
      )
    if (!jwks)
      throw fail(
        "JWKS_ERROR",
        "the provider's discovery document has no jwks_uri, so an asymmetric ID token cannot be verified.",
        "Configuration",
      )
    const kid = typeof header.kid === "string" ? header.kid : undefined
    const candidates = (await jwksKeys(jwks, kid)).filter(
      (k: Jwk) =>
        k.kty === algs[2] &&
        (kid === undefined || k.kid === kid) &&
        (k.use === undefined || k.use === "sig") &&
        (k.alg === undefined || k.alg === alg),
    )
    if (candidates.length === 0) {
      throw fail(
        "JWKS_KEY_NOT_FOUND",
        `the provider's JWKS has no ${alg} key${kid ? ` with kid "${kid}"` : ""}, even after a refetch: the token was not signed by this provider.`,
      )
    }
    let valid = false
    for (const key of candidates.slice(0, 4))
      if ((valid = await verifyWithKey(key, algs, signature, input))) break
    if (!valid)
      throw fail(
        "ID_TOKEN_SIGNATURE",
        `the ${alg} signature does not verify with the provider's published keys: the token was forged or altered.`,
      )
  }

  const { iss, aud, azp, exp, iat, nbf, sub } = claims
  const issuers = options.issuers ?? [config.serverMetadata().issuer]
  if (typeof iss !== "string" || !issuers.includes(iss)) {
    throw fail(
      "ID_TOKEN_ISSUER",
      `the token's iss ${JSON.stringify(iss)} is not ${issuers.join(" or ")}. It was issued by another identity provider; list extra issuers in idTokenSignIn.issuers only if this provider really uses them.`,
    )
  }
  const allowed = [provider.clientId, ...(options.audiences ?? [])]
  const audiences = Array.isArray(aud) ? aud : [aud]
  const foreign = audiences.find((a) => typeof a !== "string" || !allowed.includes(a))
  if (
    audiences.length === 0 ||
    foreign !== undefined ||
    (azp !== undefined && !allowed.includes(azp as string))
  ) {
    throw fail(
      "ID_TOKEN_AUDIENCE",
      `the token is for ${JSON.stringify(foreign ?? azp)}, which is not this app's client id nor one of idTokenSignIn.audiences (${allowed.join(", ")}). Add your native app's client id to idTokenSignIn.audiences; a token made for another app is refused.`,
    )
  }
  const now = Date.now() / 1000
  if (typeof exp !== "number" || exp <= now) {
    throw fail(
      "ID_TOKEN_EXPIRED",
      `the token expired${typeof exp === "number" ? ` ${Math.round(now - exp)} s ago` : " (it has no exp)"}. Get a fresh one from the SDK and send it at once.`,
    )
  }
  const maxAge = options.maxAge ?? ID_TOKEN_MAX_AGE
  if (typeof iat !== "number" || now - iat > maxAge) {
    throw fail(
      "ID_TOKEN_EXPIRED",
      `the token was issued ${typeof iat === "number" ? `${Math.round(now - iat)} s ago, more than idTokenSignIn.maxAge (${maxAge} s)` : "at an unknown time (no iat)"}. Send it right after the SDK returns it.`,
    )
  }
  if (
    iat > now + CLOCK_SKEW ||
    (nbf !== undefined && (typeof nbf !== "number" || nbf > now + CLOCK_SKEW))
  ) {
    throw fail(
      "ID_TOKEN_NOT_YET_VALID",
      "the token's iat or nbf is in the future. This server's clock may be behind: check NTP.",
    )
  }
  if (typeof sub !== "string" || !sub)
    throw fail("ID_TOKEN_INVALID", "the token has no `sub` claim.")

  const mode = options.nonce ?? "optional"
  const claim = claims.nonce
  if (mode !== "optional" || nonce !== undefined || claim !== undefined) {
    if (!nonce || typeof claim !== "string") {
      throw fail(
        "NONCE_MISSING",
        nonce
          ? "the token carries no nonce, but one was sent: it was not made for this sign-in."
          : `no \`nonce\` was sent${claim === undefined ? ` (idTokenSignIn.nonce is "${mode}")` : " but the token carries one"}. Send the nonce the app gave the SDK.`,
        "InvalidCheck",
      )
    }
    const expected = mode === "sha256" ? await sha256Hex(nonce) : nonce
    if (!timingSafeEqual(claim, expected)) {
      throw fail(
        "NONCE_MISMATCH",
        `the token's nonce is not ${mode === "sha256" ? "the SHA-256 (hex) of " : ""}the nonce sent: it was made for another sign-in.`,
        "InvalidCheck",
      )
    }
  }
  // Last: only a token that passed every check is remembered (and so cannot be burnt by a forger).
  if (!(await firstUse(input, exp, adapter))) {
    throw fail(
      "ID_TOKEN_REPLAYED",
      "this ID token was already used to sign in. Each token signs in once: get a new one from the SDK.",
      "InvalidCheck",
    )
  }
  return claims
}
