import { defineProvider } from "@auth/core"

const ISSUER = "https://login.salesforce.com"

/** The UserInfo endpoint's answer (https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm). */
export interface SalesforceProfile extends Record<string, unknown> {
  /** The identity URL, e.g. https://login.salesforce.com/id/<org id>/<user id>. */
  sub: string
  /** 18-character user id: stable and unique across orgs. */
  user_id: string
  organization_id: string
  /** The Salesforce username (an email-shaped login, not necessarily an address). */
  preferred_username: string
  nickname?: string
  name?: string
  email?: string
  /** Whether Salesforce verified the email: an unverified one is not used. */
  email_verified?: boolean
  given_name?: string
  family_name?: string
  zoneinfo?: string
  /** Full-size profile photo (needs the access token to load). */
  picture?: string
  photos?: { picture: string; thumbnail: string }
  profile?: string
  active?: boolean
  user_type?: string
  language?: string
  locale?: string
  urls?: Record<string, string>
}

/**
 * Sign in with Salesforce (OpenID Connect).
 *
 * Setup: create an External Client App (or Connected App) with OAuth enabled, the callback URL below,
 * the scopes openid, profile and email, "Require PKCE" on, then copy the consumer key and secret.
 * Sandboxes and My Domain logins: set `issuer`.
 *
 * Callback URL: `[origin]/api/auth/callback/salesforce`
 * Portal: https://login.salesforce.com/lightning/setup/ManageExternalClientApplication/home
 * Docs: https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_openid.htm
 * Required options: none
 *
 * @example
 * ```ts
 * import salesforce from "@auth/provider-salesforce"
 * Auth({ providers: [salesforce({ issuer: "https://test.salesforce.com" })] })
 * ```
 * @see https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_using_userinfo_endpoint.htm
 */
export default defineProvider<SalesforceProfile>({
  id: "salesforce",
  name: "Salesforce",
  type: "oidc",
  // Production logins; https://test.salesforce.com for sandboxes, https://<MyDomain>.my.salesforce.com for My Domain.
  issuer: ISSUER,
  authorization: { params: { scope: "openid profile email" } },
  // The id_token is verified, but names and email come from the UserInfo endpoint.
  idToken: false,
  checks: ["pkce", "state", "nonce"],
  profile: (p) => ({
    id: p.user_id,
    name: p.name || p.preferred_username,
    email: p.email_verified === false ? null : (p.email ?? null),
    image: p.picture ?? null,
  }),
  style: { bg: "#00a1e0", text: "#ffffff", bgDark: "#00a1e0", textDark: "#ffffff" },
})
