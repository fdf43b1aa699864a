import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** Osso's `/oauth/me` answer (https://ossoapp.com/docs/consume/consuming-osso). */
export interface OssoProfile extends Record<string, unknown> {
  /** The Osso user id (a UUID): stable and unique. */
  id: string
  /** The email the customer's SAML identity provider asserted. */
  email: string
  /** The identity provider the user signed in with, e.g. "Okta" or "Azure". */
  idp?: string
  /** What the sign-in asked for (`domain` / `email` routing parameters). */
  requested?: { domain?: string; email?: string }
}

export interface OssoOptions extends OAuthUserConfig<OssoProfile> {
  /** Your Osso instance URL, with or without a trailing slash: e.g. `https://osso.example.com`. */
  issuer?: string
}

/**
 * Sign in with Osso (SAML SSO as OAuth 2.0).
 *
 * Setup: in your Osso instance's admin UI create an OAuth client, add the callback URL below to its
 * redirect URIs, then copy the client id and secret. Configure each customer's SAML identity provider
 * in Osso; route a sign-in with the `domain` or `email` parameter, or let Osso's hosted page ask.
 *
 * Callback URL: `[origin]/api/auth/callback/osso`
 * Portal: https://ossoapp.com/docs/configure/overview
 * Docs: https://ossoapp.com/docs/consume/consuming-osso
 * Required options: issuer ("https://osso.example.com")
 *
 * @example
 * ```ts
 * import osso from "@auth/provider-osso"
 * Auth({ providers: [osso({ issuer: "https://osso.example.com" })] })
 * // sign in a customer's user: POST /api/auth/signin/osso?domain=acme.com
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749
 */
export default defineProvider<OssoProfile, OssoOptions>((options) => {
  // With or without a trailing slash on the issuer: one slash before each path.
  const base = options.issuer?.replace(/\/+$/, "")
  return {
    id: "osso",
    name: "SAML SSO",
    type: "oauth",
    issuer: options.issuer,
    authorization: base ? { url: `${base}/oauth/authorize`, params: { scope: "" } } : undefined,
    token: base ? `${base}/oauth/token` : undefined,
    userinfo: base ? `${base}/oauth/me` : undefined,
    validate: (p) =>
      p.issuer
        ? undefined
        : '`issuer` (or AUTH_OSSO_ISSUER) is required: your Osso instance URL, e.g. "https://osso.example.com".',
    // SAML asserts the email; Osso does not say whether anyone verified it.
    profile: (p) => ({ id: String(p.id), name: null, email: p.email ?? null, image: null }),
    style: { bg: "#ffffff", text: "#5a67d8", bgDark: "#1a202c", textDark: "#ffffff" },
  }
})
