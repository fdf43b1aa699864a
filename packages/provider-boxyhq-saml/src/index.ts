import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** The userinfo of BoxyHQ SAML Jackson (https://boxyhq.com/docs/jackson/sso-flow). */
export interface BoxyHQSAMLProfile extends Record<string, unknown> {
  /** Jackson's id for the user, derived from the SAML assertion: stable per user and connection. */
  id: string
  /** The email the SAML identity provider asserted. */
  email: string
  firstName?: string
  lastName?: string
  /** Roles and groups, when the identity provider sends them. */
  roles?: string[]
  groups?: string[]
  /** Every attribute of the SAML assertion. */
  raw?: Record<string, unknown>
  /** The tenant, product and client the sign-in asked for. */
  requested?: { tenant?: string; product?: string; client_id?: string; state?: string }
}

export interface BoxyHQSAMLOptions extends OAuthUserConfig<BoxyHQSAMLProfile> {
  /** Your SAML Jackson service URL: e.g. `https://jackson.example.com`. */
  issuer?: string
}

/**
 * Sign in with BoxyHQ SAML Jackson (SAML SSO as OAuth 2.0).
 *
 * Setup: run SAML Jackson, add a SAML connection per customer (tenant + product) with the callback
 * URL below as redirect URL, then pass `tenant` and `product` at sign-in. Client id and secret are
 * "dummy" and your CLIENT_SECRET_VERIFIER, or a connection's own client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/boxyhq-saml`
 * Portal: https://boxyhq.com/docs/jackson/deploy
 * Docs: https://boxyhq.com/docs/jackson/sso-flow
 * Required options: issuer ("https://jackson.example.com")
 *
 * @example
 * ```ts
 * import boxyhq from "@auth/provider-boxyhq-saml"
 * Auth({ providers: [boxyhq({ issuer: "https://jackson.example.com", clientId: "dummy" })] })
 * // sign in: POST /api/auth/signin/boxyhq-saml?tenant=acme.com&product=crm
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749
 */
export default defineProvider<BoxyHQSAMLProfile, BoxyHQSAMLOptions>((options) => {
  const base = options.issuer?.replace(/\/+$/, "")
  return {
    id: "boxyhq-saml",
    name: "BoxyHQ SAML",
    type: "oauth",
    issuer: options.issuer,
    // No scope: with "openid" Jackson switches to its OpenID flow (and needs signing keys).
    authorization: base ? { url: `${base}/api/oauth/authorize`, params: { scope: "" } } : undefined,
    token: base ? `${base}/api/oauth/token` : undefined,
    userinfo: base ? `${base}/api/oauth/userinfo` : undefined,
    client: { token_endpoint_auth_method: "client_secret_post" },
    validate: (p) =>
      p.issuer
        ? undefined
        : '`issuer` (or AUTH_BOXYHQ_SAML_ISSUER) is required: your SAML Jackson URL, e.g. "https://jackson.example.com".',
    // SAML asserts the email; Jackson does not say whether anyone verified it.
    profile: (p) => ({
      id: String(p.id),
      name: [p.firstName, p.lastName].filter(Boolean).join(" ") || null,
      email: p.email ?? null,
      image: null,
    }),
    style: { bg: "#ffffff", text: "#25c2a0", bgDark: "#25c2a0", textDark: "#ffffff" },
  }
})
