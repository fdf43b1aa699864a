import { defineProvider } from "@auth/core"

/** The Atlassian account, from `GET https://api.atlassian.com/me` (User Identity API, scope `read:me`). */
export interface AtlassianProfile extends Record<string, unknown> {
  /** The Atlassian account id: stable across every Atlassian product. */
  account_id: string
  /** "atlassian", "app" or "customer". */
  account_type?: string
  /** "active", "inactive" or "closed". */
  account_status?: string
  email?: string | null
  /** Present on newer answers; an explicit false means the address is not verified. */
  email_verified?: boolean
  name?: string
  nickname?: string
  /** Avatar URL. */
  picture?: string
  locale?: string
  zoneinfo?: string
  extended_profile?: {
    job_title?: string
    organization?: string
    department?: string
    location?: string
  }
}

/**
 * Sign in with Atlassian (OAuth 2.0, "3LO").
 *
 * Setup: create an OAuth 2.0 integration in the developer console, add the User identity API
 * (`read:me`) under Permissions, and add the callback URL below under Authorization.
 *
 * Callback URL: `[origin]/api/auth/callback/atlassian`
 * Portal: https://developer.atlassian.com/console/myapps/
 * Docs: https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
 * Required options: none
 *
 * @example
 * ```ts
 * import atlassian from "@auth/provider-atlassian"
 * Auth({ providers: [atlassian()] }) // AUTH_ATLASSIAN_ID, AUTH_ATLASSIAN_SECRET
 * ```
 * @see https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/
 */
export default defineProvider<AtlassianProfile>({
  id: "atlassian",
  name: "Atlassian",
  type: "oauth",
  authorization: {
    url: "https://auth.atlassian.com/authorize",
    // Atlassian requires the audience, and documents prompt=consent for 3LO apps.
    params: { audience: "api.atlassian.com", prompt: "consent", scope: "read:me" },
  },
  token: "https://auth.atlassian.com/oauth/token",
  userinfo: "https://api.atlassian.com/me",
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: p.account_id,
    name: p.name ?? p.nickname ?? null,
    email: p.email_verified === false ? null : (p.email ?? null),
    image: p.picture ?? null,
  }),
  style: { bg: "#0052cc", text: "#ffffff", bgDark: "#0052cc", textDark: "#ffffff" },
})
