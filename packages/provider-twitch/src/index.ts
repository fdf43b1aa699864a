import { defineProvider } from "@auth/core"

const ISSUER = "https://id.twitch.tv/oauth2"
// OIDC Core §5.5: ask for these claims in the id_token (otherwise Twitch puts few claims there).
const CLAIMS = JSON.stringify({
  id_token: { email: null, email_verified: null, picture: null, preferred_username: null },
})

/** Claims of Twitch's id_token, as requested through the `claims` parameter. */
export interface TwitchProfile extends Record<string, unknown> {
  /** The Twitch user id, e.g. "713936733". */
  sub: string
  /** The display name (login name with the user's capitalisation). */
  preferred_username?: string
  /** The account's email (`user:read:email` scope and the `email` claim). */
  email?: string
  /** Whether Twitch verified the email. */
  email_verified?: boolean
  /** Profile image URL. */
  picture?: string
  /** Client id the token was issued to. */
  azp?: string
}

/** Twitch sends `scope` as a JSON array; OAuth (RFC 6749 §5.1) and the Account want a space-separated string. */
async function scopeAsString(response: Response): Promise<Response> {
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { scope?: unknown } | undefined
  if (!Array.isArray(body?.scope)) return response
  const headers = new Headers(response.headers)
  headers.delete("content-length")
  return new Response(JSON.stringify({ ...body, scope: body.scope.join(" ") }), {
    status: response.status,
    headers,
  })
}

/**
 * Sign in with Twitch (OpenID Connect).
 *
 * Setup: register an application (category "Website Integration"), add the callback URL below as an OAuth
 * Redirect URL, choose a confidential client, then copy the client id and create a client secret.
 *
 * Callback URL: `[origin]/api/auth/callback/twitch`
 * Portal: https://dev.twitch.tv/console/apps
 * Docs: https://dev.twitch.tv/docs/authentication/getting-tokens-oidc/
 * Required options: none
 *
 * @example
 * ```ts
 * import twitch from "@auth/provider-twitch"
 * Auth({ providers: [twitch()] }) // AUTH_TWITCH_ID, AUTH_TWITCH_SECRET
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClaimsParameter
 */
export default defineProvider<TwitchProfile>({
  id: "twitch",
  name: "Twitch",
  type: "oidc",
  issuer: ISSUER,
  authorization: { params: { scope: "openid user:read:email", claims: CLAIMS } },
  token: { conform: scopeAsString },
  // Twitch reads the client secret from the body.
  client: { token_endpoint_auth_method: "client_secret_post" },
  checks: ["state", "nonce"],
  profile: (p) => ({
    id: p.sub,
    name: p.preferred_username ?? null,
    email: p.email_verified === true ? (p.email ?? null) : null,
    image: p.picture ?? null,
  }),
  style: { bg: "#9146ff", text: "#ffffff", bgDark: "#9146ff", textDark: "#ffffff" },
})
