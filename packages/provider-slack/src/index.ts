import { defineProvider } from "@auth/core"

const ISSUER = "https://slack.com"

/** Claims of Slack's id_token (Sign in with Slack, OpenID Connect). */
export interface SlackProfile extends Record<string, unknown> {
  /** The user's id in the workspace, e.g. "U0R7JM" (same as `https://slack.com/user_id`). */
  sub: string
  "https://slack.com/user_id": string
  /** The workspace (team) the person signed in to, e.g. "T0R7GR". */
  "https://slack.com/team_id": string
  "https://slack.com/team_name"?: string
  "https://slack.com/team_domain"?: string
  /** Display name (`profile` scope). */
  name?: string
  given_name?: string
  family_name?: string
  /** Avatar URL (`profile` scope); more sizes in `https://slack.com/user_image_<size>`. */
  picture?: string
  locale?: string
  /** The account's email (`email` scope). */
  email?: string
  /** Whether Slack verified the email. */
  email_verified?: boolean
  /** When it was verified (seconds since the epoch). */
  date_email_verified?: number
}

/** Slack answers token errors with HTTP 200 and `{ ok: false, error }`: make them OAuth errors. */
async function okFalseAsError(response: Response): Promise<Response> {
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { ok?: unknown } | undefined
  if (response.status !== 200 || body?.ok !== false) return response
  return new Response(JSON.stringify(body), {
    status: 400,
    headers: { "content-type": "application/json" },
  })
}

/**
 * Sign in with Slack (OpenID Connect).
 *
 * Setup: create a Slack app, add the callback URL below under OAuth & Permissions > Redirect URLs, add the
 * user token scopes openid, profile and email, then copy the client id and secret from Basic Information.
 *
 * Callback URL: `[origin]/api/auth/callback/slack`
 * Portal: https://api.slack.com/apps
 * Docs: https://docs.slack.dev/authentication/sign-in-with-slack/
 * Required options: none
 *
 * @example
 * ```ts
 * import slack from "@auth/provider-slack"
 * Auth({ providers: [slack()] }) // AUTH_SLACK_ID, AUTH_SLACK_SECRET
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<SlackProfile>({
  id: "slack",
  name: "Slack",
  type: "oidc",
  issuer: ISSUER,
  authorization: { params: { scope: "openid profile email" } },
  token: { conform: okFalseAsError },
  // Slack documents state and nonce, not PKCE.
  checks: ["state", "nonce"],
  profile: (p) => ({
    id: p.sub,
    name: p.name ?? null,
    email: p.email_verified === true ? (p.email ?? null) : null,
    image: p.picture ?? null,
  }),
  style: { bg: "#4a154b", text: "#ffffff", bgDark: "#ffffff", textDark: "#4a154b" },
})
