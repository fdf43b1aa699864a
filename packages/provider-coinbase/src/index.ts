import { defineProvider } from "@auth/core"

/** The Coinbase user: `data` of `GET https://api.coinbase.com/v2/user` (`wallet:user:read`, `wallet:user:email`). */
export interface CoinbaseProfile extends Record<string, unknown> {
  data: {
    /** The user id (a UUID). */
    id: string
    name: string | null
    username?: string | null
    /** Only with the `wallet:user:email` scope. */
    email?: string | null
    avatar_url?: string | null
    profile_location?: string | null
    profile_bio?: string | null
    profile_url?: string | null
    resource?: "user"
    resource_path?: string
  }
}

/**
 * Sign in with Coinbase (OAuth 2.0).
 *
 * Setup: create an OAuth client in the Coinbase Developer Platform (API Keys > OAuth; new clients need
 * Coinbase's approval), add the callback URL below as a redirect URI, then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/coinbase`
 * Portal: https://portal.cdp.coinbase.com/
 * Docs: https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/reference
 * Required options: none
 *
 * @example
 * ```ts
 * import coinbase from "@auth/provider-coinbase"
 * Auth({ providers: [coinbase()] }) // AUTH_COINBASE_ID, AUTH_COINBASE_SECRET
 * ```
 * @see https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/overview
 */
export default defineProvider<CoinbaseProfile>({
  id: "coinbase",
  name: "Coinbase",
  type: "oauth",
  // Coinbase moved OAuth to login.coinbase.com; www.coinbase.com/oauth/* is the legacy flow.
  authorization: {
    url: "https://login.coinbase.com/oauth2/auth",
    params: { scope: "wallet:user:read wallet:user:email" },
  },
  token: "https://login.coinbase.com/oauth2/token",
  userinfo: "https://api.coinbase.com/v2/user",
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: ({ data: u }) => ({
    id: String(u.id),
    name: u.name ?? u.username ?? null,
    email: u.email ?? null,
    image: u.avatar_url ?? null,
  }),
  style: { bg: "#0052ff", text: "#ffffff", bgDark: "#0052ff", textDark: "#ffffff" },
})
