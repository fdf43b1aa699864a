import { defineProvider, type OAuthUserConfig } from "@auth/core"

const EXAMPLE_ISSUER = "https://kc.example.com/realms/staff"

/** Claims of a Keycloak id_token with the default client scopes (https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients). */
export interface KeycloakProfile extends Record<string, unknown> {
  /** The realm's issuer: `https://<host>/realms/<realm>`. */
  iss: string
  /** The user's id in the realm (a UUID): stable, unlike the username. */
  sub: string
  aud: string | string[]
  /** The client the token was issued to. */
  azp?: string
  /** Full name ("profile" scope): first and last name joined by Keycloak. */
  name?: string
  /** The username in the realm ("profile" scope). */
  preferred_username?: string
  given_name?: string
  family_name?: string
  /** Avatar URL, only when a `picture` user attribute is mapped. */
  picture?: string
  /** Email ("email" scope). */
  email?: string
  /** Whether the realm marked the email verified (false until the user clicks the verification link). */
  email_verified?: boolean
  /** Keycloak session id. */
  sid?: string
  /** Authentication context class: "1" password, "0" from an SSO cookie. */
  acr?: string
  iat: number
  exp: number
}

export interface KeycloakOptions extends OAuthUserConfig<KeycloakProfile> {
  /** The realm's issuer, with `/realms/<realm>`: e.g. `https://kc.example.com/realms/staff`. */
  issuer?: string
}

/**
 * Sign in with Keycloak (OpenID Connect).
 *
 * Setup: in your realm create an OpenID Connect client (Client authentication on, Standard flow),
 * add the callback URL below as a valid redirect URI, then copy the client id and the secret
 * from the Credentials tab. The issuer is the realm URL, e.g. `https://kc.example.com/realms/staff`.
 *
 * Callback URL: `[origin]/api/auth/callback/keycloak`
 * Portal: https://www.keycloak.org/docs/latest/server_admin/#_oidc_clients
 * Docs: https://www.keycloak.org/docs/latest/securing_apps/
 * Required options: issuer ("https://kc.example.com/realms/staff")
 *
 * @example
 * ```ts
 * import keycloak from "@auth/provider-keycloak"
 * Auth({ providers: [keycloak({ issuer: "https://kc.example.com/realms/staff" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<KeycloakProfile, KeycloakOptions>((options) => {
  // Keycloak publishes its issuer without a trailing slash.
  if (options.issuer) options.issuer = options.issuer.replace(/\/+$/, "")
  return {
    id: "keycloak",
    name: "Keycloak",
    type: "oidc",
    issuer: options.issuer,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state", "nonce"],
    validate: (p) =>
      /\/realms\/[^/]+$/.test(p.issuer ?? "")
        ? undefined
        : `\`issuer\` (or AUTH_KEYCLOAK_ISSUER) must be the realm URL, with /realms/<realm>, e.g. "${EXAMPLE_ISSUER}" (got ${JSON.stringify(p.issuer)}).`,
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? p.preferred_username ?? null,
      // An unverified address must not be able to claim someone else's account.
      email: p.email_verified === false ? null : (p.email ?? null),
      image: p.picture ?? null,
    }),
    style: { bg: "#ffffff", text: "#333333", bgDark: "#333333", textDark: "#00b8e3" },
  }
})
