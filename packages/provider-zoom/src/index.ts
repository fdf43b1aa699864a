import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://zoom.us/oauth/authorize"
const TOKEN = "https://zoom.us/oauth/token"
const ME = "https://api.zoom.us/v2/users/me"

/** `GET /v2/users/me` (https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}). */
export interface ZoomProfile extends Record<string, unknown> {
  /** User id (a string). */
  id: string
  first_name?: string
  last_name?: string
  display_name?: string
  email: string
  /** "pending" until the person confirmed their email: the email is then not used. */
  status?: "active" | "inactive" | "pending"
  /** 1 when the account is verified. */
  verified?: number
  pic_url?: string
  account_id?: string
  type?: number
  timezone?: string
  language?: string
  created_at?: string
  last_login_time?: string
  pmi?: number
  role_name?: string
}

/**
 * Sign in with Zoom (OAuth 2.0).
 *
 * Setup: create a General (user-managed) app in the Zoom App Marketplace, add the callback URL below
 * as OAuth redirect URL and allow list entry, add the `user:read:user` scope, then copy the client
 * id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/zoom`
 * Portal: https://marketplace.zoom.us/develop/create
 * Docs: https://developers.zoom.us/docs/integrations/oauth/
 * Required options: none
 *
 * @example
 * ```ts
 * import zoom from "@auth/provider-zoom"
 * Auth({ providers: [zoom()] })
 * ```
 * @see https://developers.zoom.us/docs/api/users/#tag/users/GET/users/{userId}
 */
export default defineProvider<ZoomProfile>({
  id: "zoom",
  name: "Zoom",
  type: "oauth",
  // The scopes are the app's, chosen in the Marketplace: none is sent (no stray `openid`).
  authorization: AUTHORIZE,
  token: TOKEN,
  userinfo: ME,
  profile: (p) => ({
    id: String(p.id),
    name: p.display_name || [p.first_name, p.last_name].filter(Boolean).join(" ") || null,
    email: p.status === "pending" ? null : (p.email ?? null),
    image: p.pic_url ?? null,
  }),
  style: { bg: "#0b5cff", text: "#ffffff", bgDark: "#0b5cff", textDark: "#ffffff" },
})
