import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://nid.naver.com/oauth2.0/authorize"
const TOKEN = "https://nid.naver.com/oauth2.0/token"
const ME = "https://openapi.naver.com/v1/nid/me"

/** `GET /v1/nid/me` (https://developers.naver.com/docs/login/profile/profile.md). */
export interface NaverProfile extends Record<string, unknown> {
  /** "00" on success; "024" authentication failed, "028" no token, "403", "404", "500"... otherwise. */
  resultcode: string
  /** "success", or what went wrong. */
  message: string
  /** The member: every field but `id` depends on the consent items the person agreed to. */
  response: {
    /** Unique, app-scoped member id (a string). */
    id: string
    /** Nickname (별명). */
    nickname?: string
    /** Real name (이름). */
    name?: string
    /** Contact email; Naver does not say whether it is verified. */
    email?: string
    gender?: "F" | "M" | "U"
    /** Age range, e.g. "20-29". */
    age?: string
    /** "MM-DD". */
    birthday?: string
    birthyear?: string
    /** Profile picture URL. */
    profile_image?: string
    mobile?: string
  }
}

/** A JSON body, or undefined. */
const json = (r: Response) =>
  r
    .clone()
    .json()
    .catch(() => undefined) as Promise<Record<string, string> | undefined>

/** Naver answers token errors with HTTP 200 and `{ error, error_description }`: make them real errors. */
async function tokenErrors(res: Response): Promise<Response> {
  const body = res.ok ? await json(res) : undefined
  if (typeof body?.error !== "string") return res
  return new Response(JSON.stringify(body), {
    status: 400,
    headers: { "content-type": "application/json" },
  })
}

/** `resultcode` other than "00" is a failure even under HTTP 200: surface Naver's code and message. */
async function meErrors(res: Response): Promise<Response> {
  const body = await json(res)
  if (!body?.resultcode || body.resultcode === "00") return res
  return new Response(`Naver resultcode ${body.resultcode}: ${body.message}`, {
    status: res.ok ? 502 : res.status,
  })
}

/**
 * Sign in with Naver (네이버 로그인, OAuth 2.0).
 *
 * Setup: register an application with the "네이버 로그인" API, add the callback URL below, choose the
 * consent items (nickname, profile image, email...), then copy the Client ID and Client Secret.
 *
 * Callback URL: `[origin]/api/auth/callback/naver`
 * Portal: https://developers.naver.com/apps/#/register
 * Docs: https://developers.naver.com/docs/login/api/api.md
 * Required options: none
 *
 * @example
 * ```ts
 * import naver from "@auth/provider-naver"
 * Auth({ providers: [naver()] })
 * ```
 * @see https://developers.naver.com/docs/login/profile/profile.md
 */
export default defineProvider<NaverProfile>({
  id: "naver",
  name: "Naver",
  type: "oauth",
  // No scope: Naver asks for the consent items configured for the app.
  authorization: AUTHORIZE,
  token: { url: TOKEN, conform: tokenErrors },
  userinfo: { url: ME, conform: meErrors },
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: ({ response: r }) => ({
    id: r.id,
    name: r.name ?? r.nickname ?? null,
    email: r.email ?? null,
    image: r.profile_image ?? null,
  }),
  style: { bg: "#03c75a", text: "#ffffff", bgDark: "#03c75a", textDark: "#ffffff" },
})
