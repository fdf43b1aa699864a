import { defineProvider } from "@auth/core"

type Json = Record<string, unknown>
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

const METADATA = "https://login.mailchimp.com/oauth2/metadata"

/** `GET https://login.mailchimp.com/oauth2/metadata`: the account and the login that authorized the app. */
export interface MailchimpProfile extends Record<string, unknown> {
  /** The data center ("us6"): the Marketing API root is https://<dc>.api.mailchimp.com/3.0/. */
  dc: string
  role?: string
  accountname?: string
  /** The Mailchimp account id. */
  user_id?: number
  login: {
    /** The login (user) id: stored as a string. */
    login_id: number
    login_name?: string
    login_email?: string
    email?: string
    avatar?: string | null
  }
  login_url?: string
  api_endpoint?: string
}

/** Mailchimp's token answer has no token_type and `scope: null`: make it valid OAuth 2. */
async function conform(response: Response): Promise<Response> {
  const body = response.ok
    ? ((await response
        .clone()
        .json()
        .catch(() => undefined)) as Json | undefined)
    : undefined
  if (!body?.access_token) return response
  if (body.scope === null) delete body.scope
  return json({ token_type: "bearer", ...body })
}

/**
 * Sign in with Mailchimp (OAuth 2.0).
 *
 * Setup: in your Mailchimp account open Profile > Extras > Registered apps, register an app with the
 * callback URL below as its redirect URI, then copy the client id and secret.
 *
 * Callback URL: `[origin]/api/auth/callback/mailchimp`
 * Portal: https://admin.mailchimp.com/account/oauth2/
 * Docs: https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/
 * Required options: none
 *
 * @example
 * ```ts
 * import mailchimp from "@auth/provider-mailchimp"
 * Auth({ providers: [mailchimp()] }) // AUTH_MAILCHIMP_ID, AUTH_MAILCHIMP_SECRET
 * ```
 * @see https://mailchimp.com/developer/marketing/guides/access-user-data-oauth-2/
 */
export default defineProvider<MailchimpProfile>({
  id: "mailchimp",
  name: "Mailchimp",
  type: "oauth",
  // Mailchimp has no scopes: none is sent.
  authorization: "https://login.mailchimp.com/oauth2/authorize",
  token: { url: "https://login.mailchimp.com/oauth2/token", conform },
  userinfo: {
    url: METADATA,
    // The metadata endpoint wants `Authorization: OAuth <token>`.
    async request({ tokens, fetch, provider }) {
      const headers = { authorization: `OAuth ${tokens.access_token}` }
      const res = await fetch(provider.userinfo.url ?? METADATA, { headers })
      if (!res.ok)
        throw new Error(
          `Mailchimp metadata: HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`,
        )
      return (await res.json()) as MailchimpProfile
    },
  },
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: ({ login, accountname }) => ({
    id: String(login.login_id),
    name: login.login_name ?? accountname ?? null,
    email: login.login_email ?? login.email ?? null,
    image: login.avatar ?? null,
  }),
  style: { bg: "#ffe01b", text: "#241c15", bgDark: "#ffe01b", textDark: "#241c15" },
})
