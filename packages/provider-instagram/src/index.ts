import { defineProvider } from "@auth/core"

type Json = Record<string, unknown>
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

/** `GET https://graph.instagram.com/v26.0/me` (Instagram API with Instagram Login, `instagram_business_basic`). */
export interface InstagramProfile extends Record<string, unknown> {
  /** The app-scoped id. */
  id: string
  /** The Instagram professional account id (a numeric string). */
  user_id?: string
  username: string
  name?: string
  account_type?: "Business" | "Media_Creator" | string
  profile_picture_url?: string
}

/** Instagram's code exchange may wrap the token in `data: [...]` and has no token_type: normalise it. */
async function flatten(response: Response): Promise<Response> {
  const body = response.ok
    ? ((await response
        .clone()
        .json()
        .catch(() => undefined)) as Json | undefined)
    : undefined
  if (!body) return response
  const token = (Array.isArray(body.data) ? body.data[0] : body) as Json
  delete token.permissions // an array in some answers: not the OAuth `scope`, and not needed
  return json({ token_type: "bearer", ...token })
}

/**
 * Sign in with Instagram (OAuth 2.0, Instagram API with Instagram Login).
 *
 * Setup: in Meta for Developers create an app with the Instagram use case ("API setup with Instagram
 * login"), add the callback URL below under Business login settings, then copy the Instagram app ID and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/instagram`
 * Portal: https://developers.facebook.com/apps/
 * Docs: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 * Required options: none
 *
 * @example
 * ```ts
 * import instagram from "@auth/provider-instagram"
 * Auth({ providers: [instagram()] }) // AUTH_INSTAGRAM_ID, AUTH_INSTAGRAM_SECRET
 * ```
 * @see https://developers.facebook.com/docs/instagram-platform/reference/me
 */
export default defineProvider<InstagramProfile>({
  id: "instagram",
  name: "Instagram",
  type: "oauth",
  authorization: {
    url: "https://www.instagram.com/oauth/authorize",
    params: { scope: "instagram_business_basic" },
  },
  token: { url: "https://api.instagram.com/oauth/access_token", conform: flatten },
  userinfo: {
    url: "https://graph.instagram.com/v26.0/me",
    params: { fields: "id,user_id,username,name,profile_picture_url" },
  },
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.user_id ?? p.id),
    name: p.name || p.username,
    // Instagram never shares an email address.
    email: null,
    image: p.profile_picture_url ?? null,
  }),
  style: { bg: "#e1306c", text: "#ffffff", bgDark: "#e1306c", textDark: "#ffffff" },
})
