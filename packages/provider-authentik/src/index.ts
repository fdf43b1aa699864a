import { defineProvider, type OAuthUserConfig } from "@auth/core"

const EXAMPLE_ISSUER = "https://authentik.example.com/application/o/my-app/"

/** Claims of an authentik id_token with the default scope mappings (https://docs.goauthentik.io/add-secure-apps/providers/oauth2/). */
export interface AuthentikProfile extends Record<string, unknown> {
  /** The application's issuer: `https://<host>/application/o/<slug>/`. */
  iss: string
  /** Hashed user id by default (the provider's "Subject mode" decides): stable per user. */
  sub: string
  aud: string
  /** Full name ("profile" scope). */
  name?: string
  given_name?: string
  /** The username ("profile" scope). */
  preferred_username?: string
  nickname?: string
  /** Group names ("profile" scope). */
  groups?: string[]
  /** Email ("email" scope). */
  email?: string
  /** Whether the email is verified, as the "email" scope mapping reports it. */
  email_verified?: boolean
  iat: number
  exp: number
}

export interface AuthentikOptions extends OAuthUserConfig<AuthentikProfile> {
  /** The application's issuer, with `/application/o/<slug>/`, e.g. `https://authentik.example.com/application/o/my-app/`. */
  issuer?: string
}

/**
 * Sign in with authentik (OpenID Connect).
 *
 * Setup: in the authentik admin interface create an OAuth2/OpenID provider (client type
 * Confidential) with the callback URL below as a strict redirect URI, and an application using it;
 * copy the client id and secret, and the "OpenID Configuration Issuer" shown on the provider page.
 *
 * Callback URL: `[origin]/api/auth/callback/authentik`
 * Portal: https://docs.goauthentik.io/add-secure-apps/providers/oauth2/create-oauth2-provider/
 * Docs: https://docs.goauthentik.io/add-secure-apps/providers/oauth2/
 * Required options: issuer ("https://authentik.example.com/application/o/my-app/")
 *
 * @example
 * ```ts
 * import authentik from "@auth/provider-authentik"
 * Auth({ providers: [authentik({ issuer: "https://authentik.example.com/application/o/my-app/" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<AuthentikProfile, AuthentikOptions>((options) => {
  // authentik publishes each application's issuer with a trailing slash: add it when missing.
  if (options.issuer) options.issuer = `${options.issuer.replace(/\/+$/, "")}/`
  return {
    id: "authentik",
    name: "authentik",
    type: "oidc",
    issuer: options.issuer,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state", "nonce"],
    validate: (p) =>
      /\/application\/o\/[^/]+\/$/.test(p.issuer ?? "")
        ? undefined
        : `\`issuer\` (or AUTH_AUTHENTIK_ISSUER) must be the application's issuer, with /application/o/<slug>/, e.g. "${EXAMPLE_ISSUER}" (got ${JSON.stringify(p.issuer)}).`,
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? p.preferred_username ?? null,
      email: p.email_verified === false ? null : (p.email ?? null),
      image: null,
    }),
    style: { bg: "#fd4b2d", text: "#ffffff", bgDark: "#1c1e21", textDark: "#fd4b2d" },
  }
})
