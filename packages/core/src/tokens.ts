/**
 * `@auth/core/tokens`: what apps do after sign-in with the person's tokens. `auth.getAccessToken`
 * (refresh with single flight across processes), sign-out at the provider (`POST signout` with
 * `federated=true`, `auth.signOut(request, { federated: true })`) and token revocation (RFC 7009) when
 * `auth.deleteUser` removes a user or an account is unlinked. Opt in, so that apps without them do
 * not ship their code: `Auth({ ..., extensions: [tokenApi] })`. Tokens encrypted at rest are not
 * part of it: they are on in core whenever an adapter is configured.
 */
import { getAccessToken } from "./tokens/access-token.js"
import { federatedSignOut } from "./tokens/end-session.js"
import type { TokenApi } from "./tokens/extension.js"
import { deleteUser, revokeAccountTokens } from "./tokens/revoke.js"

export type { AccessToken, GetAccessTokenOptions } from "./tokens/access-token.js"

/**
 * Turns on `auth.getAccessToken`, federated sign-out and token revocation for an `Auth()` instance.
 * @example
 * ```ts
 * import { Auth } from "@auth/core"
 * import { tokenApi } from "@auth/core/tokens"
 * import { sqliteAdapter } from "@auth/adapter-sqlite"
 * import google from "@auth/provider-google"
 * export const auth = Auth({ providers: [google()], adapter: sqliteAdapter("./data/auth.db"), extensions: [tokenApi] })
 * const { accessToken } = await auth.getAccessToken(request, "google")
 * ```
 * @see https://www.npmjs.com/package/@auth/core#fresh-access-tokens
 */
export const tokenApi: TokenApi = {
  name: "tokens",
  getAccessToken,
  signOut: federatedSignOut,
  revoke: revokeAccountTokens,
  deleteUser,
}
