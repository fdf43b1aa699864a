/** The shape of `accountApi` (the `@auth/core/accounts` entry) as core's router and helpers call it (found by ../extensions.ts). */
import type { AuthInternals } from "../config/resolve.js"
import type { ProviderConfigs } from "../oauth/config.js"
import type { RequestContext } from "../routes/context.js"
import type { LinkedAccount } from "./manage.js"

export interface AccountApi {
  readonly name: "accounts"
  /** Answers `action` (id-token, accounts, unlink) or returns undefined for core's 404. */
  route(
    ctx: RequestContext,
    action: string,
    id: string | undefined,
    configs: ProviderConfigs,
  ): Promise<Response | undefined> | undefined
  /** `auth.listAccounts`: null when nobody is signed in on `input`. */
  listAccounts(
    auth: AuthInternals,
    configs: ProviderConfigs,
    input: Request | Headers,
  ): Promise<LinkedAccount[] | null>
  /** `auth.unlinkAccount`. */
  unlinkAccount(
    auth: AuthInternals,
    configs: ProviderConfigs,
    input: Request | Headers,
    providerId: string,
  ): Promise<void>
}
