import { defineProvider, type OAuthUserConfig } from "@auth/core"

const TENANT = /^[a-z0-9][a-z0-9-]*$/i
const FLOW = /^B2C_1A?_[\w-]+$/i

/** Claims of an Azure AD B2C id_token (the ones your user flow is set to return). */
export interface AzureADB2CProfile extends Record<string, unknown> {
  /** The user's object id (or `oid`, depending on the user flow's subject claim). */
  sub: string
  oid?: string
  /** Display name ("Display Name" application claim). */
  name?: string
  given_name?: string
  family_name?: string
  /** Email addresses ("Email Addresses" application claim); B2C sends a list. */
  emails?: string[]
  /** The user flow (policy) that issued the token, e.g. "B2C_1_signupsignin1". */
  tfp?: string
  /** The identity provider for federated sign-ins, e.g. "google.com". */
  idp?: string
}

export interface AzureADB2COptions extends OAuthUserConfig<AzureADB2CProfile> {
  /** The B2C tenant name: "contoso" for contoso.onmicrosoft.com / contoso.b2clogin.com. */
  tenantId?: string
  /** The sign-up/sign-in user flow or custom policy, e.g. "B2C_1_signupsignin1" or "B2C_1A_signup_signin". */
  primaryUserFlow?: string
}

/**
 * Sign in with Azure AD B2C (OpenID Connect).
 *
 * Setup: register a web app in your B2C tenant, add the callback URL below as a Web redirect URI, create a
 * client secret, and create a sign-up/sign-in user flow that returns Display Name and Email Addresses.
 *
 * Callback URL: `[origin]/api/auth/callback/azure-ad-b2c`
 * Portal: https://portal.azure.com/#view/Microsoft_AAD_B2CAdmin/TenantManagementMenuBlade/~/overview
 * Docs: https://learn.microsoft.com/en-us/azure/active-directory-b2c/openid-connect
 * Required options: tenantId ("contoso"), primaryUserFlow ("B2C_1_signupsignin1")
 *
 * @example
 * ```ts
 * import azureAdB2c from "@auth/provider-azure-ad-b2c"
 * Auth({ providers: [azureAdB2c({ tenantId: "contoso", primaryUserFlow: "B2C_1_signupsignin1" })] })
 * ```
 * @see https://learn.microsoft.com/en-us/azure/active-directory-b2c/tokens-overview
 */
export default defineProvider<AzureADB2CProfile, AzureADB2COptions>(
  ({ tenantId: t, primaryUserFlow: flow, issuer }) => ({
    id: "azure-ad-b2c",
    name: "Azure AD B2C",
    type: "oidc",
    // With `issuer` alone (custom domains), discovery is <issuer>/.well-known/openid-configuration.
    wellKnown:
      issuer && !t && !flow
        ? undefined
        : `https://${t}.b2clogin.com/${t}.onmicrosoft.com/${flow}/v2.0/.well-known/openid-configuration`,
    authorization: {
      // offline_access: B2C returns a refresh token only for it.
      params: { scope: "openid offline_access" },
      // B2C returns an access_token only when the app's own client id is among the scopes.
      request({ provider: { clientId }, config, params }) {
        const url = new URL(config!.serverMetadata().authorization_endpoint!)
        const all = { ...params, client_id: clientId, scope: `${params.scope} ${clientId}` }
        for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v)
        return url
      },
    },
    checks: ["pkce", "state", "nonce"],
    validate: () =>
      (issuer && !t && !flow) || (TENANT.test(t ?? "") && FLOW.test(flow ?? ""))
        ? undefined
        : `give \`tenantId\` (the tenant name, e.g. "contoso") and \`primaryUserFlow\` (e.g. "B2C_1_signupsignin1"), ` +
          `or \`issuer\` (e.g. "https://login.contoso.com/tfp/<tenant-id>/B2C_1_signupsignin1/v2.0/"); ` +
          `got tenantId ${JSON.stringify(t)}, primaryUserFlow ${JSON.stringify(flow)}.`,
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? null,
      email: p.emails?.[0] ?? null,
      image: null,
    }),
    style: { bg: "#0078d4", text: "#ffffff", bgDark: "#0078d4", textDark: "#ffffff" },
  }),
)
