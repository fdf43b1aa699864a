import { defineProvider, type OAuthUserConfig } from "@auth/core"

const LOGIN = "https://login.microsoftonline.com"
// A directory (tenant) GUID or domain, or one of the multi-tenant aliases common/organizations/consumers.
const TENANT = /^[a-z0-9][a-z0-9.-]*$/i

/** Claims of a Microsoft identity platform v2.0 id_token. */
export interface AzureADProfile extends Record<string, unknown> {
  /** Pairwise id of the person for this app: stable, use it to identify the account. */
  sub: string
  /** Object id of the person in their directory (the same across apps of that tenant). */
  oid?: string
  /** The directory (tenant) the person signed in from; 9188040d-6c67-4c5b-b112-36a304b66dad for personal accounts. */
  tid?: string
  /** `https://login.microsoftonline.com/{tid}/v2.0`. */
  iss: string
  name?: string
  /** The sign-in name (often an email or UPN, not verified, may change). */
  preferred_username?: string
  /** Email, if the account has one. Microsoft does not verify it unless `xms_edov` says so. */
  email?: string
  /** Optional claim: whether the email's domain owner is verified. Request it in Token configuration. */
  xms_edov?: boolean | string
  ver?: "2.0"
}

export interface AzureADOptions extends OAuthUserConfig<AzureADProfile> {
  /** Directory (tenant) id or domain, or "common" (default), "organizations" or "consumers". */
  tenantId?: string
}

/**
 * Sign in with Microsoft Entra ID (Azure AD, OpenID Connect).
 *
 * Setup: register an app (App registrations > New registration), choose who may sign in, add the callback URL
 * below as a Web redirect URI, then create a client secret under Certificates & secrets.
 *
 * Callback URL: `[origin]/api/auth/callback/azure-ad`
 * Portal: https://entra.microsoft.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade
 * Docs: https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc
 * Required options: none
 *
 * @example
 * ```ts
 * import azureAd from "@auth/provider-azure-ad"
 * Auth({ providers: [azureAd({ tenantId: "contoso.onmicrosoft.com" })] }) // default tenantId: "common"
 * ```
 * @see https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference
 */
export default defineProvider<AzureADProfile, AzureADOptions>(({ tenantId = "common" }) => ({
  id: "azure-ad",
  name: "Microsoft Entra ID",
  type: "oidc",
  wellKnown: `${LOGIN}/${tenantId}/v2.0/.well-known/openid-configuration`,
  authorization: { params: { scope: "openid profile email" } },
  // common/organizations publish the issuer template .../{tenantid}/v2.0: each id_token must carry
  // exactly the issuer of its own `tid` (and is validated in full against it).
  expectedIssuer: ({ tid }, issuer) =>
    typeof tid === "string" && TENANT.test(tid) ? issuer.replace("{tenantid}", tid) : undefined,
  checks: ["pkce", "state", "nonce"],
  validate: () =>
    TENANT.test(tenantId)
      ? undefined
      : `\`tenantId\` must be a directory (tenant) id or domain, or "common", "organizations" or "consumers", ` +
        `e.g. "contoso.onmicrosoft.com" (got ${JSON.stringify(tenantId)}).`,
  profile: (p) => ({
    id: p.sub,
    name: p.name ?? p.preferred_username ?? null,
    // The email claim is unverified (anyone can set it in their tenant) unless xms_edov vouches for it.
    email: String(p.xms_edov) === "true" || String(p.xms_edov) === "1" ? (p.email ?? null) : null,
    image: null,
  }),
  style: { bg: "#0078d4", text: "#ffffff", bgDark: "#0078d4", textDark: "#ffffff" },
}))
