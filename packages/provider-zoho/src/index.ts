import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** Accounts server of each Zoho data centre (https://www.zoho.com/accounts/protocol/oauth/multi-dc.html). */
const DOMAINS = {
  us: "zoho.com",
  eu: "zoho.eu",
  in: "zoho.in",
  au: "zoho.com.au",
  jp: "zoho.jp",
  ca: "zohocloud.ca",
  sa: "zoho.sa",
  uk: "zoho.uk",
  cn: "zoho.com.cn",
}

export type ZohoDataCenter = keyof typeof DOMAINS

/** `GET /oauth/user/info` on the accounts server (scope `AaaServer.profile.Read`). */
export interface ZohoProfile extends Record<string, unknown> {
  /** Zoho user id (numeric); stored as a string. */
  ZUID: number
  First_Name?: string
  Last_Name?: string
  Display_Name?: string
  /** The primary email; Zoho does not say here whether it is verified. */
  Email?: string
}

export interface ZohoOptions extends OAuthUserConfig<ZohoProfile> {
  /** The data centre the accounts live in: "us" (default), "eu", "in", "au", "jp", "ca", "sa", "uk", "cn". */
  dataCenter?: ZohoDataCenter
}

/** Zoho answers token errors with HTTP 200 and `{ error }` (e.g. `invalid_code`): make them real errors. */
async function tokenErrors(res: Response): Promise<Response> {
  const body = (
    res.ok
      ? await res
          .clone()
          .json()
          .catch(() => undefined)
      : undefined
  ) as { error?: unknown } | undefined
  if (typeof body?.error !== "string") return res
  return new Response(JSON.stringify(body), {
    status: 400,
    headers: { "content-type": "application/json" },
  })
}

/**
 * Sign in with Zoho (OAuth 2.0).
 *
 * Setup: in the Zoho API Console add a "Server-based Applications" client with the callback URL
 * below as Authorized Redirect URI, then copy the client id and secret. Accounts outside the US data
 * centre: set `dataCenter`.
 *
 * Callback URL: `[origin]/api/auth/callback/zoho`
 * Portal: https://api-console.zoho.com/
 * Docs: https://www.zoho.com/accounts/protocol/oauth/web-server-applications.html
 * Required options: none
 *
 * @example
 * ```ts
 * import zoho from "@auth/provider-zoho"
 * Auth({ providers: [zoho({ dataCenter: "eu" })] })
 * ```
 * @see https://www.zoho.com/accounts/protocol/oauth/multi-dc.html
 */
export default defineProvider<ZohoProfile, ZohoOptions>(({ dataCenter = "us" }) => {
  const domain = DOMAINS[dataCenter]
  const accounts = `https://accounts.${domain ?? DOMAINS.us}`
  return {
    id: "zoho",
    name: "Zoho",
    type: "oauth",
    authorization: {
      url: `${accounts}/oauth/v2/auth`,
      params: { scope: "AaaServer.profile.Read" },
    },
    token: { url: `${accounts}/oauth/v2/token`, conform: tokenErrors },
    userinfo: `${accounts}/oauth/user/info`,
    client: { token_endpoint_auth_method: "client_secret_post" },
    profile: (p) => ({
      id: String(p.ZUID),
      name: p.Display_Name || [p.First_Name, p.Last_Name].filter(Boolean).join(" ") || null,
      email: p.Email ?? null,
      image: null,
    }),
    style: { bg: "#e42527", text: "#ffffff", bgDark: "#e42527", textDark: "#ffffff" },
    validate: () =>
      domain
        ? undefined
        : `\`dataCenter\` must be one of ${Object.keys(DOMAINS).join(", ")} (got ${JSON.stringify(dataCenter)}), e.g. zoho({ dataCenter: "eu" }).`,
  }
})
