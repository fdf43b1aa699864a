import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** Claims of a OneLogin id_token (https://developers.onelogin.com/openid-connect/api/id-token). */
export interface OneLoginProfile extends Record<string, unknown> {
  /** `https://<subdomain>.onelogin.com/oidc/2`. */
  iss: string
  /** The OneLogin user id (numeric string): stable and unique. */
  sub: string
  aud: string
  /** Full name ("profile" scope). */
  name?: string
  given_name?: string
  family_name?: string
  /** The OneLogin username, often the email ("profile" scope). */
  preferred_username?: string
  /** Email ("email" scope): the directory's address; OneLogin does not say whether it was verified. */
  email?: string
  /** Present only when a custom parameter maps it. */
  email_verified?: boolean
  /** Role or group names, when the app's "Groups" claim is configured ("groups" scope). */
  groups?: string[]
  /** Unix time of the last profile change. */
  updated_at?: number
  sid?: string
  iat: number
  exp: number
}

export interface OneLoginOptions extends OAuthUserConfig<OneLoginProfile> {
  /** Your OneLogin domain, `https://<subdomain>.onelogin.com`, with or without `/oidc/2`. */
  issuer?: string
}

/**
 * Sign in with OneLogin (OpenID Connect).
 *
 * Setup: in the OneLogin admin portal add the "OpenId Connect (OIDC)" app, put the callback URL
 * below in its Redirect URIs, set Application Type Web and Token Endpoint Authentication Method
 * Basic on the SSO tab, copy the client id and secret, and give people access to the app.
 *
 * Callback URL: `[origin]/api/auth/callback/onelogin`
 * Portal: https://developers.onelogin.com/openid-connect/connect-to-onelogin
 * Docs: https://developers.onelogin.com/openid-connect
 * Required options: issuer ("https://acme.onelogin.com")
 *
 * @example
 * ```ts
 * import onelogin from "@auth/provider-onelogin"
 * Auth({ providers: [onelogin({ issuer: "https://acme.onelogin.com" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<OneLoginProfile, OneLoginOptions>((options) => {
  // OneLogin's OIDC issuer (and its discovery) lives under /oidc/2: accept the domain alone too.
  if (options.issuer)
    options.issuer = options.issuer.replace(/\/+$/, "").replace(/(\/oidc\/2)?$/, "/oidc/2")
  return {
    id: "onelogin",
    name: "OneLogin",
    type: "oidc",
    issuer: options.issuer,
    authorization: { params: { scope: "openid profile email" } },
    checks: ["pkce", "state", "nonce"],
    validate: (p) =>
      p.issuer
        ? undefined
        : '`issuer` (or AUTH_ONELOGIN_ISSUER) is required: your OneLogin domain, e.g. "https://acme.onelogin.com".',
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? p.preferred_username ?? null,
      email: p.email_verified === false ? null : (p.email ?? null),
      image: null,
    }),
    style: { bg: "#ffffff", text: "#1c1f2a", bgDark: "#1c1f2a", textDark: "#ffffff" },
  }
})
