/**
 * The shape of `tokenApi` (the `@auth/core/tokens` entry) as core calls it, and how core finds it.
 * Only this file is in every bundle: the refresh, revocation and end-session code is in the entry.
 */
import type { AdapterAccount } from "../adapters/types.js"
import type { AuthInternals } from "../config/resolve.js"
import type { JWT } from "../config/types.js"
import { AuthError } from "../errors/index.js"
import type { ProviderConfigs } from "../oauth/config.js"
import type { RequestContext } from "../routes/context.js"
import type { AccessToken, GetAccessTokenOptions } from "./access-token.js"

/** What the signed-out session said: the JWT (jwt strategy) and the user id, for the end-session URL. */
export interface EndedSession {
  token: JWT | null
  userId: string | undefined
  /** The `provider` asked for (form field or `auth.signOut` option). */
  provider: string | undefined
}

export interface TokenApi {
  readonly name: "tokens"
  /** Makes `auth.getAccessToken` for one instance (its in-process single flight lives in the closure). */
  accessTokens(
    auth: AuthInternals,
    configs: ProviderConfigs,
  ): (
    input: Request | Headers,
    providerId: string,
    options?: GetAccessTokenOptions,
  ) => Promise<AccessToken>
  /** The provider's end-session URL for a session just signed out locally (`federated=true`). */
  endSessionUrl(
    ctx: RequestContext,
    configs: ProviderConfigs,
    ended: EndedSession,
    postLogout: string,
  ): Promise<string>
  /** Revokes one account's tokens at its provider (RFC 7009): best effort, never throws. */
  revoke(
    auth: AuthInternals,
    account: Partial<AdapterAccount> & Pick<AdapterAccount, "provider">,
  ): Promise<void>
  /** `auth.deleteUser`: revokes the tokens of each account of the signed-in user, then deletes the user. */
  deleteUser(auth: AuthInternals, input: Request | Headers): Promise<string | null>
}

/** The extension called `name` (e.g. "tokens", "accounts") when the app added it to `extensions`, else undefined. */
export function extensionOf<T>(auth: AuthInternals, name: string): T | undefined {
  return auth.config.extensions?.find((e) => e.name === name) as T | undefined
}

/** The tokens extension when `extensions: [tokenApi]` has it, else undefined. */
export const tokenApiOf = (auth: AuthInternals) => extensionOf<TokenApi>(auth, "tokens")

/**
 * The extension called `name`, or the AuthError TOKEN_API_MISSING / ACCOUNT_API_MISSING naming what to add
 * (`feature` is what needs it). One message for both, so that core carries its text once.
 */
export function needExtension<T>(
  auth: AuthInternals,
  name: "tokens" | "accounts",
  feature: string,
): T {
  const found = extensionOf<T>(auth, name)
  if (found) return found
  throw new AuthError("Configuration", {
    code: name === "tokens" ? "TOKEN_API_MISSING" : "ACCOUNT_API_MISSING",
    message: `${feature} needs the opt-in extension: add extensions: [${name === "tokens" ? "tokenApi" : "accountApi"}] from "@auth/core/${name}" to Auth().`,
  })
}
