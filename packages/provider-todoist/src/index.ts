import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://todoist.com/oauth/authorize"
const TOKEN = "https://todoist.com/oauth/access_token"
const USER = "https://api.todoist.com/api/v1/user"

/** `GET /api/v1/user` (https://developer.todoist.com/api/v1/#tag/User). */
export interface TodoistProfile extends Record<string, unknown> {
  /** User id (a string). */
  id: string
  email: string
  full_name: string
  /** Not in every answer; when present, "unverified" and "blocked" addresses are not used. */
  verification_status?: "unverified" | "verified" | "blocked" | "legacy"
  avatar_big?: string | null
  avatar_medium?: string | null
  avatar_s640?: string | null
  avatar_small?: string | null
  image_id?: string | null
  is_premium?: boolean
  lang?: string
  inbox_project_id?: string
  joined_at?: string
  tz_info?: { timezone: string; gmt_string: string; hours: number; minutes: number; is_dst: number }
}

/**
 * Sign in with Todoist (OAuth 2.0).
 *
 * Setup: in the Todoist App Management Console create an app, set its OAuth redirect URL to the
 * callback URL below, then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/todoist`
 * Portal: https://developer.todoist.com/appconsole.html
 * Docs: https://developer.todoist.com/api/v1/#tag/Authorization
 * Required options: none
 *
 * @example
 * ```ts
 * import todoist from "@auth/provider-todoist"
 * Auth({ providers: [todoist()] })
 * ```
 * @see https://developer.todoist.com/api/v1/#tag/User
 */
export default defineProvider<TodoistProfile>({
  id: "todoist",
  name: "Todoist",
  type: "oauth",
  authorization: { url: AUTHORIZE, params: { scope: "data:read" } },
  token: TOKEN,
  // Todoist's documented user endpoint (API v1), not the old Sync API POST NextAuth v4 used.
  userinfo: USER,
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.id),
    name: p.full_name || null,
    email:
      p.verification_status === "unverified" || p.verification_status === "blocked"
        ? null
        : (p.email ?? null),
    image: p.avatar_big ?? null,
  }),
  style: { bg: "#e44332", text: "#ffffff", bgDark: "#e44332", textDark: "#ffffff" },
})
