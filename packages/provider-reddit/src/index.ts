import { defineProvider, type OAuthUserConfig } from "@auth/core"

const AUTHORIZE = "https://www.reddit.com/api/v1/authorize"
const TOKEN = "https://www.reddit.com/api/v1/access_token"
const ME = "https://oauth.reddit.com/api/v1/me"

/** `GET /api/v1/me` (https://www.reddit.com/dev/api#GET_api_v1_me). */
export interface RedditProfile extends Record<string, unknown> {
  /** Base-36 account id, e.g. "1w72": stable, unlike `name`. */
  id: string
  /** The username (u/name). */
  name: string
  /** Avatar URL, HTML-escaped by Reddit (`&amp;`). */
  icon_img?: string
  snoovatar_img?: string
  /** Reddit knows whether the account's email is verified, but never shares the email. */
  has_verified_email?: boolean
  created_utc?: number
  total_karma?: number
  over_18?: boolean
}

export interface RedditOptions extends OAuthUserConfig<RedditProfile> {
  /**
   * Sent as `User-Agent` on every request (token and profile), as Reddit's API rules require:
   * `<platform>:<app id>:<version> (by /u/<your reddit username>)`.
   */
  userAgent?: string
}

/** Reddit answers a bad code with HTTP 200 and `{ error: "invalid_grant" }`: make it a real error. */
async function tokenErrors(res: Response): Promise<Response> {
  const body = (
    res.ok
      ? await res
          .clone()
          .json()
          .catch(() => undefined)
      : undefined
  ) as { error?: unknown } | undefined
  if (typeof body?.error !== "string") return res
  return new Response(JSON.stringify(body), {
    status: 400,
    headers: { "content-type": "application/json" },
  })
}

/**
 * Sign in with Reddit (OAuth 2.0).
 *
 * Setup: at reddit.com/prefs/apps create a "web app", enter the callback URL below as its redirect
 * uri, then copy the client id (under the app name) and the secret. Reddit never shares the email.
 *
 * Callback URL: `[origin]/api/auth/callback/reddit`
 * Portal: https://www.reddit.com/prefs/apps
 * Docs: https://github.com/reddit-archive/reddit/wiki/OAuth2
 * Required options: none
 *
 * @example
 * ```ts
 * import reddit from "@auth/provider-reddit"
 * Auth({ providers: [reddit({ userAgent: "web:my-app:1.0 (by /u/my_username)" })] })
 * ```
 * @see https://support.reddithelp.com/hc/en-us/articles/16160319875092-Reddit-Data-API-Wiki
 */
export default defineProvider<RedditProfile, RedditOptions>(
  ({ userAgent = "web:@auth/provider-reddit:1.0" }) => ({
    id: "reddit",
    name: "Reddit",
    type: "oauth",
    // `duration=permanent`: Reddit then returns a refresh token.
    authorization: { url: AUTHORIZE, params: { scope: "identity", duration: "permanent" } },
    token: { url: TOKEN, conform: tokenErrors },
    userinfo: ME,
    // Reddit throttles or blocks requests without a descriptive User-Agent, the token request included.
    fetch: (input, init) => {
      const headers = new Headers(init?.headers)
      headers.set("user-agent", userAgent)
      return globalThis.fetch(input, { ...init, headers })
    },
    profile: (p) => ({
      id: p.id,
      name: p.name,
      email: null,
      image: p.icon_img?.replace(/&amp;/g, "&") || null,
    }),
    style: { bg: "#ff4500", text: "#ffffff", bgDark: "#ff4500", textDark: "#ffffff" },
  }),
)
