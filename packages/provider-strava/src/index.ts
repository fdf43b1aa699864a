import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://www.strava.com/oauth/authorize"
const TOKEN = "https://www.strava.com/oauth/token"
const ATHLETE = "https://www.strava.com/api/v3/athlete"

/** A SummaryAthlete: in the token response, or from `GET /athlete` (https://developers.strava.com/docs/reference/#api-models-SummaryAthlete). */
export interface StravaProfile extends Record<string, unknown> {
  /** Numeric athlete id; stored as a string. */
  id: number
  username?: string | null
  firstname?: string
  lastname?: string
  /** 124x124 picture URL, or the relative placeholder `avatar/athlete/large.png`. */
  profile?: string
  profile_medium?: string
  city?: string | null
  state?: string | null
  country?: string | null
  sex?: "M" | "F" | null
  premium?: boolean
  summit?: boolean
  created_at?: string
  updated_at?: string
}

/**
 * Sign in with Strava (OAuth 2.0).
 *
 * Setup: under Settings > My API Application create an application, set its Authorization Callback
 * Domain to your app's host, then copy the client id and secret. Strava never shares the email.
 *
 * Callback URL: `[origin]/api/auth/callback/strava`
 * Portal: https://www.strava.com/settings/api
 * Docs: https://developers.strava.com/docs/authentication/
 * Required options: none
 *
 * @example
 * ```ts
 * import strava from "@auth/provider-strava"
 * Auth({ providers: [strava()] })
 * ```
 * @see https://developers.strava.com/docs/reference/#api-Athletes-getLoggedInAthlete
 */
export default defineProvider<StravaProfile>({
  id: "strava",
  name: "Strava",
  type: "oauth",
  authorization: { url: AUTHORIZE, params: { scope: "read", approval_prompt: "auto" } },
  token: TOKEN,
  userinfo: {
    url: ATHLETE,
    // The token response already carries the athlete: no second request unless it is missing.
    async request({ tokens, fetch }) {
      if (tokens.athlete) return tokens.athlete as StravaProfile
      const res = await fetch(ATHLETE, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      })
      if (!res.ok)
        throw new Error(
          `Strava ${ATHLETE} answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`,
        )
      return (await res.json()) as StravaProfile
    },
  },
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.id),
    name: [p.firstname, p.lastname].filter(Boolean).join(" ") || p.username || null,
    email: null,
    image: p.profile?.startsWith("https://") ? p.profile : null,
  }),
  style: { bg: "#fc4c02", text: "#ffffff", bgDark: "#fc4c02", textDark: "#ffffff" },
})
