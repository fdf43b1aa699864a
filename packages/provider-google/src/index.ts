import { defineProvider } from "@auth/core"

const ISSUER = "https://accounts.google.com"

/** Claims of Google's id_token (https://developers.google.com/identity/openid-connect/openid-connect). */
export interface GoogleProfile extends Record<string, unknown> {
  /** Issuer: always https://accounts.google.com. */
  iss: string
  /** Authorized party: your client id. */
  azp?: string
  aud: string
  /** The account's stable, unique id: use it, never the email, to identify the person. */
  sub: string
  email?: string
  /** Whether Google verified the email. Only verified emails should be trusted for linking. */
  email_verified?: boolean
  name?: string
  given_name?: string
  family_name?: string
  /** Profile picture URL. */
  picture?: string
  locale?: string
  /** Hosted domain of a Google Workspace account (absent for gmail.com accounts). */
  hd?: string
  iat: number
  exp: number
}

/**
 * Sign in with Google (OpenID Connect).
 *
 * Setup: create an OAuth client of type "Web application" in the Google Cloud console, add the
 * callback URL below as an authorized redirect URI, then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/google`
 * Portal: https://console.cloud.google.com/apis/credentials
 * Docs: https://developers.google.com/identity/openid-connect/openid-connect
 * Required options: none
 *
 * @example
 * ```ts
 * import google from "@auth/provider-google"
 * Auth({ providers: [google({ authorization: { params: { access_type: "offline", prompt: "consent" } } })] })
 * // One Tap and the Android/iOS SDKs: POST [basePath]/id-token/google, your native client ids as audiences
 * google({ idTokenSignIn: { audiences: ["1234-ios.apps.googleusercontent.com"] } })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<GoogleProfile>({
  id: "google",
  name: "Google",
  type: "oidc",
  issuer: ISSUER,
  authorization: { params: { scope: "openid email profile" } },
  checks: ["pkce", "state", "nonce"],
  // Google's ID tokens carry either form of the issuer. ID-token sign-in stays off until `audiences` is given.
  idTokenSignIn: { issuers: [ISSUER, "accounts.google.com"] },
  profile: (p) => ({
    id: p.sub,
    name: p.name ?? null,
    // An unverified address must not be able to claim someone else's account.
    email: p.email_verified === false ? null : (p.email ?? null),
    image: p.picture ?? null,
  }),
  style: { bg: "#ffffff", text: "#1f1f1f", bgDark: "#131314", textDark: "#e3e3e3" },
})
