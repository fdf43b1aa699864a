/**
 * The shape of `tokenApi` (the `@auth/core/tokens` entry) as core calls it (found by
 * ../extensions.ts). The refresh, revocation and end-session code is in the entry, not in core.
 */
import type { AdapterAccount } from "../adapters/types.js"
import type { AuthInternals } from "../config/resolve.js"
import type { ProviderConfigs } from "../oauth/config.js"
import type { RequestContext } from "../routes/context.js"
import type { SignOutOptions } from "../config/types.js"
import type { AccessToken, GetAccessTokenOptions } from "./access-token.js"

export interface TokenApi {
  readonly name: "tokens"
  /** `auth.getAccessToken` (its in-process single flight is kept per `auth`). */
  getAccessToken(
    auth: AuthInternals,
    configs: ProviderConfigs,
    input: Request | Headers,
    providerId: string,
    options?: GetAccessTokenOptions,
  ): Promise<AccessToken>
  /** Signs out locally, then returns the provider's end-session URL (`federated=true`). */
  signOut(ctx: RequestContext, configs: ProviderConfigs, options: SignOutOptions): Promise<string>
  /** Revokes one account's tokens at its provider (RFC 7009): best effort, never throws. */
  revoke(
    auth: AuthInternals,
    account: Partial<AdapterAccount> & Pick<AdapterAccount, "provider">,
  ): Promise<void>
  /** `auth.deleteUser`: revokes the tokens of each account of the signed-in user, then deletes the user. */
  deleteUser(
    auth: AuthInternals,
    configs: ProviderConfigs,
    input: Request | Headers,
  ): Promise<string | null>
}
