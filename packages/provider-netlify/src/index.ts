import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://app.netlify.com/authorize"
const TOKEN = "https://api.netlify.com/oauth/token"
const USER = "https://api.netlify.com/api/v1/user"

/** `GET /api/v1/user` (https://open-api.netlify.com/#tag/user/operation/getCurrentUser). */
export interface NetlifyProfile extends Record<string, unknown> {
  /** Account id (a hex string). */
  id: string
  uid?: string
  full_name?: string | null
  /** The login email; Netlify does not say whether it is verified. */
  email?: string | null
  avatar_url?: string | null
  affiliate_id?: string
  site_count?: number
  created_at?: string
  last_login?: string
  login_providers?: string[]
}

/**
 * Sign in with Netlify (OAuth 2.0).
 *
 * Setup: under User settings > Applications > OAuth applications create a new application, enter the
 * callback URL below as its Redirect URI, then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/netlify`
 * Portal: https://app.netlify.com/user/applications
 * Docs: https://docs.netlify.com/api/get-started/#authentication
 * Required options: none
 *
 * @example
 * ```ts
 * import netlify from "@auth/provider-netlify"
 * Auth({ providers: [netlify()] })
 * ```
 * @see https://open-api.netlify.com/#tag/user
 */
export default defineProvider<NetlifyProfile>({
  id: "netlify",
  name: "Netlify",
  type: "oauth",
  // Netlify has no scopes: none is sent (no stray `openid`).
  authorization: AUTHORIZE,
  token: TOKEN,
  userinfo: USER,
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.id),
    name: p.full_name ?? null,
    email: p.email ?? null,
    image: p.avatar_url ?? null,
  }),
  style: { bg: "#ffffff", text: "#014847", bgDark: "#014847", textDark: "#32e6e2" },
})
