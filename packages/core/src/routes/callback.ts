import { readChunked } from "../cookies/chunk.js"
import { readDatabaseSession } from "../session/database.js"
import { readCookie, serializeCookie } from "../cookies/cookie.js"
import type { OAuth1Engine } from "../oauth1/flow.js"
import { handleOAuth2Callback, readCallbackParams, type SignInResult } from "../oauth/callback.js"
import type { ProviderConfigs } from "../oauth/config.js"
import type { ResolvedProvider } from "../providers/types.js"
import { decodeSession, sessionCookies } from "../session/jwt.js"
import type { RequestContext } from "./context.js"
import { dropSessionCookies, errorRedirect, toAuthError } from "./errors.js"
import { checkCookieOptions } from "../checks/seal.js"
import { redirect, resolveRedirect } from "./redirect.js"
import { establishSession } from "./complete.js"

/** The id of the user already signed in on this browser (only meaningful with an adapter). */
async function currentUserId(ctx: RequestContext): Promise<string | undefined> {
  const raw = readChunked(ctx.cookieHeader, ctx.names.sessionToken)
  if (raw === undefined) return undefined
  if (ctx.auth.strategy === "database") return (await readDatabaseSession(ctx.auth, raw))?.user.id
  return (await decodeSession(ctx.auth, ctx.names.sessionToken, raw))?.sub
}

/**
 * After a verified browser sign-in (the redirect flow, One Tap): the shared completion, then the
 * session cookie and the redirect. Where to go is settled before anything is stored: a bad target
 * (control characters, a throwing redirect callback) ends the sign-in with no user, session or event.
 */
export async function completeSignIn(
  ctx: RequestContext,
  provider: ResolvedProvider,
  result: SignInResult,
  fallback?: string,
): Promise<Response> {
  const stored = readCookie(ctx.cookieHeader, ctx.names.callbackUrl)
  let location = ""
  const done = await establishSession(
    ctx,
    provider,
    result,
    await currentUserId(ctx),
    ctx.names.sessionToken,
    async (target) => {
      location = await resolveRedirect(ctx, target ?? stored ?? fallback)
    },
  )
  if (stored !== undefined)
    ctx.setCookies.push(
      serializeCookie(ctx.names.callbackUrl, "", {
        ...checkCookieOptions(ctx, provider),
        maxAge: 0,
      }),
    )
  ctx.setCookies.push(
    ...sessionCookies(
      ctx.cookieHeader,
      ctx.names.sessionToken,
      done.value,
      ctx.cookieOptions,
      ctx.auth.maxAge,
    ),
  )
  const response = redirect(ctx, location)
  await done.events()
  return response
}

/** GET|POST callback/:id */
export async function callback(
  ctx: RequestContext,
  provider: ResolvedProvider,
  configs: ProviderConfigs,
): Promise<Response> {
  try {
    const params = await readCallbackParams(ctx.request, ctx.url)
    const result: SignInResult =
      provider.version === "2.0"
        ? await handleOAuth2Callback(ctx, provider, configs, params)
        : await (provider.oauth1 as OAuth1Engine).callback(ctx, provider, params)
    return await completeSignIn(ctx, provider, result)
  } catch (error) {
    dropSessionCookies(ctx)
    if (readCookie(ctx.cookieHeader, ctx.names.callbackUrl) !== undefined) {
      ctx.setCookies.push(
        serializeCookie(ctx.names.callbackUrl, "", {
          ...checkCookieOptions(ctx, provider),
          maxAge: 0,
        }),
      )
    }
    return errorRedirect(ctx, toAuthError(error, provider.id))
  }
}
