import { defineProvider } from "@auth/core"

/** The Box user, from `GET https://api.box.com/2.0/users/me` (https://developer.box.com/reference/get-users-me/). */
export interface BoxProfile extends Record<string, unknown> {
  /** The user id: a numeric string. */
  id: string
  type: "user"
  name: string
  /** The primary login email of the account. */
  login: string
  /** URL of the avatar (needs the access token to download). */
  avatar_url?: string
  status?: "active" | "inactive" | "cannot_delete_edit" | "cannot_delete_edit_upload"
  language?: string
  timezone?: string
  job_title?: string
  created_at?: string
  modified_at?: string
}

/**
 * Sign in with Box (OAuth 2.0).
 *
 * Setup: in the Box developer console create a Custom App with "User Authentication (OAuth 2.0)",
 * add the callback URL below as its redirect URI, then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/box`
 * Portal: https://app.box.com/developers/console
 * Docs: https://developer.box.com/guides/authentication/oauth2/
 * Required options: none
 *
 * @example
 * ```ts
 * import box from "@auth/provider-box"
 * Auth({ providers: [box()] }) // AUTH_BOX_ID, AUTH_BOX_SECRET
 * ```
 * @see https://developer.box.com/reference/get-users-me/
 */
export default defineProvider<BoxProfile>({
  id: "box",
  name: "Box",
  type: "oauth",
  // No scope: Box grants the scopes configured on the app (and rejects unknown ones such as `openid`).
  authorization: "https://account.box.com/api/oauth2/authorize",
  token: "https://api.box.com/oauth2/token",
  userinfo: "https://api.box.com/2.0/users/me",
  // Box's token endpoint reads client_id and client_secret from the form body.
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.id),
    name: p.name ?? null,
    email: p.login ?? null,
    image: p.avatar_url ?? null,
  }),
  style: { bg: "#0061d5", text: "#ffffff", bgDark: "#0061d5", textDark: "#ffffff" },
})
