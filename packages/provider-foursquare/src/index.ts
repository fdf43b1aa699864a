import { defineProvider, type OAuthUserConfig } from "@auth/core"

type Json = Record<string, unknown>
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

const SELF = "https://api.foursquare.com/v2/users/self"

/** The Foursquare user, `response.user` of `GET /v2/users/self` (legacy v2 API, user auth). */
export interface FoursquareProfile extends Record<string, unknown> {
  /** The user id (a numeric string). */
  id: string
  firstName?: string
  lastName?: string
  /** Build a photo URL as prefix + size (e.g. "original" or "100x100") + suffix. */
  photo?: { prefix: string; suffix: string }
  contact?: { email?: string; phone?: string; twitter?: string; facebook?: string }
  homeCity?: string
  gender?: string
  canonicalUrl?: string
}

export interface FoursquareOptions extends OAuthUserConfig<FoursquareProfile> {
  /** The `v` date (YYYYMMDD) the v2 API behaves as of; default "20230131". */
  apiVersion?: string
}

/** Foursquare's token answer is just `{ access_token }`: add the token_type OAuth 2 requires. */
async function bearer(response: Response): Promise<Response> {
  const body = response.ok
    ? ((await response
        .clone()
        .json()
        .catch(() => undefined)) as Json | undefined)
    : undefined
  if (!body || body.token_type) return response
  return json({ ...body, token_type: "bearer" }, response.status)
}

/**
 * Sign in with Foursquare (OAuth 2.0, legacy v2 user authentication).
 *
 * Setup: in the Foursquare developer console open the project's OAuth Authentication settings, set the
 * redirect URL to the callback URL below, then copy the client id and client secret.
 *
 * Callback URL: `[origin]/api/auth/callback/foursquare`
 * Portal: https://foursquare.com/developers/home
 * Docs: https://docs.foursquare.com/developer/reference/v2-authentication
 * Required options: none
 *
 * @example
 * ```ts
 * import foursquare from "@auth/provider-foursquare"
 * Auth({ providers: [foursquare({ apiVersion: "20230131" })] }) // AUTH_FOURSQUARE_ID, AUTH_FOURSQUARE_SECRET
 * ```
 * @see https://docs.foursquare.com/developer/docs/using-oauth-authentication
 */
export default defineProvider<FoursquareProfile, FoursquareOptions>((options) => ({
  id: "foursquare",
  name: "Foursquare",
  type: "oauth",
  // Foursquare has no scopes.
  authorization: "https://foursquare.com/oauth2/authenticate",
  token: { url: "https://foursquare.com/oauth2/access_token", conform: bearer },
  userinfo: {
    url: SELF,
    async request({ tokens, fetch, provider }) {
      // The v2 API takes the token as the `oauth_token` query parameter, with the `v` version date.
      const url = new URL(provider.userinfo.url ?? SELF)
      url.searchParams.set("oauth_token", String(tokens.access_token))
      url.searchParams.set("v", options.apiVersion ?? "20230131")
      const res = await fetch(url)
      type Answer = { meta?: { errorDetail?: string }; response?: { user?: FoursquareProfile } }
      const body = (await res.json().catch(() => ({}))) as Answer
      if (!res.ok || !body.response?.user) {
        throw new Error(
          `Foursquare users/self answered HTTP ${res.status}: ${body.meta?.errorDetail ?? "no user"}`,
        )
      }
      return body.response.user
    },
  },
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.id),
    name: [p.firstName, p.lastName].filter(Boolean).join(" ") || null,
    email: p.contact?.email ?? null,
    image: p.photo ? `${p.photo.prefix}original${p.photo.suffix}` : null,
  }),
  style: { bg: "#3333ff", text: "#ffffff", bgDark: "#3333ff", textDark: "#ffffff" },
}))
