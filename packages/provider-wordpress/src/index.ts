import { defineProvider } from "@auth/core"

const API = "https://public-api.wordpress.com"

/** `GET /rest/v1/me` (https://developer.wordpress.com/docs/api/1/get/me/). Note the casing of `ID` and `avatar_URL`. */
export interface WordPressProfile extends Record<string, unknown> {
  /** Numeric user id (upper-case `ID`); stored as a string. */
  ID: number
  display_name: string
  username: string
  email: string
  /** Whether the email is verified: an unverified one is not used. */
  email_verified: boolean
  /** Gravatar URL (upper-case `URL`). */
  avatar_URL: string
  profile_URL: string
  primary_blog?: number
  primary_blog_url?: string
  language?: string
  site_count?: number
  date?: string
}

/**
 * Sign in with WordPress.com (OAuth 2.0).
 *
 * Setup: create an application at developer.wordpress.com/apps, enter the callback URL below as its
 * Redirect URL, then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/wordpress`
 * Portal: https://developer.wordpress.com/apps/
 * Docs: https://developer.wordpress.com/docs/oauth2/
 * Required options: none
 *
 * @example
 * ```ts
 * import wordpress from "@auth/provider-wordpress"
 * Auth({ providers: [wordpress()] })
 * ```
 * @see https://developer.wordpress.com/docs/api/1/get/me/
 */
export default defineProvider<WordPressProfile>({
  id: "wordpress",
  name: "WordPress.com",
  type: "oauth",
  authorization: { url: `${API}/oauth2/authorize`, params: { scope: "auth" } },
  token: `${API}/oauth2/token`,
  userinfo: `${API}/rest/v1/me`,
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.ID),
    name: p.display_name || p.username,
    email: p.email_verified === false ? null : (p.email ?? null),
    image: p.avatar_URL ?? null,
  }),
  style: { bg: "#3858e9", text: "#ffffff", bgDark: "#3858e9", textDark: "#ffffff" },
})
