/**
 * The end of every sign-in, whatever proved who the person is (the redirect flow's callback, or an
 * ID token from a native SDK / One Tap): linking rules, the `signIn` callback, the writes (user,
 * account, session) as one unit, the session token, then the events. One implementation, so
 * both ways of signing in follow exactly the same account rules.
 */
import type { JWT, Logger } from "../config/types.js"
import { executePlan, planSignIn, replanAfterConflict, type LinkPlan } from "../accounts/link.js"
import { createDatabaseSession } from "../session/database.js"
import { AuthError } from "../errors/index.js"
import type { SignInResult } from "../oauth/callback.js"
import type { Account, Profile, ResolvedProvider, User } from "../providers/types.js"
import { encodeSession } from "../session/jwt.js"
import type { RequestContext } from "./context.js"

export interface Established {
  /** The session token: the cookie value, or the bearer token of a native sign-in. */
  value: string
  user: User
  /** Fires the sign-in's events; call it once the answer that carries the session exists. */
  events: () => Promise<void>
}

/**
 * Completes a verified sign-in. `currentUserId` is who is signed in already (a link), `tokenName` the
 * name the JWT session is sealed for (its cookie, or the bearer name), and `settle` runs after the
 * `signIn` callback and before any write with the URL it may have returned: a failure there (a bad
 * redirect target) ends the sign-in with nothing written.
 */
export async function establishSession(
  ctx: RequestContext,
  provider: ResolvedProvider,
  result: SignInResult,
  currentUserId: string | undefined,
  tokenName: string,
  settle?: (target: string | undefined) => Promise<void>,
): Promise<Established> {
  const { account, profile } = result
  let user = result.user
  const { callbacks, events, logger, adapter } = ctx.auth
  const plan = adapter
    ? await planSignIn(adapter, provider, user, account, currentUserId)
    : undefined
  // The signIn callback sees the stored user when there is one, and runs before anything is written.
  if (plan?.user) user = { ...user, ...plan.user, id: plan.user.id }
  let target: string | undefined
  if (callbacks.signIn) {
    const allowed = await callbacks.signIn({ user, account, profile })
    if (allowed === false) {
      throw new AuthError("AccessDenied", {
        code: "SIGNIN_REFUSED",
        providerId: provider.id,
        message: `The signIn callback refused ${user.email ?? user.id} signing in with "${provider.id}".`,
      })
    }
    if (typeof allowed === "string") target = allowed
  }
  await settle?.(target)

  const fire: Array<() => unknown> = []
  let value: string
  let isNewUser = false
  if (adapter && plan) {
    let sessionToken: string | undefined
    let token: JWT | null = null
    const write = (toRun: LinkPlan) =>
      executePlan(adapter, provider, toRun, result.user, account, async (stored) => {
        if (ctx.auth.strategy === "database") {
          sessionToken = (await createDatabaseSession(ctx.auth, stored.id)).sessionToken
        } else {
          token = await jwtFor(
            ctx,
            { ...result.user, ...stored, id: stored.id },
            account,
            profile,
            provider,
          )
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
    value = sessionToken ?? (await encodeSession(ctx.auth, tokenName, token!))
    isNewUser = done.isNewUser
    const { user: stored, linkedAccount } = done
    if (isNewUser) fire.push(() => events.createUser?.({ user: stored }))
    if (linkedAccount) fire.push(() => events.linkAccount?.({ user: stored, account }))
  } else {
    value = await encodeSession(
      ctx.auth,
      tokenName,
      await jwtFor(ctx, user, account, profile, provider),
    )
  }
  fire.push(() => events.signIn?.({ user, account, profile, isNewUser }))
  return {
    value,
    user,
    events: async () => {
      for (const event of fire) await safely(logger, event)
    },
  }
}

async function jwtFor(
  ctx: RequestContext,
  user: User,
  account: Account,
  profile: Profile,
  provider: ResolvedProvider,
): Promise<JWT> {
  let token: JWT | null = {
    sub: user.id,
    name: user.name ?? null,
    email: user.email ?? null,
    picture: user.image ?? null,
  }
  if (ctx.auth.callbacks.jwt)
    token = await ctx.auth.callbacks.jwt({ token, user, account, profile, trigger: "signIn" })
  if (!token) {
    throw new AuthError("AccessDenied", {
      code: "SIGNIN_REFUSED",
      providerId: provider.id,
      message: `The jwt callback returned null for ${user.id} signing in with "${provider.id}".`,
    })
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
