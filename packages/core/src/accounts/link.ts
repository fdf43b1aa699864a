/**
 * Account linking (https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking):
 * 1. a known (provider, providerAccountId) signs in its user;
 * 2. a signed-in person who signs in with another provider gets that account linked to them,
 *    whatever its email (`allowDangerousEmailAccountLinking` plays no part);
 * 3. a new account whose email belongs to an existing user is refused (OAuthAccountNotLinked)
 *    unless the provider sets `allowDangerousEmailAccountLinking`, in which case it is linked;
 * 4. an account already linked to another user, used while signed in as someone else, is refused;
 * 5. otherwise a new user and account are created.
 * Planning only reads; `executePlan` does every write atomically (the adapter's transaction, or
 * undoing what was written), so a failed sign-in leaves no half-made user behind.
 */
import {
  isAdapterError,
  type Adapter,
  type AdapterAccount,
  type AdapterUser,
} from "../adapters/types.js"
import { AuthError } from "../errors/index.js"
import type { Account, ResolvedProvider, User } from "../providers/types.js"

export type LinkPlan =
  | { kind: "existing"; user: AdapterUser }
  | { kind: "link-to-current"; user: AdapterUser }
  | { kind: "link-by-email"; user: AdapterUser }
  | { kind: "new-user"; user: null }

export async function planSignIn(
  adapter: Adapter,
  provider: ResolvedProvider,
  profileUser: User,
  account: Account,
  currentUserId: string | undefined,
): Promise<LinkPlan> {
  const linked = await adapter.getUserByAccount({
    provider: account.provider,
    providerAccountId: account.providerAccountId,
  })
  if (linked) {
    if (currentUserId && linked.id !== currentUserId) {
      throw new AuthError("OAuthAccountNotLinked", {
        code: "ACCOUNT_LINKED_TO_OTHER_USER",
        providerId: provider.id,
        message: `This ${provider.name} account is already linked to another user, so it cannot be linked to the signed-in user ${currentUserId}. Sign out and sign in with it, or unlink it from the other user first.`,
      })
    }
    return { kind: "existing", user: linked }
  }
  if (currentUserId) {
    const current = await adapter.getUser(currentUserId)
    // A session whose user was deleted counts as signed out.
    if (current) return { kind: "link-to-current", user: current }
  }
  if (profileUser.email) {
    const sameEmail = await adapter.getUserByEmail(profileUser.email)
    if (sameEmail) {
      if (!provider.allowDangerousEmailAccountLinking) {
        // The same person signing in concurrently (another request or instance) may have created this
        // user and account between the first read and this one: then it is their own account.
        const linkedNow = await adapter.getUserByAccount({
          provider: account.provider,
          providerAccountId: account.providerAccountId,
        })
        if (linkedNow) return { kind: "existing", user: linkedNow }
        throw new AuthError("OAuthAccountNotLinked", {
          code: "ACCOUNT_NOT_LINKED",
          providerId: provider.id,
          message: `A user with the email ${profileUser.email} signed up with another provider: sign in with it, then link ${provider.name} while signed in (allowDangerousEmailAccountLinking: true on "${provider.id}" only if it verifies emails).`,
        })
      }
      return { kind: "link-by-email", user: sameEmail }
    }
  }
  return { kind: "new-user", user: null }
}

/**
 * The plan to run instead when a new user's writes failed because the same person was signed in
 * concurrently through another request or instance (both planned "new-user"; the other committed the
 * user and account first, so ours hit a unique key): that user's plain sign-in. Only reads; undefined
 * when the failure was something else (the original error then stands).
 */
export async function replanAfterConflict(
  adapter: Adapter,
  provider: ResolvedProvider,
  plan: LinkPlan,
  profileUser: User,
  account: Account,
): Promise<LinkPlan | undefined> {
  if (plan.kind !== "new-user" && plan.kind !== "link-by-email") return undefined
  try {
    const again = await planSignIn(adapter, provider, profileUser, account, undefined)
    return again.kind === "existing" ? again : undefined
  } catch {
    return undefined
  }
}

export interface ExecutedSignIn {
  user: AdapterUser
  isNewUser: boolean
  linkedAccount: AdapterAccount | undefined
}

/** One sentence for the person operating the app, by adapter error code (the adapter's message has the details). */
function hintFor(error: unknown): string {
  const code = isAdapterError(error) ? error.code : ""
  if (code === "DATABASE_READ_ONLY")
    return "The database is read-only: check its permissions, or that the app uses the primary."
  if (code === "DATABASE_LOCKED") return "The database is locked by another process; try again."
  return /UNAVAIL|TIMEOUT|POOL/.test(code)
    ? "The database is unreachable or overloaded; try again."
    : "See the cause in the server log."
}

function adapterFailure(provider: ResolvedProvider, error: unknown): AuthError {
  if (error instanceof AuthError) return error
  if (isAdapterError(error) && error.code === "ACCOUNT_ALREADY_LINKED") {
    return new AuthError("OAuthAccountNotLinked", {
      code: "ACCOUNT_LINKED_TO_OTHER_USER",
      providerId: provider.id,
      cause: error,
      message: `This ${provider.name} account was linked by a concurrent sign-in. Nothing was written; sign in again.`,
    })
  }
  return new AuthError("AdapterError", {
    code: isAdapterError(error) ? error.code : "DATABASE_ERROR",
    providerId: provider.id,
    cause: error,
    message: `The database refused the sign-in's writes (${(error as Error)?.message ?? error}). Nothing was kept. ${hintFor(error)}`,
  })
}

/**
 * Writes the plan (user, account link, and `afterWrite`, e.g. the database session) as one unit.
 * With `adapter.transaction` it is atomic; otherwise whatever was written is undone on failure.
 */
export async function executePlan(
  adapter: Adapter,
  provider: ResolvedProvider,
  plan: LinkPlan,
  profileUser: User,
  account: Account,
  afterWrite?: (user: AdapterUser) => Promise<void>,
): Promise<ExecutedSignIn> {
  const undo: Array<() => Promise<unknown> | unknown> = []
  const run = async (): Promise<ExecutedSignIn> => {
    let user = plan.user
    if (!user) {
      user = await adapter.createUser({
        name: profileUser.name ?? null,
        email: profileUser.email ?? null,
        image: profileUser.image ?? null,
        emailVerified: null,
      })
      const id = user.id
      undo.push(() => adapter.deleteUser(id))
    }
    let linkedAccount: AdapterAccount | undefined
    if (plan.kind !== "existing") {
      linkedAccount = { ...account, userId: user.id }
      await adapter.linkAccount(linkedAccount)
      undo.push(() =>
        adapter.unlinkAccount({
          provider: account.provider,
          providerAccountId: account.providerAccountId,
        }),
      )
    } else if (adapter.updateAccount) {
      // A known account signing in again (e.g. after granting more scopes) keeps its newest tokens and
      // scope; fields the provider did not send again (often the refresh_token) stay as stored.
      await adapter.updateAccount({ ...account, type: undefined })
    }
    await afterWrite?.(user)
    return { user, isNewUser: plan.kind === "new-user", linkedAccount }
  }
  try {
    if (adapter.transaction) return await adapter.transaction(run)
    return await run()
  } catch (error) {
    if (!adapter.transaction) {
      for (const step of undo.reverse()) {
        try {
          await step()
        } catch {
          // best effort: keep undoing the rest
        }
      }
    }
    throw adapterFailure(provider, error)
  }
}
