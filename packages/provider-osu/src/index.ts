import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://osu.ppy.sh/oauth/authorize"
const TOKEN = "https://osu.ppy.sh/oauth/token"
const ME = "https://osu.ppy.sh/api/v2/me"

/** `GET /api/v2/me`: a UserExtended (https://osu.ppy.sh/docs/#get-own-data). */
export interface OsuProfile extends Record<string, unknown> {
  /** Numeric user id; stored as a string. */
  id: number
  username: string
  /** Avatar URL (a placeholder image when the user has none). */
  avatar_url: string
  country_code: string
  default_group?: string
  is_active?: boolean
  is_bot?: boolean
  is_supporter?: boolean
  /** Present on /me: the account is restricted. */
  is_restricted?: boolean
  join_date?: string
  playmode?: "osu" | "taiko" | "fruits" | "mania"
  cover_url?: string
}

/**
 * Sign in with osu! (OAuth 2.0).
 *
 * Setup: in your osu! account settings, under OAuth, create a new OAuth application with the
 * callback URL below, then copy the client id and secret. osu! never shares the email address.
 *
 * Callback URL: `[origin]/api/auth/callback/osu`
 * Portal: https://osu.ppy.sh/home/account/edit#oauth
 * Docs: https://osu.ppy.sh/docs/#authorization-code-grant
 * Required options: none
 *
 * @example
 * ```ts
 * import osu from "@auth/provider-osu"
 * Auth({ providers: [osu()] })
 * ```
 * @see https://osu.ppy.sh/docs/#get-own-data
 */
export default defineProvider<OsuProfile>({
  id: "osu",
  name: "osu!",
  type: "oauth",
  authorization: { url: AUTHORIZE, params: { scope: "identify" } },
  token: TOKEN,
  userinfo: ME,
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.id),
    name: p.username,
    email: null,
    image: p.avatar_url ?? null,
  }),
  style: { bg: "#ff66aa", text: "#ffffff", bgDark: "#ff66aa", textDark: "#ffffff" },
})
