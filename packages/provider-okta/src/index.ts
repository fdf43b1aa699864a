import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** Claims of an Okta id_token (https://developer.okta.com/docs/reference/api/oidc/#id-token-claims). */
export interface OktaProfile extends Record<string, unknown> {
  /** The authorization server: `https://<org>.okta.com` or `https://<org>.okta.com/oauth2/<id>`. */
  iss: string
  /** The Okta user id (e.g. 00u1a2b3c4D5e6F7g8h9): stable, unlike the login. */
  sub: string
  aud: string
  /** Full name ("profile" scope). */
  name?: string
  /** The Okta login, usually an email address ("profile" scope). */
  preferred_username?: string
  given_name?: string
  family_name?: string
  locale?: string
  zoneinfo?: string
  /** Primary email ("email" scope). */
  email?: string
  /** Whether Okta verified the primary email. */
  email_verified?: boolean
  /** The Okta user's `profileUrl` attribute, when set. */
  picture?: string
  /** Identity provider the user came through (your org for local users). */
  idp?: string
  /** Authentication methods used, e.g. ["pwd", "mfa"]. */
  amr?: string[]
  auth_time?: number
  iat: number
  exp: number
}

export interface OktaOptions extends OAuthUserConfig<OktaProfile> {
  /** The authorization server: `https://<org>.okta.com/oauth2/default` (custom) or `https://<org>.okta.com` (org). */
  issuer?: string
}

/**
 * Sign in with Okta (OpenID Connect).
 *
 * Setup: in the Okta Admin Console create an app integration (OIDC, Web Application, grant type
 * Authorization Code), add the callback URL below as a sign-in redirect URI, assign the app to people
 * or groups, then copy the client id and secret. The issuer is the authorization server's URL.
 *
 * Callback URL: `[origin]/api/auth/callback/okta`
 * Portal: https://help.okta.com/en-us/content/topics/apps/apps_app_integration_wizard_oidc.htm
 * Docs: https://developer.okta.com/docs/reference/api/oidc/
 * Required options: issuer ("https://acme.okta.com/oauth2/default")
 *
 * @example
 * ```ts
 * import okta from "@auth/provider-okta"
 * Auth({ providers: [okta({ issuer: "https://acme.okta.com/oauth2/default" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<OktaProfile, OktaOptions>((options) => {
  if (options.issuer) options.issuer = options.issuer.replace(/\/+$/, "")
  return {
    id: "okta",
    name: "Okta",
    type: "oidc",
    issuer: options.issuer,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state", "nonce"],
    validate: (p) =>
      p.issuer
        ? undefined
        : '`issuer` (or AUTH_OKTA_ISSUER) is required: your authorization server, e.g. "https://acme.okta.com/oauth2/default".',
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? p.preferred_username ?? null,
      email: p.email_verified === false ? null : (p.email ?? null),
      image: p.picture ?? null,
    }),
    style: { bg: "#ffffff", text: "#00297a", bgDark: "#00297a", textDark: "#ffffff" },
  }
})
