import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** Claims of a FusionAuth id_token (https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/tokens#id-token). */
export interface FusionAuthProfile extends Record<string, unknown> {
  /** The tenant's issuer setting. */
  iss: string
  /** The FusionAuth user id (a UUID): stable and unique. */
  sub: string
  /** The application id. */
  aud: string
  /** The tenant id. */
  tid?: string
  /** The application id the user signed in to. */
  applicationId?: string
  /** e.g. "PASSWORD", "GOOGLE", "PASSWORDLESS". */
  authenticationType?: string
  /** Email ("email" scope). */
  email?: string
  /** Whether FusionAuth verified the email ("email" scope). */
  email_verified?: boolean
  /** Username, or the email when none ("profile" scope). */
  preferred_username?: string
  /** Full name ("profile" scope), when set on the user. */
  name?: string
  given_name?: string
  family_name?: string
  /** The user's image URL ("profile" scope), when set. */
  picture?: string
  /** Roles in the application. */
  roles?: string[]
  sid?: string
  iat: number
  exp: number
}

export interface FusionAuthOptions extends OAuthUserConfig<FusionAuthProfile> {
  /** Your FusionAuth URL, matching the tenant's issuer setting: e.g. `https://auth.example.com`. */
  issuer?: string
  /** The tenant, when the instance has more than one. */
  tenantId?: string
}

/**
 * Sign in with FusionAuth (OpenID Connect).
 *
 * Setup: in the FusionAuth admin UI create an application, on its OAuth tab add the callback URL
 * below to the authorized redirect URLs and enable the Authorization Code grant, then copy the
 * client id and secret. Set the tenant's issuer to your FusionAuth URL; give `tenantId` when the
 * instance has several tenants.
 *
 * Callback URL: `[origin]/api/auth/callback/fusionauth`
 * Portal: https://fusionauth.io/docs/get-started/core-concepts/applications
 * Docs: https://fusionauth.io/docs/lifecycle/authenticate-users/oauth/
 * Required options: issuer ("https://auth.example.com")
 *
 * @example
 * ```ts
 * import fusionauth from "@auth/provider-fusionauth"
 * Auth({ providers: [fusionauth({ issuer: "https://auth.example.com", tenantId: "cbb8cd3d-a4ae-4e31-8a2d-d4e1c1e4f6a1" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<FusionAuthProfile, FusionAuthOptions>((options) => {
  const { tenantId } = options
  if (options.issuer) options.issuer = options.issuer.replace(/\/+$/, "")
  return {
    id: "fusionauth",
    name: "FusionAuth",
    type: "oidc",
    issuer: options.issuer,
    // Several tenants: the tenant picks the discovery document (its keys) and the login page.
    wellKnown:
      tenantId && options.issuer
        ? `${options.issuer}/.well-known/openid-configuration/${tenantId}`
        : undefined,
    authorization: { params: { scope: "openid email profile offline_access", tenantId } },
    checks: ["pkce", "state", "nonce"],
    validate: (p) =>
      p.issuer
        ? undefined
        : '`issuer` (or AUTH_FUSIONAUTH_ISSUER) is required: your FusionAuth URL, as set as the tenant\'s issuer, e.g. "https://auth.example.com".',
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? p.preferred_username ?? null,
      email: p.email_verified === false ? null : (p.email ?? null),
      image: p.picture ?? null,
    }),
    style: { bg: "#ffffff", text: "#f58320", bgDark: "#0b1423", textDark: "#f58320" },
  }
})
