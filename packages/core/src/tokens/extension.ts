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
  accessTokens(auth: AuthInternals, configs: ProviderConfigs): (input: Request | Headers, providerId: string, options?: GetAccessTokenOptions) => Promise<AccessToken>
  /** The provider's end-session URL for a session just signed out locally (`federated=true`). */
  endSessionUrl(ctx: RequestContext, configs: ProviderConfigs, ended: EndedSession, postLogout: string): Promise<string>
  /** Revokes one account's tokens at its provider (RFC 7009): best effort, never throws. */
  revoke(auth: AuthInternals, account: Partial<AdapterAccount> & Pick<AdapterAccount, "provider">): Promise<void>
  /** `auth.deleteUser`: revokes the tokens of each account of the signed-in user, then deletes the user. */
  deleteUser(auth: AuthInternals, input: Request | Headers): Promise<string | null>
}

/** The tokens extension when `extensions: [tokenApi]` has it, else undefined. */
export function tokenApiOf(auth: AuthInternals): TokenApi | undefined {
  return auth.config.extensions?.find((e) => e.name === "tokens") as TokenApi | undefined
}

/** The tokens extension, or the AuthError TOKEN_API_MISSING saying how to add it. */
export function needTokenApi(auth: AuthInternals, feature: string): TokenApi {
  const api = tokenApiOf(auth)
  if (api) return api
  throw new AuthError("Configuration", {
    code: "TOKEN_API_MISSING",
    message: `${feature} needs the opt-in tokens extension: add extensions: [tokenApi] from "@auth/core/tokens" to Auth().`,
  })
}
