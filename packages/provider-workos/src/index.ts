import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** WorkOS's SSO Profile, returned with the token (https://workos.com/docs/reference/sso/profile). */
export interface WorkOSProfile extends Record<string, unknown> {
  object: "profile"
  /** The WorkOS profile id (`prof_...`): stable per user and connection. */
  id: string
  /** The user's id at the identity provider. */
  idp_id: string
  organization_id: string | null
  connection_id: string
  /** e.g. "OktaSAML", "GoogleOAuth", "AzureSAML". */
  connection_type: string
  /** The email the identity provider asserted. */
  email: string
  first_name: string | null
  last_name: string | null
  /** The role in the organization, when roles are set up. */
  role?: { slug: string }
  groups?: string[]
  custom_attributes?: Record<string, unknown>
  raw_attributes?: Record<string, unknown>
}

export interface WorkOSOptions extends OAuthUserConfig<WorkOSProfile> {
  /** The WorkOS API, `https://api.workos.com` by default. */
  issuer?: string
  /** Always sign in through this connection (`conn_...`); or pass `connection` at sign-in. */
  connection?: string
  /** Always sign in through this organization's connection (`org_...`); or pass `organization` at sign-in. */
  organization?: string
}

/**
 * Sign in with WorkOS SSO (OAuth 2.0).
 *
 * Setup: in the WorkOS dashboard add the callback URL below as a redirect URI, set up a connection
 * per organization, then use the client id and your API key as the client secret. Each sign-in names
 * a `connection` or an `organization` (or a `provider` such as GoogleOAuth).
 *
 * Callback URL: `[origin]/api/auth/callback/workos`
 * Portal: https://dashboard.workos.com
 * Docs: https://workos.com/docs/reference/sso
 * Required options: none
 *
 * @example
 * ```ts
 * import workos from "@auth/provider-workos"
 * Auth({ providers: [workos()] })
 * // sign in: POST /api/auth/signin/workos?organization=org_01EHQMYV6MBK39QC5PZXHY59C3
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749
 */
export default defineProvider<WorkOSProfile, WorkOSOptions>((options) => {
  const api = options.issuer?.replace(/\/+$/, "") ?? "https://api.workos.com"
  return {
    id: "workos",
    name: "WorkOS",
    type: "oauth",
    issuer: options.issuer,
    authorization: {
      url: `${api}/sso/authorize`,
      params: { scope: "", connection: options.connection, organization: options.organization },
    },
    // The API key is the client secret, sent in the body.
    token: `${api}/sso/token`,
    client: { token_endpoint_auth_method: "client_secret_post" },
    // The token response carries the profile: no further request.
    userinfo: {
      url: `${api}/sso/profile`,
      request: ({ tokens }) => tokens.profile as WorkOSProfile,
    },
    // SSO asserts the email; WorkOS does not say whether anyone verified it.
    profile: (p) => ({
      id: p.id,
      name: [p.first_name, p.last_name].filter(Boolean).join(" ") || null,
      email: p.email ?? null,
      image: null,
    }),
    style: { bg: "#6363f1", text: "#ffffff", bgDark: "#6363f1", textDark: "#ffffff" },
  }
})
