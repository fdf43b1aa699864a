import type { JWT, Logger } from "../config/types.js"
import type { AdapterUser } from "../adapters/types.js"
import { executePlan, planSignIn, replanAfterConflict, type LinkPlan } from "../accounts/link.js"
import { readChunked } from "../cookies/chunk.js"
import { createDatabaseSession, readDatabaseSession } from "../session/database.js"
import { readCookie, serializeCookie } from "../cookies/cookie.js"
import { AuthError } from "../errors/index.js"
import { callbackOAuth1 } from "../oauth1/flow.js"
import { handleOAuth2Callback, readCallbackParams, type SignInResult } from "../oauth/callback.js"
import type { ProviderConfigs } from "../oauth/config.js"
import type { Account, Profile, ResolvedProvider, User } from "../providers/types.js"
import { decodeSession, encodeSession, sessionCookies } from "../session/jwt.js"
import type { RequestContext } from "./context.js"
import { dropSessionCookies, errorRedirect, toAuthError } from "./errors.js"
import { checkCookieOptions } from "../checks/seal.js"
import { redirect, resolveRedirect } from "./redirect.js"

/** The id of the user already signed in on this browser (only meaningful with an adapter). */
async function currentUserId(ctx: RequestContext): Promise<string | undefined> {
  const raw = readChunked(ctx.cookieHeader, ctx.names.sessionToken)
  if (raw === undefined) return undefined
  if (ctx.auth.strategy === "database") return (await readDatabaseSession(ctx.auth, raw))?.user.id
  return (await decodeSession(ctx.auth, ctx.names.sessionToken, raw))?.sub
}

/** After a verified sign-in: linking rules, the signIn callback, storage, the session, the redirect. */
async function completeSignIn(ctx: RequestContext, provider: ResolvedProvider, result: SignInResult): Promise<Response> {
  const { account, profile } = result
  let user = result.user
  const { callbacks, events, logger, adapter } = ctx.auth
  const plan = adapter ? await planSignIn(adapter, provider, user, account, await currentUserId(ctx)) : undefined
  // The signIn callback sees the stored user when there is one, and runs before anything is written.
  if (plan?.user) user = { ...user, ...plan.user, id: plan.user.id }
  let target: string | undefined
  if (callbacks.signIn) {
    const allowed = await callbacks.signIn({ user, account, profile })
    if (allowed === false) {
      throw new AuthError("AccessDenied", { code: "SIGNIN_REFUSED", providerId: provider.id, message: `The signIn callback refused ${user.email ?? user.id} signing in with "${provider.id}".` })
    }
    if (typeof allowed === "string") target = allowed
  }

  // Where to go is settled before anything is stored: a bad target (control characters, a
  // throwing redirect callback) ends the sign-in here, with no user, session or event.
  const stored = readCookie(ctx.cookieHeader, ctx.names.callbackUrl)
  const location = await resolveRedirect(ctx, target ?? stored)

  const name = ctx.names.sessionToken
  let cookieValue: string
  const fire: Array<() => unknown> = []
  let isNewUser = false
  let linked: { user: AdapterUser; account: Account } | undefined
  if (adapter && plan) {
    let sessionToken: string | undefined
    let token: JWT | null = null
    const write = (toRun: LinkPlan) =>
      executePlan(adapter, provider, toRun, result.user, account, async (stored) => {
        if (ctx.auth.strategy === "database") {
          sessionToken = (await createDatabaseSession(ctx.auth, stored.id)).sessionToken
        } else {
          token = await jwtFor(ctx, { ...result.user, ...stored, id: stored.id }, account, profile, provider)
        }
      })
    let done
    try {
      done = await write(plan)
    } catch (error) {
      // the same new person signing in through two instances at once: the loser signs in the winner's user
      const again = await replanAfterConflict(adapter, provider, plan, result.user, account)
      if (!again) throw error
      done = await write(again)
    }
    user = { ...result.user, ...done.user, id: done.user.id }
    isNewUser = done.isNewUser
    if (done.linkedAccount) linked = { user: done.user, account }
    cookieValue = sessionToken ?? (await encodeSession(ctx.auth, name, token!))
    if (isNewUser) fire.push(() => events.createUser?.({ user: done.user }))
  } else {
    cookieValue = await encodeSession(ctx.auth, name, await jwtFor(ctx, user, account, profile, provider))
  }

  if (stored !== undefined) ctx.setCookies.push(serializeCookie(ctx.names.callbackUrl, "", { ...checkCookieOptions(ctx, provider), maxAge: 0 }))
  ctx.setCookies.push(...sessionCookies(ctx.cookieHeader, name, cookieValue, ctx.cookieOptions, ctx.auth.maxAge))
  const response = redirect(ctx, location)
  // Events only for a sign-in that completed: the answer that carries the session exists.
  if (linked) fire.push(() => events.linkAccount?.(linked!))
  fire.push(() => events.signIn?.({ user, account, profile, isNewUser }))
  for (const event of fire) await safely(logger, event)
  return response
}

async function jwtFor(ctx: RequestContext, user: User, account: Account, profile: Profile, provider: ResolvedProvider): Promise<JWT> {
  // `provider`: which provider to sign out of with `federated=true` (routes/signout.ts).
  let token: JWT | null = { sub: user.id, name: user.name ?? null, email: user.email ?? null, picture: user.image ?? null, provider: account.provider }
  if (ctx.auth.callbacks.jwt) token = await ctx.auth.callbacks.jwt({ token, user, account, profile, trigger: "signIn" })
  if (!token) {
    throw new AuthError("AccessDenied", { code: "SIGNIN_REFUSED", providerId: provider.id, message: `The jwt callback returned null for ${user.id} signing in with "${provider.id}".` })
  }
  return token
}

/** Events never break a sign-in: their errors are logged. */
async function safely(logger: Logger, fn: () => unknown): Promise<void> {
  try {
    await fn()
  } catch (error) {
    logger.error(error as Error)
  }
}

/** GET|POST callback/:id */
export async function callback(ctx: RequestContext, provider: ResolvedProvider, configs: ProviderConfigs): Promise<Response> {
  try {
    const params = await readCallbackParams(ctx.request, ctx.url)
    const result: SignInResult =
      provider.version === "2.0" ? await handleOAuth2Callback(ctx, provider, configs, params) : await callbackOAuth1(ctx, provider, params)
    return await completeSignIn(ctx, provider, result)
  } catch (error) {
    dropSessionCookies(ctx)
    if (readCookie(ctx.cookieHeader, ctx.names.callbackUrl) !== undefined) {
      ctx.setCookies.push(serializeCookie(ctx.names.callbackUrl, "", { ...checkCookieOptions(ctx, provider), maxAge: 0 }))
    }
    return errorRedirect(ctx, toAuthError(error, provider.id))
  }
}
