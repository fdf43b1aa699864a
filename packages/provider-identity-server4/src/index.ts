import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** Claims of IdentityServer4's userinfo for the openid, profile and email scopes (https://identityserver4.readthedocs.io/en/latest/topics/resources.html). */
export interface IdentityServer4Profile extends Record<string, unknown> {
  /** The subject id from your user store: stable and unique. */
  sub: string
  /** Full name ("profile" scope). */
  name?: string
  given_name?: string
  family_name?: string
  /** The username ("profile" scope, when the user store provides it). */
  preferred_username?: string
  /** Picture URL ("profile" scope). */
  picture?: string
  website?: string
  /** Email ("email" scope). */
  email?: string
  /** Whether your user store says the email is verified ("email" scope). */
  email_verified?: boolean
}

export interface IdentityServer4Options extends OAuthUserConfig<IdentityServer4Profile> {
  /** The server's base URL, e.g. `https://demo.identityserver.io`. */
  issuer?: string
}

/**
 * Sign in with IdentityServer4 (OpenID Connect).
 *
 * Setup: register a client with the authorization code grant (`AllowedGrantTypes = GrantTypes.Code`,
 * `RequirePkce = true`), a client secret, the scopes openid, profile and email, and the callback URL
 * below in `RedirectUris`; the issuer is the server's base URL.
 * IdentityServer4 is out of support since December 2022; its successor is Duende IdentityServer
 * (`@auth/provider-duende-identity-server6`).
 *
 * Callback URL: `[origin]/api/auth/callback/identity-server4`
 * Portal: https://identityserver4.readthedocs.io/en/latest/topics/clients.html
 * Docs: https://identityserver4.readthedocs.io/en/latest/endpoints/discovery.html
 * Required options: issuer ("https://demo.identityserver.io")
 *
 * @example
 * ```ts
 * import identityServer4 from "@auth/provider-identity-server4"
 * Auth({ providers: [identityServer4({ issuer: "https://demo.identityserver.io" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<IdentityServer4Profile, IdentityServer4Options>((options) => {
  if (options.issuer) options.issuer = options.issuer.replace(/\/+$/, "")
  return {
    id: "identity-server4",
    name: "IdentityServer4",
    type: "oidc",
    issuer: options.issuer,
    authorization: { params: { scope: "openid profile email" } },
    checks: ["pkce", "state", "nonce"],
    // The id_token carries only `sub` unless AlwaysIncludeUserClaimsInIdToken is set: the profile
    // comes from userinfo, whose `sub` is checked against the verified id_token's.
    idToken: false,
    validate: (p) =>
      p.issuer
        ? undefined
        : '`issuer` (or AUTH_IDENTITY_SERVER4_ISSUER) is required: the server\'s base URL, e.g. "https://demo.identityserver.io".',
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? p.preferred_username ?? null,
      email: p.email_verified === false ? null : (p.email ?? null),
      image: p.picture ?? null,
    }),
    style: { bg: "#ffffff", text: "#2b5797", bgDark: "#2b5797", textDark: "#ffffff" },
  }
})
