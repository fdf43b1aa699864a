import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://oauth.pipedrive.com/oauth/authorize"
const TOKEN = "https://oauth.pipedrive.com/oauth/token"
const ME = "https://api.pipedrive.com/v1/users/me"

/** `GET /v1/users/me` (https://developers.pipedrive.com/docs/api/v1/Users#getCurrentUser). */
export interface PipedriveProfile extends Record<string, unknown> {
  success: boolean
  data: {
    /** Numeric user id; stored as a string. */
    id: number
    name: string
    /** The login email; Pipedrive does not say whether it is verified. */
    email: string
    /** Avatar URL, or null. */
    icon_url: string | null
    default_currency?: string
    locale?: string
    lang?: number
    company_id?: number
    company_name?: string
    company_domain?: string
    active_flag?: boolean
    is_admin?: number
    timezone_name?: string
  }
}

/**
 * Sign in with Pipedrive (OAuth 2.0).
 *
 * Setup: create an app in Pipedrive's Developer Hub, set the callback URL below, choose its scopes
 * there (Pipedrive takes no scope parameter), then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/pipedrive`
 * Portal: https://developers.pipedrive.com/docs/api/v1/#/
 * Docs: https://pipedrive.readme.io/docs/marketplace-oauth-authorization
 * Required options: none
 *
 * @example
 * ```ts
 * import pipedrive from "@auth/provider-pipedrive"
 * Auth({ providers: [pipedrive()] })
 * ```
 * @see https://developers.pipedrive.com/docs/api/v1/Users#getCurrentUser
 */
export default defineProvider<PipedriveProfile>({
  id: "pipedrive",
  name: "Pipedrive",
  type: "oauth",
  // Scopes are set on the app in the Developer Hub: none is sent (no stray `openid`).
  authorization: AUTHORIZE,
  token: TOKEN,
  userinfo: ME,
  profile: ({ data: u }) => ({
    id: String(u.id),
    name: u.name,
    email: u.email ?? null,
    image: u.icon_url ?? null,
  }),
  style: { bg: "#017737", text: "#ffffff", bgDark: "#017737", textDark: "#ffffff" },
})
