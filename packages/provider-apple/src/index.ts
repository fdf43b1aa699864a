import { defineProvider, type OAuthUserConfig } from "@auth/core"

const ISSUER = "https://appleid.apple.com"
/** Lifetime of a generated client secret: well under Apple's limit of 15777000 s (6 months). */
const LIFETIME = 86400
/** Re-signed when less than this is left, so a token request never carries an expiring secret. */
const MARGIN = 600

/** Claims of Sign in with Apple's id_token. */
export interface AppleProfile extends Record<string, unknown> {
  /** The person's stable id for your team, e.g. "001234.9f4c1d0e8b2a4c3d9e1f2a3b4c5d6e7f.1234". */
  sub: string
  /** Their email, or a private relay address (…@privaterelay.appleid.com) that forwards to it. */
  email?: string
  /** Whether Apple verified the email: a boolean or the string "true"/"false". Relay addresses are verified. */
  email_verified?: boolean | "true" | "false"
  /** Whether `email` is a private relay address: a boolean or the string "true"/"false". */
  is_private_email?: boolean | "true" | "false"
  /** 0 unsupported, 1 unknown, 2 likely real (Apple's fraud signal). */
  real_user_status?: 0 | 1 | 2
  nonce_supported?: boolean
  auth_time?: number
}

/** The one-time `user` form field Apple posts on the first sign-in only. */
export interface AppleUser {
  name?: { firstName?: string; lastName?: string }
  email?: string
}

export interface AppleOptions extends OAuthUserConfig<AppleProfile> {
  /** Your Apple Developer Team ID, e.g. "ABCDE12345". */
  teamId?: string
  /** The id of the Sign in with Apple key, e.g. "XYZ987WXYZ". */
  keyId?: string
  /** That key's .p8 file contents ("-----BEGIN PRIVATE KEY-----..."). */
  privateKey?: string
}

const b64u = (data: string | Uint8Array) =>
  btoa(typeof data === "string" ? data : String.fromCharCode(...data))
    .replace(/=+$/, "")
    .replace(/\+/g, "-")
    .replace(/\//g, "_")

/** The client secret Apple wants: an ES256 JWT signed with your key, re-signed shortly before it expires. */
function clientSecret({ teamId, keyId, privateKey = "" }: AppleOptions) {
  let jwt = ""
  let exp = 0
  let key: Promise<CryptoKey> | undefined
  return async ({ clientId }: { clientId: string }) => {
    const iat = Math.floor(Date.now() / 1000)
    if (exp - iat > MARGIN) return jwt
    const der = Uint8Array.from(atob(privateKey.replace(/-----[^-]+-----|\s/g, "")), (c) =>
      c.charCodeAt(0),
    )
    key ??= crypto.subtle.importKey("pkcs8", der, { name: "ECDSA", namedCurve: "P-256" }, false, [
      "sign",
    ])
    const expires = iat + LIFETIME
    const claims = { iss: teamId, iat, exp: expires, aud: ISSUER, sub: clientId }
    const input = `${b64u(JSON.stringify({ alg: "ES256", kid: keyId }))}.${b64u(JSON.stringify(claims))}`
    const signature = await crypto.subtle.sign(
      { name: "ECDSA", hash: "SHA-256" },
      await key,
      new TextEncoder().encode(input),
    )
    // Both set together, after the await: a concurrent call never sees a new expiry with an old token.
    exp = expires
    return (jwt = `${input}.${b64u(new Uint8Array(signature))}`)
  }
}

/**
 * Sign in with Apple (OpenID Connect).
 *
 * Setup: create a Services ID (the client id) with Sign in with Apple enabled, register your domain and the
 * callback URL below on it, then create a key with Sign in with Apple and download its .p8 file.
 *
 * Callback URL: `[origin]/api/auth/callback/apple`
 * Portal: https://developer.apple.com/account/resources/identifiers/list/serviceId
 * Docs: https://developer.apple.com/documentation/signinwithapplerestapi
 * Required options: teamId ("ABCDE12345"), keyId ("XYZ987WXYZ"), privateKey ("-----BEGIN PRIVATE KEY-----\nMIGT...\n-----END PRIVATE KEY-----")
 *
 * @example
 * ```ts
 * import apple from "@auth/provider-apple"
 * Auth({ providers: [apple({ teamId: "ABCDE12345", keyId: "XYZ987WXYZ", privateKey: process.env.APPLE_P8 })] })
 * // iOS: POST [basePath]/id-token/apple with { idToken, nonce }, your bundle id as audience
 * apple({ idTokenSignIn: { audiences: ["com.example.app"] } })
 * ```
 * @see https://developer.apple.com/documentation/accountorganizationaldatasharing/creating-a-client-secret
 */
export default defineProvider<AppleProfile, AppleOptions>((options) => ({
  id: "apple",
  name: "Apple",
  type: "oidc",
  issuer: ISSUER,
  // Apple posts the callback (cross-site) when name or email is asked for: check cookies use SameSite=None.
  authorization: { params: { scope: "name email", response_mode: "form_post" } },
  client: { token_endpoint_auth_method: "client_secret_post" },
  checks: ["nonce", "state"],
  // Native apps pass Apple the SHA-256 (hex) of their nonce; ID-token sign-in is off until `audiences` is given.
  idTokenSignIn: { nonce: "sha256" },
  clientSecret: options.privateKey ? clientSecret(options) : undefined,
  validate: (p) =>
    (
      p.getClientSecret
        ? options.teamId && options.keyId && /BEGIN PRIVATE KEY/.test(options.privateKey!)
        : p.clientSecret
    )
      ? undefined
      : 'give `teamId` (e.g. "ABCDE12345"), `keyId` (e.g. "XYZ987WXYZ") and `privateKey` (the .p8 PEM), or a `clientSecret` JWT.',
  profile: (p, _tokens, { params }) => {
    let user: AppleUser | undefined
    try {
      user = JSON.parse(params.user ?? "{}") as AppleUser
    } catch {}
    const name = [user?.name?.firstName, user?.name?.lastName].filter(Boolean).join(" ")
    // Relay addresses are verified too; Apple may send the flag as a string.
    const email = String(p.email_verified) === "true" ? (p.email ?? null) : null
    return { id: p.sub, name: name || null, email, image: null }
  },
  style: { bg: "#000", text: "#fff", bgDark: "#fff", textDark: "#000" },
}))
