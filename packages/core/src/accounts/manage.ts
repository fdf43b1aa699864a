/**
 * The account API (https://www.npmjs.com/package/@auth/core#the-account-api): a signed-in person's
 * linked accounts, and unlinking one, never the last way to sign in. Never returns tokens.
 */
import type { Adapter } from "../adapters/types.js"
import type { AuthInternals } from "../config/resolve.js"
import { AuthError } from "../errors/index.js"
import { extensionOf } from "../extensions.js"
import type { TokenApi } from "../tokens/extension.js"

/**
 * One linked account as the account API shows it: which provider, which account there, what it was
 * granted, whether tokens are stored (never the tokens themselves).
 * @example
 * ```ts
 * const accounts: LinkedAccount[] | null = await auth.listAccounts(request)
 * ```
 * @see https://www.npmjs.com/package/@auth/core#the-account-api
 */
export interface LinkedAccount {
  provider: string
  providerAccountId: string
  type: string
  /** The granted scopes as stored (the token response's `scope`, split on spaces or commas). */
  scopes: string[]
  hasAccessToken: boolean
  hasRefreshToken: boolean
  /** When the access token expires, seconds since the epoch, if known. */
  expiresAt: number | null
}

function accountsOf(auth: AuthInternals, userId: string) {
  const adapter: Adapter | undefined = auth.adapter
  if (!adapter?.getAccountsByUser) {
    throw new AuthError("Configuration", {
      code: "MISSING_ADAPTER",
      message:
        "The account API needs an adapter with getAccountsByUser (e.g. @auth/adapter-sqlite): without one no accounts are stored.",
    })
  }
  return adapter.getAccountsByUser(userId)
}

export async function listAccounts(auth: AuthInternals, userId: string): Promise<LinkedAccount[]> {
  return (await accountsOf(auth, userId)).map((a) => ({
    provider: a.provider,
    providerAccountId: a.providerAccountId,
    type: a.type,
    scopes: a.scope ? a.scope.split(/[\s,]+/).filter(Boolean) : [],
    hasAccessToken: !!a.access_token,
    hasRefreshToken: !!a.refresh_token,
    expiresAt: a.expires_at ?? null,
  }))
}

/**
 * Unlinks the user's account(s) with `providerId` (only `providerAccountId` when given). Refused when
 * nothing would be left to sign in with.
 */
export async function unlinkAccount(
  auth: AuthInternals,
  userId: string,
  providerId: string,
  providerAccountId?: string,
): Promise<void> {
  const accounts = await accountsOf(auth, userId)
  const gone = accounts.filter(
    (a) =>
      a.provider === providerId &&
      (!providerAccountId || a.providerAccountId === providerAccountId),
  )
  if (gone.length === 0) {
    throw new AuthError("AccessDenied", {
      code: "ACCOUNT_NOT_FOUND",
      providerId,
      status: 404,
      message: `The signed-in user has no "${providerId}" account${providerAccountId ? ` ${providerAccountId}` : ""} to unlink. Refresh the account page.`,
    })
  }
  if (gone.length === accounts.length) {
    throw new AuthError("AccessDenied", {
      code: "LAST_ACCOUNT",
      providerId,
      message: `Unlinking "${providerId}" would leave user ${userId} no way to sign in. Link another provider first, or delete the user instead.`,
    })
  }
  for (const a of gone) {
    // With the tokens extension, its tokens are revoked at the provider first (best effort, never throws).
    await extensionOf<TokenApi>(auth, "tokens")?.revoke(auth, a)
    await auth.adapter!.unlinkAccount({
      provider: a.provider,
      providerAccountId: a.providerAccountId,
    })
  }
}
