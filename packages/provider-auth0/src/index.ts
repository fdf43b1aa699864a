import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** Claims of an Auth0 id_token (https://auth0.com/docs/secure/tokens/id-tokens/id-token-structure). */
export interface Auth0Profile extends Record<string, unknown> {
  /** Your tenant's issuer, with a trailing slash: `https://<tenant>.<region>.auth0.com/`. */
  iss: string
  /** `<connection>|<id>`, e.g. `auth0|64f1c2...` or `google-oauth2|1101...`: stable and unique. */
  sub: string
  aud: string
  /** Full name; for database users Auth0 fills it with the email when none was given ("profile" scope). */
  name?: string
  /** The part of the email before the @, or the social username ("profile" scope). */
  nickname?: string
  given_name?: string
  family_name?: string
  /** Avatar URL (Gravatar or the social provider's picture). */
  picture?: string
  /** ISO 8601 date of the last profile change. */
  updated_at?: string
  /** Email ("email" scope). */
  email?: string
  /** Whether the email was verified (by Auth0's verification email or by the social provider). */
  email_verified?: boolean
  sid?: string
  iat: number
  exp: number
}

export interface Auth0Options extends OAuthUserConfig<Auth0Profile> {
  /** Your tenant domain or custom domain: `https://acme.us.auth0.com` (a bare domain and a missing slash are fine). */
  issuer?: string
}

/**
 * Sign in with Auth0 (OpenID Connect).
 *
 * Setup: in the Auth0 Dashboard create a Regular Web Application, add the callback URL below to
 * Allowed Callback URLs, then copy the Domain, Client ID and Client Secret from its Settings tab.
 * The issuer is the Domain (or your custom domain).
 *
 * Callback URL: `[origin]/api/auth/callback/auth0`
 * Portal: https://manage.auth0.com/dashboard
 * Docs: https://auth0.com/docs/get-started/authentication-and-authorization-flow/authorization-code-flow
 * Required options: issuer ("https://acme.us.auth0.com")
 *
 * @example
 * ```ts
 * import auth0 from "@auth/provider-auth0"
 * Auth({ providers: [auth0({ issuer: "https://acme.us.auth0.com" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<Auth0Profile, Auth0Options>((options) => {
  // The dashboard shows a bare domain; Auth0 publishes its issuer as https://<domain>/ (trailing slash).
  if (options.issuer)
    options.issuer = `${/^https?:\/\//.test(options.issuer) ? "" : "https://"}${options.issuer.replace(/\/+$/, "")}/`
  return {
    id: "auth0",
    name: "Auth0",
    type: "oidc",
    issuer: options.issuer,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state", "nonce"],
    // A Regular Web Application's default "Token Endpoint Authentication Method" is Post.
    client: { token_endpoint_auth_method: "client_secret_post" },
    validate: (p) =>
      p.issuer
        ? undefined
        : '`issuer` (or AUTH_AUTH0_ISSUER) is required: your Auth0 domain, e.g. "https://acme.us.auth0.com".',
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? p.nickname ?? null,
      email: p.email_verified === false ? null : (p.email ?? null),
      image: p.picture ?? null,
    }),
    style: { bg: "#ffffff", text: "#eb5424", bgDark: "#eb5424", textDark: "#ffffff" },
  }
})
