import { defineProvider } from "@auth/core"

type Json = Record<string, unknown>
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

/** `GET https://oauth.mail.ru/userinfo` (scope `userinfo`). */
export interface MailRuProfile extends Record<string, unknown> {
  /** The user id (a numeric string). */
  id: string
  /** The Mail.ru mailbox of the account. */
  email?: string
  name?: string
  first_name?: string
  last_name?: string
  nickname?: string
  /** Avatar URL. */
  image?: string
  gender?: "m" | "f" | string
  birthday?: string
  locale?: string
  client_id?: string
}

/** Mail.ru may answer errors with HTTP 200 and `{ error }`, and leaves token_type out of its token answer. */
async function conform(response: Response): Promise<Response> {
  const body = response.ok
    ? ((await response
        .clone()
        .json()
        .catch(() => undefined)) as Json | undefined)
    : undefined
  if (!body) return response
  if (body.error) return json(body, 400)
  return body.access_token && !body.token_type ? json({ token_type: "bearer", ...body }) : response
}

/**
 * Sign in with Mail.ru (OAuth 2.0).
 *
 * Setup: create an application at oauth.mail.ru, add the callback URL below as a redirect URI, then copy
 * the application id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/mailru`
 * Portal: https://oauth.mail.ru/app/
 * Docs: https://oauth.mail.ru/docs
 * Required options: none
 *
 * @example
 * ```ts
 * import mailru from "@auth/provider-mailru"
 * Auth({ providers: [mailru()] }) // AUTH_MAILRU_ID, AUTH_MAILRU_SECRET
 * ```
 * @see https://oauth.mail.ru/docs
 */
export default defineProvider<MailRuProfile>({
  id: "mailru",
  name: "Mail.ru",
  type: "oauth",
  authorization: { url: "https://oauth.mail.ru/login", params: { scope: "userinfo" } },
  token: { url: "https://oauth.mail.ru/token", conform },
  userinfo: { url: "https://oauth.mail.ru/userinfo", conform },
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => ({
    id: String(p.id),
    name: p.name ?? ([p.first_name, p.last_name].filter(Boolean).join(" ") || p.nickname) ?? null,
    email: p.email ?? null,
    image: p.image ?? null,
  }),
  style: { bg: "#005ff9", text: "#ffffff", bgDark: "#005ff9", textDark: "#ffffff" },
})
