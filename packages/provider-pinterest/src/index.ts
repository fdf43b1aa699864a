import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://www.pinterest.com/oauth/"
const TOKEN = "https://api.pinterest.com/v5/oauth/token"
const ACCOUNT = "https://api.pinterest.com/v5/user_account"

/** `GET /v5/user_account` (https://developers.pinterest.com/docs/api/v5/user_account-get). */
export interface PinterestProfile extends Record<string, unknown> {
  /** User account id: stable, unlike `username`. */
  id: string
  username: string
  account_type: "PINNER" | "BUSINESS"
  profile_image?: string
  website_url?: string
  about?: string
  /** Business accounts only. */
  business_name?: string | null
  board_count?: number
  pin_count?: number
  follower_count?: number
  following_count?: number
  monthly_views?: number
}

/**
 * Sign in with Pinterest (OAuth 2.0, API v5).
 *
 * Setup: create an app in the Pinterest developer portal, add the callback URL below as a redirect
 * URI, then copy the App id and App secret key. Pinterest never shares an email address.
 *
 * Callback URL: `[origin]/api/auth/callback/pinterest`
 * Portal: https://developers.pinterest.com/apps/
 * Docs: https://developers.pinterest.com/docs/getting-started/authentication-and-scopes/
 * Required options: none
 *
 * @example
 * ```ts
 * import pinterest from "@auth/provider-pinterest"
 * Auth({ providers: [pinterest()] })
 * ```
 * @see https://developers.pinterest.com/docs/api/v5/user_account-get
 */
export default defineProvider<PinterestProfile>({
  id: "pinterest",
  name: "Pinterest",
  type: "oauth",
  authorization: { url: AUTHORIZE, params: { scope: "user_accounts:read" } },
  token: TOKEN,
  userinfo: ACCOUNT,
  profile: (p) => ({
    id: String(p.id),
    name: p.business_name || p.username,
    email: null,
    image: p.profile_image ?? null,
  }),
  style: { bg: "#e60023", text: "#ffffff", bgDark: "#e60023", textDark: "#ffffff" },
})
