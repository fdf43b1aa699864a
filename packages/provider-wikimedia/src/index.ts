import { defineProvider } from "@auth/core"

const BASE = "https://meta.wikimedia.org/w/rest.php/oauth2"

/** `GET /w/rest.php/oauth2/resource/profile` (https://www.mediawiki.org/wiki/Extension:OAuth#OAuth_2). */
export interface WikimediaProfile extends Record<string, unknown> {
  /** Central user id, the same on every Wikimedia wiki; stored as a string. */
  sub: string | number
  username: string
  editcount?: number
  /** Whether the email address is confirmed: an unconfirmed one is not used. */
  confirmed_email?: boolean
  blocked?: boolean
  registered?: string
  groups?: string[]
  rights?: string[]
  grants?: string[]
  /** With the "access to real name and email address" grant only. */
  realname?: string
  email?: string
}

/**
 * Sign in with Wikimedia (Wikipedia and its sister projects; OAuth 2.0).
 *
 * Setup: propose an OAuth 2.0 consumer on Meta-Wiki with the callback URL below, choose "User
 * identity verification only" (with "access to real name and email address" for an email), then
 * copy the client application key and secret. Consumers other than for your own account need approval.
 *
 * Callback URL: `[origin]/api/auth/callback/wikimedia`
 * Portal: https://meta.wikimedia.org/wiki/Special:OAuthConsumerRegistration/propose/oauth2
 * Docs: https://api.wikimedia.org/wiki/Authentication
 * Required options: none
 *
 * @example
 * ```ts
 * import wikimedia from "@auth/provider-wikimedia"
 * Auth({ providers: [wikimedia()] })
 * ```
 * @see https://www.mediawiki.org/wiki/Extension:OAuth#OAuth_2
 */
export default defineProvider<WikimediaProfile>({
  id: "wikimedia",
  name: "Wikimedia",
  type: "oauth",
  // The grants are fixed when the consumer is registered: no scope is sent.
  authorization: `${BASE}/authorize`,
  token: `${BASE}/access_token`,
  userinfo: `${BASE}/resource/profile`,
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.sub),
    name: p.username,
    email: p.confirmed_email ? (p.email ?? null) : null,
    image: null,
  }),
  style: { bg: "#ffffff", text: "#000000", bgDark: "#000000", textDark: "#ffffff" },
})
