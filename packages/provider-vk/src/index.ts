import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://id.vk.com/authorize"
const TOKEN = "https://id.vk.com/oauth2/auth"
const USER_INFO = "https://id.vk.com/oauth2/user_info"

/** `user` of `POST /oauth2/user_info` (https://id.vk.com/about/business/go/docs/en/vkid/latest/vk-id/connection/api-integration/api-description). */
export interface VKProfile extends Record<string, unknown> {
  /** VK user id (VK ID sends it as a string; stored as a string either way). */
  user_id: string | number
  first_name?: string
  last_name?: string
  /** Profile picture URL. */
  avatar?: string
  /** With the `email` scope; VK ID does not say whether it is verified. */
  email?: string
  /** With the `phone` scope (extended access). */
  phone?: string
  /** 1 female, 2 male, 0 not set. */
  sex?: number
  /** "DD.MM.YYYY". */
  birthday?: string
  /** Whether VK verified the account (the blue tick), not the email. */
  verified?: boolean
}

type Json = Record<string, unknown>

/** POSTs a form to VK ID and returns its JSON; VK's `{ error, error_description }` bodies become errors. */
async function post(
  fetch: typeof globalThis.fetch,
  url: string,
  form: Record<string, string>,
): Promise<Json> {
  const res = await fetch(url, { method: "POST", body: new URLSearchParams(form) })
  const body = (await res.json().catch(() => ({}))) as Json
  if (res.ok && !body.error) return body
  const error = String(body.error ?? `HTTP ${res.status}`)
  throw Object.assign(
    new Error(`VK ID ${url} answered ${error}: ${body.error_description ?? ""}`),
    { error, error_description: body.error_description },
  )
}

/**
 * Sign in with VK ID (VK's sign-in: OAuth 2.1 with PKCE).
 *
 * Setup: create a Web application in the VK ID business account, add your domain and the callback
 * URL below as a trusted Redirect URL, then copy the app ID (no secret is needed by this flow).
 *
 * Callback URL: `[origin]/api/auth/callback/vk`
 * Portal: https://id.vk.com/about/business/go
 * Docs: https://id.vk.com/about/business/go/docs/en/vkid/latest/vk-id/connection/api-integration/api-description
 * Required options: none
 *
 * @example
 * ```ts
 * import vk from "@auth/provider-vk"
 * Auth({ providers: [vk()] })
 * ```
 * @see https://id.vk.com/about/business/go/docs/en/vkid/latest/vk-id/intro/plan
 */
export default defineProvider<VKProfile>({
  id: "vk",
  name: "VK",
  type: "oauth",
  authorization: { url: AUTHORIZE, params: { scope: "vkid.personal_info email" } },
  // VK ID needs the `device_id` it adds to the callback: a custom exchange forwards it.
  token: {
    url: TOKEN,
    async request({ provider, params, checks, callbackUrl, fetch }) {
      if (!params.code || !params.device_id)
        throw new Error("VK ID's callback has no `code` or `device_id`: start the sign-in again.")
      const tokens = await post(fetch, provider.token.url ?? TOKEN, {
        grant_type: "authorization_code",
        code: params.code,
        code_verifier: checks.code_verifier ?? "",
        client_id: provider.clientId,
        device_id: params.device_id,
        redirect_uri: callbackUrl,
        state: params.state ?? "",
      })
      return { tokens }
    },
  },
  // VK ID takes the access token in the form body.
  userinfo: {
    url: USER_INFO,
    async request({ provider, tokens, fetch }) {
      const body = await post(fetch, provider.userinfo.url ?? USER_INFO, {
        client_id: provider.clientId,
        access_token: String(tokens.access_token),
      })
      return body.user as VKProfile
    },
  },
  profile: (p) => ({
    id: String(p.user_id),
    name: [p.first_name, p.last_name].filter(Boolean).join(" ") || null,
    email: p.email || null,
    image: p.avatar || null,
  }),
  style: { bg: "#0077ff", text: "#ffffff", bgDark: "#0077ff", textDark: "#ffffff" },
})
