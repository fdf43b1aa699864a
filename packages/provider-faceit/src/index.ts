import { defineProvider } from "@auth/core"

type Json = Record<string, unknown>
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

/** The FACEIT user, from `GET https://api.faceit.com/auth/v1/resources/userinfo` (FACEIT Connect). */
export interface FaceitProfile extends Record<string, unknown> {
  /** The FACEIT player id (a UUID). */
  guid: string
  nickname: string
  /** With the `email` scope. */
  email?: string
  /** An explicit false means FACEIT has not verified the address. */
  email_verified?: boolean
  /** Avatar URL (with the `profile` scope). */
  picture?: string
  given_name?: string
  family_name?: string
  locale?: string
  membership?: string
}

/** FACEIT's id_token is not used (the profile comes from userinfo): drop it before validation. */
async function withoutIdToken(response: Response): Promise<Response> {
  const body = response.ok
    ? ((await response
        .clone()
        .json()
        .catch(() => undefined)) as Json | undefined)
    : undefined
  if (!body?.id_token) return response
  delete body.id_token
  return json(body, response.status)
}

/**
 * Sign in with FACEIT (OAuth 2.0, FACEIT Connect).
 *
 * Setup: in the FACEIT Developer Portal's App Studio create an app and an OAuth2 client (authorization
 * code), add the callback URL below as its redirect URL, then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/faceit`
 * Portal: https://developers.faceit.com/apps
 * Docs: https://docs.faceit.com/getting-started/authentication/oauth2
 * Required options: none
 *
 * @example
 * ```ts
 * import faceit from "@auth/provider-faceit"
 * Auth({ providers: [faceit()] }) // AUTH_FACEIT_ID, AUTH_FACEIT_SECRET
 * ```
 * @see https://docs.faceit.com/getting-started/authentication/oauth2
 */
export default defineProvider<FaceitProfile>({
  id: "faceit",
  name: "FACEIT",
  type: "oauth",
  authorization: {
    url: "https://accounts.faceit.com/accounts",
    // FACEIT documents these three scopes for the guid, nickname, email and avatar.
    params: { redirect_popup: "true", scope: "openid email profile" },
  },
  token: { url: "https://api.faceit.com/auth/v1/oauth/token", conform: withoutIdToken },
  userinfo: "https://api.faceit.com/auth/v1/resources/userinfo",
  profile: (p) => ({
    id: String(p.guid),
    name: p.nickname ?? null,
    email: p.email_verified === false ? null : (p.email ?? null),
    image: p.picture ?? null,
  }),
  style: { bg: "#ff5500", text: "#ffffff", bgDark: "#ff5500", textDark: "#ffffff" },
})
