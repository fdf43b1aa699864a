import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** Claims of Duende IdentityServer's userinfo for the openid, profile and email scopes (https://docs.duendesoftware.com/identityserver/fundamentals/claims/). */
export interface DuendeIdentityServer6Profile extends Record<string, unknown> {
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

export interface DuendeIdentityServer6Options extends OAuthUserConfig<DuendeIdentityServer6Profile> {
  /** The server's base URL, e.g. `https://demo.duendesoftware.com`. */
  issuer?: string
}

/**
 * Sign in with Duende IdentityServer (OpenID Connect).
 *
 * Setup: register a client with the authorization code grant (`AllowedGrantTypes = GrantTypes.Code`,
 * `RequirePkce = true`), a client secret, the scopes openid, profile and email, and the callback URL
 * below in `RedirectUris`; the issuer is the server's base URL.
 * NextAuth.js v4 called this provider `duende-identityserver6`; pass `id: "duende-identityserver6"` to keep
 * an existing redirect URI and stored accounts.
 *
 * Callback URL: `[origin]/api/auth/callback/duende-identity-server6`
 * Portal: https://docs.duendesoftware.com/identityserver/fundamentals/clients/
 * Docs: https://docs.duendesoftware.com/identityserver/reference/endpoints/discovery/
 * Required options: issuer ("https://demo.duendesoftware.com")
 *
 * @example
 * ```ts
 * import duende from "@auth/provider-duende-identity-server6"
 * Auth({ providers: [duende({ issuer: "https://demo.duendesoftware.com" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<DuendeIdentityServer6Profile, DuendeIdentityServer6Options>(
  (options) => {
    if (options.issuer) options.issuer = options.issuer.replace(/\/+$/, "")
    return {
      id: "duende-identity-server6",
      name: "Duende IdentityServer",
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
          : '`issuer` (or AUTH_DUENDE_IDENTITY_SERVER6_ISSUER) is required: the server\'s base URL, e.g. "https://demo.duendesoftware.com".',
      profile: (p) => ({
        id: p.sub,
        name: p.name ?? p.preferred_username ?? null,
        email: p.email_verified === false ? null : (p.email ?? null),
        image: p.picture ?? null,
      }),
      style: { bg: "#ffffff", text: "#0f4b73", bgDark: "#0f4b73", textDark: "#ffffff" },
    }
  },
)
