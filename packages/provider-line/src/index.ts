import { defineProvider } from "@auth/core"

const ISSUER = "https://access.line.me"

/** Claims of a LINE Login (v2.1) id_token. */
export interface LineProfile extends Record<string, unknown> {
  /** The LINE user id for your provider, e.g. "U1234567890abcdef1234567890abcdef". */
  sub: string
  /** Display name (`profile` scope). */
  name?: string
  /** Profile image URL (`profile` scope). */
  picture?: string
  /** Email (`email` scope, which the channel must be approved for); LINE says nothing about verification. */
  email?: string
  /** How the user authenticated, e.g. ["pwd"] or ["lineqr"]. */
  amr?: string[]
  auth_time?: number
}

/**
 * Sign in with LINE (OpenID Connect).
 *
 * Setup: create a LINE Login channel (app type "Web app"), add the callback URL below under LINE Login >
 * Callback URL, apply for email permission under OpenID Connect, then copy the channel id and channel secret.
 *
 * Callback URL: `[origin]/api/auth/callback/line`
 * Portal: https://developers.line.biz/console/
 * Docs: https://developers.line.biz/en/docs/line-login/integrate-line-login/
 * Required options: none
 *
 * @example
 * ```ts
 * import line from "@auth/provider-line"
 * Auth({ providers: [line()] }) // AUTH_LINE_ID (channel id), AUTH_LINE_SECRET (channel secret)
 * // LINE SDK / LIFF ID tokens at POST [basePath]/id-token/line (audience: the channel id)
 * line({ idTokenSignIn: { audiences: [] } })
 * ```
 * @see https://developers.line.biz/en/docs/line-login/verify-id-token/
 */
export default defineProvider<LineProfile>({
  id: "line",
  name: "LINE",
  type: "oidc",
  issuer: ISSUER,
  authorization: { params: { scope: "openid profile email" } },
  client: {
    // Web-login id_tokens are HS256-signed with the channel secret (the discovery document lists only ES256,
    // which LINE uses for its SDKs and LIFF). Core verifies the MAC with the client secret.
    id_token_signed_response_alg: "HS256",
    token_endpoint_auth_method: "client_secret_post",
  },
  checks: ["pkce", "state", "nonce"],
  profile: (p) => ({
    id: p.sub,
    name: p.name ?? null,
    email: p.email ?? null,
    image: p.picture ?? null,
  }),
  style: { bg: "#06c755", text: "#ffffff", bgDark: "#06c755", textDark: "#ffffff" },
})
