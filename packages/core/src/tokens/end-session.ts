/**
 * Sign-out at the provider (OpenID Connect RP-Initiated Logout 1.0): the URL of the provider's
 * end-session endpoint with `client_id`, `post_logout_redirect_uri` and `id_token_hint` (when the
 * account's id_token is stored). Vendors with their own logout URL declare an `endSession` endpoint
 * (a `request` hook builds any URL shape); everyone else is found by discovery.
 */
import { AuthError } from "../errors/index.js"
import type { ProviderConfigs } from "../oauth/config.js"
import type { RequestContext } from "../routes/context.js"
import type { JWT, SignOutOptions } from "../config/types.js"
import { readChunked } from "../cookies/chunk.js"
import { readDatabaseSession } from "../session/database.js"
import { resolveRedirect } from "../routes/redirect.js"
import { endLocalSession } from "../routes/signout.js"

/** What the signed-out session said: the JWT (jwt strategy) and the user id, for the end-session URL. */
export interface EndedSession {
  token: JWT | null
  userId: string | undefined
  /** The `provider` asked for (form field or `auth.signOut` option). */
  provider: string | undefined
}

/**
 * `tokenApi.signOut`, for `federated` sign-outs (core's `signOutTo` hands them over): signs out
 * locally, then returns the provider's end-session URL, which sends the person to `callbackUrl`.
 * Without a session there is nothing to end at the provider: just `callbackUrl`.
 */
export async function federatedSignOut(
  ctx: RequestContext,
  configs: ProviderConfigs,
  options: SignOutOptions,
): Promise<string> {
  const { auth } = ctx
  const raw = readChunked(ctx.cookieHeader, ctx.names.sessionToken)
  // The user first: a database session is gone once signed out locally.
  const userId =
    raw !== undefined && auth.strategy === "database"
      ? (await readDatabaseSession(auth, raw).catch(() => null))?.user.id
      : undefined
  const token = await endLocalSession(ctx)
  const location = await resolveRedirect(ctx, options.callbackUrl)
  if (raw === undefined) return location
  return endSessionUrl(
    ctx,
    configs,
    { token, userId: userId ?? token?.sub, provider: options.provider },
    location,
  )
}

/**
 * The end-session URL for a session just signed out locally. The provider: the one asked for, else
 * the one recorded in the JWT at sign-in, else the user's only account.
 */
export async function endSessionUrl(
  ctx: RequestContext,
  configs: ProviderConfigs,
  ended: EndedSession,
  postLogout: string,
): Promise<string> {
  const { auth } = ctx
  const { token, userId } = ended
  const accounts =
    auth.adapter?.getAccountsByUser && userId ? await auth.adapter.getAccountsByUser(userId) : []
  const providerId =
    ended.provider ??
    (token?.provider as string | undefined) ??
    (accounts.length === 1 ? accounts[0]!.provider : undefined)
  const provider = providerId ? auth.providers.get(providerId) : undefined
  if (!provider) {
    throw new AuthError("SignOutError", {
      code: "SIGNOUT_PROVIDER_UNKNOWN",
      providerId,
      message: `Signed out locally, but not at the provider: ${providerId ? `no provider has the id "${providerId}"` : "the session does not say which provider it signed in with"}. Post \`provider=<id>\` with \`federated=true\`.`,
    })
  }
  // The stored account's id_token; without an adapter, one the app kept in the JWT (README "Signing out at the provider").
  const idToken =
    accounts.find((a) => a.provider === provider.id)?.id_token ??
    (token?.id_token as string | undefined)
  const { endSession } = provider
  const params: Record<string, string> = {
    client_id: provider.clientId,
    post_logout_redirect_uri: postLogout,
  }
  if (idToken) params.id_token_hint = idToken
  for (const [key, value] of Object.entries(endSession.params))
    if (value !== undefined) params[key] = value
  const discoverable =
    provider.version === "2.0" && (provider.wellKnown || (provider.oidc && provider.issuer))
  const url =
    endSession.url ??
    (discoverable ? (await configs.get(provider)).serverMetadata().end_session_endpoint : undefined)
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
