/**
 * Sign-out at the provider (OpenID Connect RP-Initiated Logout 1.0): the URL of the provider's
 * end-session endpoint with `client_id`, `post_logout_redirect_uri` and `id_token_hint` (when the
 * account's id_token is stored). Vendors with their own logout URL declare an `endSession` endpoint
 * (a `request` hook builds any URL shape); everyone else is found by discovery.
 */
import { AuthError } from "../errors/index.js"
import type { ProviderConfigs } from "../oauth/config.js"
import type { ResolvedProvider } from "../providers/types.js"

export async function endSessionUrl(provider: ResolvedProvider, configs: ProviderConfigs, idToken: string | undefined, postLogout: string): Promise<string> {
  const { endSession } = provider
  const params: Record<string, string> = { client_id: provider.clientId, post_logout_redirect_uri: postLogout }
  if (idToken) params.id_token_hint = idToken
  for (const [key, value] of Object.entries(endSession.params)) if (value !== undefined) params[key] = value
  const discoverable = provider.version === "2.0" && (provider.wellKnown || (provider.oidc && provider.issuer))
  const url = endSession.url ?? (discoverable ? (await configs.get(provider)).serverMetadata().end_session_endpoint : undefined)
  if (endSession.request) return String(await endSession.request({ provider, url, params }))
  if (!url) {
    throw new AuthError("SignOutError", {
      code: "END_SESSION_UNAVAILABLE",
      providerId: provider.id,
      message: `Signed out locally, but "${provider.id}" has no end-session endpoint (none in its discovery document, no \`endSession\` option), so the person stays signed in at the provider. Give \`endSession: "https://.../logout"\`, or sign out without federated=true.`,
    })
  }
  const target = new URL(url)
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value)
  return target.href
}
