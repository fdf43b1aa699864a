import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** Claims of United Effects Core EOS userinfo for the openid and email scopes (https://docs.unitedeffects.com). */
export interface UnitedEffectsProfile extends Record<string, unknown> {
  /** The account id in your Auth Group: stable and unique. */
  sub: string
  /** Email ("email" scope). */
  email?: string
  /** Whether Core EOS verified the email ("email" scope). */
  email_verified?: boolean
}

export interface UnitedEffectsOptions extends OAuthUserConfig<UnitedEffectsProfile> {
  /** Your Auth Group's issuer: `https://auth.unitedeffects.com/<authGroupId>`. */
  issuer?: string
}

/**
 * Sign in with United Effects Core EOS (OpenID Connect).
 *
 * Setup: in Core EOS create a product and an OIDC client for it (grant type authorization_code,
 * token auth client_secret_basic), add the callback URL below to its redirect URIs, then copy the
 * client id and secret. The issuer is your Auth Group's URL.
 *
 * Callback URL: `[origin]/api/auth/callback/united-effects`
 * Portal: https://core.unitedeffects.com
 * Docs: https://docs.unitedeffects.com/integrations/nextauthjs
 * Required options: issuer ("https://auth.unitedeffects.com/YQpbQV5dbW-224dCovz-3")
 *
 * @example
 * ```ts
 * import unitedEffects from "@auth/provider-united-effects"
 * Auth({ providers: [unitedEffects({ issuer: "https://auth.unitedeffects.com/YQpbQV5dbW-224dCovz-3" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<UnitedEffectsProfile, UnitedEffectsOptions>((options) => {
  if (options.issuer) options.issuer = options.issuer.replace(/\/+$/, "")
  return {
    id: "united-effects",
    name: "United Effects",
    type: "oidc",
    issuer: options.issuer,
    // The issuer as resource indicator (RFC 8707): Core EOS then issues a JWT access token for it.
    authorization: { params: { scope: "openid email", resource: options.issuer } },
    checks: ["pkce", "state", "nonce"],
    // The id_token of a code flow carries only `sub`: the email comes from userinfo (same `sub`).
    idToken: false,
    validate: (p) =>
      p.issuer
        ? undefined
        : '`issuer` (or AUTH_UNITED_EFFECTS_ISSUER) is required: your Auth Group URL, e.g. "https://auth.unitedeffects.com/YQpbQV5dbW-224dCovz-3".',
    // Core EOS shares no name or picture with clients by design.
    profile: (p) => ({
      id: p.sub,
      name: null,
      email: p.email_verified === false ? null : (p.email ?? null),
      image: null,
    }),
    style: { bg: "#ffffff", text: "#1b2a4a", bgDark: "#1b2a4a", textDark: "#ffffff" },
  }
})
