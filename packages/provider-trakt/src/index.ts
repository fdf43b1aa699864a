import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://trakt.tv/oauth/authorize"
const TOKEN = "https://api.trakt.tv/oauth/token"
const ME = "https://api.trakt.tv/users/me?extended=full"

/** `GET /users/me?extended=full` (https://trakt.docs.apiary.io/#reference/users/profile). */
export interface TraktProfile extends Record<string, unknown> {
  username: string
  private: boolean
  name: string | null
  vip: boolean
  vip_ep: boolean
  /** `slug` is the user's id in Trakt's API (`/users/<slug>`). */
  ids: { slug: string; uuid?: string }
  joined_at?: string
  location?: string | null
  about?: string | null
  gender?: string | null
  age?: number | null
  /** Trakt does not allow hotlinking its images. */
  images?: { avatar: { full: string } }
}

/**
 * Sign in with Trakt (OAuth 2.0).
 *
 * Setup: create an OAuth application on Trakt, enter the callback URL below as a Redirect uri, then
 * copy the client id and secret. Trakt never shares the email address.
 *
 * Callback URL: `[origin]/api/auth/callback/trakt`
 * Portal: https://trakt.tv/oauth/applications
 * Docs: https://trakt.docs.apiary.io/#reference/authentication-oauth
 * Required options: none
 *
 * @example
 * ```ts
 * import trakt from "@auth/provider-trakt"
 * Auth({ providers: [trakt()] })
 * ```
 * @see https://trakt.docs.apiary.io/#reference/users/profile
 */
export default defineProvider<TraktProfile>({
  id: "trakt",
  name: "Trakt",
  type: "oauth",
  // Trakt has no scopes: none is sent (no stray `openid`).
  authorization: AUTHORIZE,
  token: TOKEN,
  userinfo: {
    url: ME,
    // Every Trakt API call needs the API version and the app's client id as headers.
    async request({ tokens, fetch, provider }) {
      const res = await fetch(provider.userinfo.url ?? ME, {
        headers: {
          authorization: `Bearer ${tokens.access_token}`,
          "content-type": "application/json",
          "trakt-api-version": "2",
          "trakt-api-key": provider.clientId,
        },
      })
      if (!res.ok)
        throw new Error(
          `Trakt /users/me answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`,
        )
      return (await res.json()) as TraktProfile
    },
  },
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: p.ids.slug,
    name: p.name || p.username,
    email: null,
    image: p.images?.avatar.full ?? null,
  }),
  style: { bg: "#ed1c24", text: "#ffffff", bgDark: "#ed1c24", textDark: "#ffffff" },
})
