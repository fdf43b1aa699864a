/**
 * The `refresh_token` grant (RFC 6749 §6) through openid-client, with the provider's client
 * authentication, fetch (bounded by `httpTimeout`) and `token.conform` hook, at the provider's
 * `refresh` endpoint (default: its token endpoint), or its own `refresh.request`.
 */
import { AuthError } from "../errors/index.js"
import { toTokenSet } from "../oauth/callback.js"
import type { ProviderConfigs } from "../oauth/config.js"
import { mapOAuthError } from "../oauth/errors.js"
import type { ResolvedProvider, TokenSet } from "../providers/types.js"

/** The OAuth error of a failed grant (openid-client's ResponseBodyError, or an error a hook threw). */
function oauthError(error: unknown): { error?: string; error_description?: string } {
  const e = error as {
    error?: unknown
    error_description?: unknown
    cause?: { error?: unknown; error_description?: unknown }
  }
  const body = typeof e?.error === "string" ? e : e?.cause
  return typeof body?.error === "string"
    ? { error: body.error, error_description: body.error_description as string | undefined }
    : {}
}

function refreshFailure(provider: ResolvedProvider, error: unknown): AuthError {
  const { error: code, error_description: description } = oauthError(error)
  if (code === "invalid_grant") {
    return new AuthError("AccessTokenError", {
      code: "REFRESH_TOKEN_INVALID",
      providerId: provider.id,
      cause: error,
      message: `"${provider.id}" refused the refresh token (invalid_grant${description ? `: ${description}` : ""}): it was revoked, expired, or already used. The account is marked (refresh_token cleared, extras.refresh_error set); ask the person to sign in with "${provider.id}" again.`,
    })
  }
  const mapped = mapOAuthError(
    error,
    provider.id,
    "token",
    "Check clientId/clientSecret and the provider's `refresh` endpoint; the stored refresh token is kept for the next try.",
  )
  return new AuthError("AccessTokenError", {
    code: mapped.code,
    providerId: provider.id,
    cause: error,
    message: `Refreshing the access token failed. ${mapped.message}`,
  })
}

export async function refreshGrant(
  provider: ResolvedProvider,
  configs: ProviderConfigs,
  refreshToken: string,
): Promise<TokenSet> {
  let tokens: TokenSet
  try {
    const url = provider.refresh.url
    const config = url
      ? await configs.variant(provider, { endpoints: { token_endpoint: url } })
      : await configs.get(provider)
    const params: Record<string, string> = {}
    for (const [key, value] of Object.entries(provider.refresh.params))
      if (value !== undefined) params[key] = value
    if (provider.refresh.request) {
      tokens = (
        await provider.refresh.request({
          provider,
          config,
          fetch: provider.fetch,
          refreshToken,
          params,
        })
      ).tokens
    } else {
      const { refreshTokenGrant } = await import("./openid-client-impl.js")
      tokens = (await refreshTokenGrant(config, refreshToken, params)) as unknown as TokenSet
    }
  } catch (error) {
    throw refreshFailure(provider, error)
  }
  if (typeof tokens?.access_token !== "string" || !tokens.access_token) {
    throw new AuthError("AccessTokenError", {
      code: "TOKEN_RESPONSE_INVALID",
      providerId: provider.id,
      message: `The refresh answer of "${provider.id}" has no access_token. If the provider is non-compliant, normalise it with a \`token.conform\` hook or a \`refresh.request\`.`,
    })
  }
  return toTokenSet(tokens)
}
