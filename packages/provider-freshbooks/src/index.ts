import { defineProvider } from "@auth/core"

/** `GET https://api.freshbooks.com/auth/api/v1/users/me`: the FreshBooks identity, under `response`. */
export interface FreshBooksProfile extends Record<string, unknown> {
  response: {
    /** The identity id (numeric): stored as a string. */
    id: number
    identity_id?: number
    identity_uuid?: string
    first_name?: string | null
    last_name?: string | null
    email?: string | null
    /** When the email was confirmed; null while it is not. */
    confirmed_at?: string | null
    language?: string
    /** The businesses this identity belongs to, with the account ids the accounting API needs. */
    business_memberships?: Array<{
      id: number
      role: string
      business: { id: number; name: string; account_id: string | null; business_uuid?: string }
    }>
    profile?: { first_name?: string; last_name?: string; email?: string }
  }
}

/**
 * Sign in with FreshBooks (OAuth 2.0).
 *
 * Setup: in FreshBooks' developer page create an app, tick the `user:profile:read` scope, add the
 * callback URL below as a redirect URI (https only), then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/freshbooks`
 * Portal: https://my.freshbooks.com/#/developer
 * Docs: https://www.freshbooks.com/api/authenticating-with-oauth-2-0-on-the-new-freshbooks-api
 * Required options: none
 *
 * @example
 * ```ts
 * import freshbooks from "@auth/provider-freshbooks"
 * Auth({ providers: [freshbooks()] }) // AUTH_FRESHBOOKS_ID, AUTH_FRESHBOOKS_SECRET
 * ```
 * @see https://www.freshbooks.com/api/me_endpoint
 */
export default defineProvider<FreshBooksProfile>({
  id: "freshbooks",
  name: "FreshBooks",
  type: "oauth",
  // No scope parameter: FreshBooks grants the scopes ticked on the app.
  authorization: "https://auth.freshbooks.com/oauth/authorize",
  token: "https://api.freshbooks.com/auth/oauth/token",
  userinfo: "https://api.freshbooks.com/auth/api/v1/users/me",
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: ({ response: r }) => ({
    id: String(r.id),
    name: [r.first_name, r.last_name].filter(Boolean).join(" ") || null,
    // Only a confirmed address is trusted.
    email: r.confirmed_at ? (r.email ?? null) : null,
    image: null,
  }),
  style: { bg: "#0075dd", text: "#ffffff", bgDark: "#0075dd", textDark: "#ffffff" },
})
