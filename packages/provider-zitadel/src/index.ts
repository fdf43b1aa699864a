import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** Claims of ZITADEL's userinfo (and id_token) (https://zitadel.com/docs/apis/openidoauth/claims). */
export interface ZitadelProfile extends Record<string, unknown> {
  /** Your instance: `https://<instance>.zitadel.cloud` or your custom domain. */
  iss: string
  /** The ZITADEL user id (numeric string): stable, unlike the login name. */
  sub: string
  aud: string | string[]
  /** Display name ("profile" scope). */
  name?: string
  given_name?: string
  family_name?: string
  /** The login name, e.g. ann@acme.zitadel.cloud ("profile" scope). */
  preferred_username?: string
  /** Avatar URL ("profile" scope), when the user uploaded one. */
  picture?: string
  locale?: string
  gender?: string
  /** Email ("email" scope). */
  email?: string
  /** Whether ZITADEL verified the email. */
  email_verified?: boolean
  phone_number?: string
  phone_number_verified?: boolean
  /** The organisation the user belongs to (`urn:zitadel:iam:user:resourceowner:id`). */
  "urn:zitadel:iam:user:resourceowner:id"?: string
  iat: number
  exp: number
}

export interface ZitadelOptions extends OAuthUserConfig<ZitadelProfile> {
  /** Your instance domain: e.g. `https://acme-x1y2z3.zitadel.cloud`. */
  issuer?: string
}

/**
 * Sign in with ZITADEL (OpenID Connect).
 *
 * Setup: in your ZITADEL project add an application of type Web with the Code authentication
 * method, add the callback URL below as a redirect URI, then copy the client id and secret. The
 * issuer is your instance domain.
 *
 * Callback URL: `[origin]/api/auth/callback/zitadel`
 * Portal: https://zitadel.com/docs/guides/manage/console/applications
 * Docs: https://zitadel.com/docs/apis/openidoauth/endpoints
 * Required options: issuer ("https://acme-x1y2z3.zitadel.cloud")
 *
 * @example
 * ```ts
 * import zitadel from "@auth/provider-zitadel"
 * Auth({ providers: [zitadel({ issuer: "https://acme-x1y2z3.zitadel.cloud" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<ZitadelProfile, ZitadelOptions>((options) => {
  if (options.issuer) options.issuer = options.issuer.replace(/\/+$/, "")
  return {
    id: "zitadel",
    name: "ZITADEL",
    type: "oidc",
    issuer: options.issuer,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state", "nonce"],
    // ZITADEL leaves profile claims out of the id_token unless "User Info inside ID Token" is on:
    // read them from userinfo (its `sub` is checked against the verified id_token's).
    idToken: false,
    validate: (p) =>
      p.issuer
        ? undefined
        : '`issuer` (or AUTH_ZITADEL_ISSUER) is required: your instance domain, e.g. "https://acme-x1y2z3.zitadel.cloud".',
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? p.preferred_username ?? null,
      email: p.email_verified === false ? null : (p.email ?? null),
      image: p.picture ?? null,
    }),
    style: { bg: "#ffffff", text: "#1e1e2e", bgDark: "#1e1e2e", textDark: "#ff8c8c" },
  }
})
