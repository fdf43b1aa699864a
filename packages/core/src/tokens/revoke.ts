/**
 * Token revocation (RFC 7009) when an account goes away: best effort, never thrown, never blocking
 * for longer than the provider's `httpTimeout` per request.
 */
import type { AuthInternals } from "../config/resolve.js"
import { ProviderConfigs } from "../oauth/config.js"
import { openidClient } from "../oauth/openid-client.js"
import type { Account } from "../providers/types.js"

/**
 * Revokes an account's refresh token, then its access token, at its provider's revocation endpoint
 * (the provider's `revocation` option, else `revocation_endpoint` from discovery), with the
 * provider's client authentication, as for the token endpoint. Without such an endpoint (or an
 * OAuth 1 provider, or a provider no longer configured) it does nothing. A failure is logged with
 * `logger.warn("TOKEN_REVOCATION_FAILED", ...)` and never thrown: call it before deleting the row.
 * `account` must hold the tokens in plaintext (as the adapter `Auth()` wraps returns them).
 */
export async function revokeAccountTokens(auth: AuthInternals, account: Partial<Account> & Pick<Account, "provider">): Promise<void> {
  const provider = auth.providers.get(account.provider)
  if (!provider || provider.version !== "2.0") return
  for (const tokenTypeHint of ["refresh_token", "access_token"] as const) {
    const token = account[tokenTypeHint]
    if (!token) continue
    try {
      if (provider.revocation.request) {
        await provider.revocation.request({ provider, token, tokenTypeHint, fetch: provider.fetch })
        continue
      }
      const [oidc, config] = await Promise.all([openidClient(), new ProviderConfigs().get(provider)])
      if (!config.serverMetadata().revocation_endpoint) return
      const params: Record<string, string> = { token_type_hint: tokenTypeHint }
      for (const [key, value] of Object.entries(provider.revocation.params)) if (value !== undefined) params[key] = value
      await oidc.tokenRevocation(config, token, params)
    } catch (error) {
      auth.logger.warn(
        "TOKEN_REVOCATION_FAILED",
        `Could not revoke the ${tokenTypeHint} of the ${provider.id} account "${account.providerAccountId}" (${(error as Error)?.message ?? error}). It stays valid at the provider until it expires; the account was removed here anyway.`,
      )
    }
  }
}
