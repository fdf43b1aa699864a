import { defineProvider } from "@auth/core"

const API = "https://api.intra.42.fr"

/** The 42 intranet user, from `GET /v2/me` (https://api.intra.42.fr/apidoc/2.0/users/me.html). */
export interface FortyTwoProfile extends Record<string, unknown> {
  /** Numeric user id: stored as a string. */
  id: number
  /** The student's login (e.g. "jdoe"). */
  login: string
  /** The 42 account's email (an @student.42*.fr address for students). */
  email: string | null
  first_name?: string
  last_name?: string
  /** The name the person chose to be called by, else first + last name. */
  usual_full_name?: string
  displayname?: string
  /** Profile picture: `link` is the full size, `versions` the smaller ones. */
  image?: {
    link: string | null
    versions?: { large?: string; medium?: string; small?: string; micro?: string }
  }
  url?: string
  "staff?"?: boolean
  pool_year?: string
  campus?: Array<{ id: number; name: string }>
}

/**
 * Sign in with 42 School (OAuth 2.0).
 *
 * Setup: register an application in the 42 intranet (scope `public`), add the callback URL below as
 * its redirect URI, then copy its UID (client id) and SECRET.
 *
 * Callback URL: `[origin]/api/auth/callback/42-school`
 * Portal: https://profile.intra.42.fr/oauth/applications/new
 * Docs: https://api.intra.42.fr/apidoc/guides/web_application_flow
 * Required options: none
 *
 * @example
 * ```ts
 * import fortyTwo from "@auth/provider-42-school"
 * Auth({ providers: [fortyTwo()] }) // AUTH_42_SCHOOL_ID, AUTH_42_SCHOOL_SECRET
 * ```
 * @see https://api.intra.42.fr/apidoc/2.0/users/me.html
 */
export default defineProvider<FortyTwoProfile>({
  id: "42-school",
  name: "42 School",
  type: "oauth",
  authorization: { url: `${API}/oauth/authorize`, params: { scope: "public" } },
  token: `${API}/oauth/token`,
  userinfo: `${API}/v2/me`,
  // 42's guide sends client_id and client_secret in the token request body.
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.id),
    name: p.usual_full_name ?? p.displayname ?? p.login,
    email: p.email ?? null,
    image: p.image?.link ?? null,
  }),
  style: { bg: "#000000", text: "#ffffff", bgDark: "#ffffff", textDark: "#000000" },
})
