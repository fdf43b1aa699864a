import { defineProvider } from "@auth/core"

const INFO = "https://api.hubapi.com/oauth/v1/access-tokens/"

/** `GET /oauth/v1/access-tokens/{token}`: what HubSpot says about the token, and so about its user. */
export interface HubSpotProfile extends Record<string, unknown> {
  /** The HubSpot user id (numeric): stored as a string. */
  user_id: number
  /** The email of the user who authorized the app. */
  user: string
  /** The HubSpot account (portal) the app was installed in. */
  hub_id: number
  hub_domain?: string
  app_id: number
  scopes: string[]
  token_type?: string
  expires_in: number
}

/**
 * Sign in with HubSpot (OAuth 2.0).
 *
 * Setup: create an app in a HubSpot developer account, add the callback URL below as a redirect URL
 * under Auth, require the `oauth` scope, then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/hubspot`
 * Portal: https://app.hubspot.com/developer
 * Docs: https://developers.hubspot.com/docs/apps/legacy-apps/authentication/working-with-oauth
 * Required options: none
 *
 * @example
 * ```ts
 * import hubspot from "@auth/provider-hubspot"
 * Auth({ providers: [hubspot()] }) // AUTH_HUBSPOT_ID, AUTH_HUBSPOT_SECRET
 * ```
 * @see https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/get-oauth-token-metadata
 */
export default defineProvider<HubSpotProfile>({
  id: "hubspot",
  name: "HubSpot",
  type: "oauth",
  authorization: { url: "https://app.hubspot.com/oauth/authorize", params: { scope: "oauth" } },
  token: "https://api.hubapi.com/oauth/v1/token",
  userinfo: {
    url: INFO,
    // HubSpot has no userinfo endpoint: the token-information endpoint (token in the path, no header) names the user.
    async request({ tokens, fetch, provider }) {
      const res = await fetch(
        `${provider.userinfo.url ?? INFO}${encodeURIComponent(String(tokens.access_token))}`,
      )
      if (!res.ok)
        throw new Error(
          `HubSpot token information: HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`,
        )
      return (await res.json()) as HubSpotProfile
    },
  },
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({ id: String(p.user_id), name: null, email: p.user ?? null, image: null }),
  style: { bg: "#ff7a59", text: "#ffffff", bgDark: "#ff7a59", textDark: "#ffffff" },
})
