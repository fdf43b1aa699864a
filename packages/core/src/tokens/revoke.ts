/**
 * Token revocation (RFC 7009) when an account goes away: best effort, never thrown, never blocking
 * for longer than the provider's `httpTimeout` per request.
 */
import type { AuthInternals } from "../config/resolve.js"
import { ProviderConfigs } from "../oauth/config.js"
import type { Account } from "../providers/types.js"
import { sessionUser } from "../session/user.js"
import { parseLease } from "./access-token.js"

/**
 * Revokes an account's refresh token, then its access token, at its provider's revocation endpoint
 * (the provider's `revocation` option, else `revocation_endpoint` from discovery), with the
 * provider's client authentication, as for the token endpoint. Without such an endpoint (or an
 * OAuth 1 provider, or a provider no longer configured) it does nothing. A failure is logged with
 * `logger.warn("TOKEN_REVOCATION_FAILED", ...)` and never thrown: call it before deleting the row.
 * `account` must hold the tokens in plaintext (as the adapter `Auth()` wraps returns them); a
 * refresh lease (`auth.refreshing:<until>:<nonce>:<token>`, see access-token.ts) revokes its token.
 */
export async function revokeAccountTokens(
  auth: AuthInternals,
  account: Partial<Account> & Pick<Account, "provider">,
): Promise<void> {
  const provider = auth.providers.get(account.provider)
  if (!provider || provider.version !== "2.0") return
  for (const tokenTypeHint of ["refresh_token", "access_token"] as const) {
    const stored = account[tokenTypeHint]
    const token = stored && (parseLease(stored)?.token ?? stored)
    if (!token) continue
    try {
      if (provider.revocation.request) {
        await provider.revocation.request({ provider, token, tokenTypeHint, fetch: provider.fetch })
        continue
      }
      const url = provider.revocation.url
      const configs = new ProviderConfigs()
      const [{ tokenRevocation }, config] = await Promise.all([
        import("./openid-client-impl.js"),
        url
          ? configs.variant(provider, { endpoints: { revocation_endpoint: url } })
          : configs.get(provider),
      ])
      if (!config.serverMetadata().revocation_endpoint) return
      const params: Record<string, string> = { token_type_hint: tokenTypeHint }
      for (const [key, value] of Object.entries(provider.revocation.params))
        if (value !== undefined) params[key] = value
      await tokenRevocation(config, token, params)
    } catch (error) {
      auth.logger.warn(
        "TOKEN_REVOCATION_FAILED",
        `Could not revoke the ${tokenTypeHint} of the ${provider.id} account "${account.providerAccountId}" (${(error as Error)?.message ?? error}). It stays valid at the provider until it expires; the account was removed here anyway.`,
      )
    }
  }
}

/**
 * `auth.deleteUser(input)`: revokes each account's tokens at its provider (best effort; an account
 * whose tokens cannot be read, e.g. TOKEN_DECRYPTION_FAILED, is logged and skipped: a user is never
 * kept alive by that), then deletes the user with the adapter. Null when nobody is signed in.
 */
export async function deleteUser(
  auth: AuthInternals,
  _configs: unknown,
  input: Request | Headers,
): Promise<string | null> {
  const userId = (await sessionUser(auth, input))?.userId
  const adapter = auth.adapter
  if (!adapter || !userId) return null
  const accounts = await Promise.resolve(adapter.getAccountsByUser?.(userId)).catch(
    (error: Error) => void auth.logger.error(error),
  )
  await Promise.all((accounts ?? []).map((account) => revokeAccountTokens(auth, account)))
  await adapter.deleteUser(userId)
  return userId
}
