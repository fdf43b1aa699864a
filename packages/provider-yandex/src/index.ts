import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://oauth.yandex.ru/authorize"
const TOKEN = "https://oauth.yandex.ru/token"
const INFO = "https://login.yandex.ru/info?format=json"

/** `GET https://login.yandex.ru/info` (https://yandex.ru/dev/id/doc/en/user-information). */
export interface YandexProfile extends Record<string, unknown> {
  /** Unique Yandex user id (a string). */
  id: string
  login: string
  client_id: string
  /** App-scoped user id. */
  psuid: string
  /** With `login:email`. Yandex does not say whether it is verified. */
  default_email?: string
  emails?: string[]
  /** With `login:avatar`: the picture is `https://avatars.yandex.net/get-yapic/<id>/<size>`. */
  default_avatar_id?: string
  /** True when the user has no picture (the id then points at a placeholder). */
  is_avatar_empty?: boolean
  /** With `login:info`. */
  first_name?: string
  last_name?: string
  display_name?: string
  real_name?: string
  sex?: "male" | "female" | null
  /** With `login:birthday`: "YYYY-MM-DD". */
  birthday?: string | null
  /** With `login:default_phone`. */
  default_phone?: { id: number; number: string }
}

/**
 * Sign in with Yandex ID (OAuth 2.0).
 *
 * Setup: create an app in Yandex OAuth, choose the Yandex ID rights (login:info, login:email,
 * login:avatar), add the callback URL below as a Redirect URI, then copy the ClientID and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/yandex`
 * Portal: https://oauth.yandex.com/client/new
 * Docs: https://yandex.com/dev/id/doc/en/codes/code-url
 * Required options: none
 *
 * @example
 * ```ts
 * import yandex from "@auth/provider-yandex"
 * Auth({ providers: [yandex()] })
 * ```
 * @see https://yandex.com/dev/id/doc/en/user-information
 */
export default defineProvider<YandexProfile>({
  id: "yandex",
  name: "Yandex",
  type: "oauth",
  authorization: { url: AUTHORIZE, params: { scope: "login:info login:email login:avatar" } },
  token: TOKEN,
  userinfo: {
    url: INFO,
    // Yandex documents its own `Authorization: OAuth <token>` scheme for this API.
    async request({ tokens, fetch }) {
      const res = await fetch(INFO, { headers: { authorization: `OAuth ${tokens.access_token}` } })
      if (!res.ok)
        throw new Error(
          `Yandex ID /info answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`,
        )
      return (await res.json()) as YandexProfile
    },
  },
  profile: (p) => ({
    id: String(p.id),
    name: p.display_name || p.real_name || p.first_name || p.login,
    email: p.default_email ?? p.emails?.[0] ?? null,
    image:
      !p.is_avatar_empty && p.default_avatar_id
        ? `https://avatars.yandex.net/get-yapic/${p.default_avatar_id}/islands-200`
        : null,
  }),
  style: { bg: "#ffcc00", text: "#000000", bgDark: "#ffcc00", textDark: "#000000" },
})
