import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://www.patreon.com/oauth2/authorize"
const TOKEN = "https://www.patreon.com/api/oauth2/token"
const IDENTITY = "https://www.patreon.com/api/oauth2/v2/identity"

/** `GET /api/oauth2/v2/identity` (JSON:API; https://docs.patreon.com/#get-api-oauth2-v2-identity). */
export interface PatreonProfile extends Record<string, unknown> {
  data: {
    /** The user's id: a string. */
    id: string
    type: "user"
    /** Only the fields asked for with `fields[user]` are present. */
    attributes: {
      full_name?: string
      /** Needs the `identity[email]` scope. */
      email?: string
      /** Whether Patreon verified the email: an unverified one is not used. */
      is_email_verified?: boolean
      image_url?: string
      thumb_url?: string
      vanity?: string | null
      url?: string
    }
  }
  links?: { self: string }
}

/**
 * Sign in with Patreon (OAuth 2.0, API v2).
 *
 * Setup: register a client in the Patreon developer portal, add the callback URL below as a
 * redirect URI, choose API version 2, then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/patreon`
 * Portal: https://www.patreon.com/portal/registration/register-clients
 * Docs: https://docs.patreon.com/#oauth
 * Required options: none
 *
 * @example
 * ```ts
 * import patreon from "@auth/provider-patreon"
 * Auth({ providers: [patreon()] })
 * ```
 * @see https://docs.patreon.com/#get-api-oauth2-v2-identity
 */
export default defineProvider<PatreonProfile>({
  id: "patreon",
  name: "Patreon",
  type: "oauth",
  authorization: { url: AUTHORIZE, params: { scope: "identity identity[email]" } },
  token: TOKEN,
  userinfo: {
    url: IDENTITY,
    params: { "fields[user]": "email,full_name,image_url,is_email_verified" },
  },
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: ({ data: { id, attributes: a } }) => ({
    id: String(id),
    name: a.full_name ?? null,
    email: a.is_email_verified === false ? null : (a.email ?? null),
    image: a.image_url ?? null,
  }),
  style: { bg: "#000000", text: "#ffffff", bgDark: "#ffffff", textDark: "#000000" },
})
