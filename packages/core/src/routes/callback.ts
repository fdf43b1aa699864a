import type { JWT } from "../config/types.js"
import { readCookie, serializeCookie } from "../cookies/cookie.js"
import { AuthError } from "../errors/index.js"
import { callbackOAuth1 } from "../oauth1/flow.js"
import { handleOAuth2Callback, readCallbackParams, type SignInResult } from "../oauth/callback.js"
import type { ProviderConfigs } from "../oauth/config.js"
import type { ResolvedProvider } from "../providers/types.js"
import { encodeSession, sessionCookies } from "../session/jwt.js"
import type { RequestContext } from "./context.js"
import { errorRedirect, toAuthError } from "./errors.js"
import { checkCookieOptions } from "../checks/seal.js"
import { redirect, resolveRedirect } from "./redirect.js"

/** After a verified sign-in: the signIn callback, the session, the redirect. */
async function completeSignIn(ctx: RequestContext, provider: ResolvedProvider, result: SignInResult): Promise<Response> {
  const { user, account, profile } = result
  const { callbacks, events, logger } = ctx.auth
  let target: string | undefined
  if (callbacks.signIn) {
    const allowed = await callbacks.signIn({ user, account, profile })
    if (allowed === false) {
      throw new AuthError("AccessDenied", { code: "SIGNIN_REFUSED", providerId: provider.id, message: `The signIn callback refused ${user.email ?? user.id} signing in with "${provider.id}".` })
    }
    if (typeof allowed === "string") target = allowed
  }
  let token: JWT | null = { sub: user.id, name: user.name ?? null, email: user.email ?? null, picture: user.image ?? null }
  if (callbacks.jwt) token = await callbacks.jwt({ token, user, account, profile, trigger: "signIn" })
  if (!token) {
    throw new AuthError("AccessDenied", { code: "SIGNIN_REFUSED", providerId: provider.id, message: `The jwt callback returned null for ${user.id} signing in with "${provider.id}".` })
  }
  const name = ctx.names.sessionToken
  const encoded = await encodeSession(ctx.auth, name, token)

  const stored = readCookie(ctx.cookieHeader, ctx.names.callbackUrl)
  const location = await resolveRedirect(ctx, target ?? stored)
  if (stored !== undefined) ctx.setCookies.push(serializeCookie(ctx.names.callbackUrl, "", { ...checkCookieOptions(ctx, provider), maxAge: 0 }))
  ctx.setCookies.push(...sessionCookies(ctx.cookieHeader, name, encoded, ctx.cookieOptions, ctx.auth.maxAge))
  if (events.signIn) {
    try {
      await events.signIn({ user, account, profile })
    } catch (error) {
      logger.error(error as Error)
    }
  }
  return redirect(ctx, location)
}

/** GET|POST callback/:id */
export async function callback(ctx: RequestContext, provider: ResolvedProvider, configs: ProviderConfigs): Promise<Response> {
  try {
    const params = await readCallbackParams(ctx.request, ctx.url)
    const result: SignInResult =
      provider.version === "2.0" ? await handleOAuth2Callback(ctx, provider, configs, params) : await callbackOAuth1(ctx, provider, params)
    return await completeSignIn(ctx, provider, result)
  } catch (error) {
    if (readCookie(ctx.cookieHeader, ctx.names.callbackUrl) !== undefined) {
      ctx.setCookies.push(serializeCookie(ctx.names.callbackUrl, "", { ...checkCookieOptions(ctx, provider), maxAge: 0 }))
    }
    return errorRedirect(ctx, toAuthError(error, provider.id))
  }
}
