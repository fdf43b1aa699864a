import { defineProvider } from "@auth/core"

type Json = Record<string, unknown>
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

/** `GET https://api.medium.com/v1/me` (scope `basicProfile`): the user under `data`. */
export interface MediumProfile extends Record<string, unknown> {
  data: {
    /** The user id (a hex string). */
    id: string
    username: string
    name?: string
    /** The profile URL, e.g. "https://medium.com/@majelbstoat". */
    url?: string
    imageUrl?: string
  }
}

/** Medium answers `scope` as an array: OAuth 2 wants a space-separated string. */
async function conform(response: Response): Promise<Response> {
  const body = response.ok
    ? ((await response
        .clone()
        .json()
        .catch(() => undefined)) as Json | undefined)
    : undefined
  if (!Array.isArray(body?.scope)) return response
  return json({ ...body, scope: body.scope.join(" ") })
}

/**
 * Sign in with Medium (OAuth 2.0).
 *
 * Setup: Medium no longer supports its API and registers no new OAuth applications; browser-based OAuth
 * works for existing integrations only. Use such an integration's client id and secret, with the
 * callback URL below.
 *
 * Callback URL: `[origin]/api/auth/callback/medium`
 * Portal: https://medium.com/me/applications
 * Docs: https://github.com/Medium/medium-api-docs#21-browser-based-authentication
 * Required options: none
 *
 * @example
 * ```ts
 * import medium from "@auth/provider-medium"
 * Auth({ providers: [medium()] }) // AUTH_MEDIUM_ID, AUTH_MEDIUM_SECRET
 * ```
 * @see https://github.com/Medium/medium-api-docs#31-users
 */
export default defineProvider<MediumProfile>({
  id: "medium",
  name: "Medium",
  type: "oauth",
  authorization: { url: "https://medium.com/m/oauth/authorize", params: { scope: "basicProfile" } },
  token: { url: "https://api.medium.com/v1/tokens", conform },
  userinfo: "https://api.medium.com/v1/me",
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: ({ data: u }) => ({
    id: u.id,
    name: u.name || u.username,
    email: null,
    image: u.imageUrl ?? null,
  }),
  style: { bg: "#000000", text: "#ffffff", bgDark: "#ffffff", textDark: "#000000" },
})
