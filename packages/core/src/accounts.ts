/**
 * `@auth/core/accounts`: ID-token sign-in for native apps and One Tap (`POST [basePath]/id-token/:id`)
 * and the account API (`GET [basePath]/accounts`, `POST [basePath]/unlink/:id`, `auth.listAccounts`,
 * `auth.unlinkAccount`). Opt in, so that apps without them do not ship their code:
 * `Auth({ ..., extensions: [accountApi] })`.
 */
import type { AccountApi } from "./accounts/extension.js"
import { listAccounts, unlinkAccount } from "./accounts/manage.js"
import { accountsRoute, signedIn, unlinkRoute } from "./routes/accounts.js"
import { sessionUser } from "./session/user.js"
import { idTokenRoute } from "./routes/id-token.js"

export type { LinkedAccount } from "./accounts/manage.js"

/**
 * Turns on ID-token sign-in and the account API for an `Auth()` instance.
 * @example
 * ```ts
 * import { Auth } from "@auth/core"
 * import { accountApi } from "@auth/core/accounts"
 * import google from "@auth/provider-google"
 * export const auth = Auth({ providers: [google({ idTokenSignIn: { audiences: [IOS_CLIENT_ID] } })], adapter, extensions: [accountApi] })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#id-token-sign-in-native-apps-one-tap
 */
export const accountApi: AccountApi = {
  name: "accounts",
  route(ctx, action, id, configs) {
    const method = ctx.request.method
    if (action === "accounts" && method === "GET" && !id) return accountsRoute(ctx)
    // Any provider id: an account of a provider since removed from the config can still be unlinked.
    if (action === "unlink" && method === "POST" && id) return unlinkRoute(ctx, id)
    const provider = id === undefined ? undefined : ctx.auth.providers.get(id)
    // An unknown provider id falls through to core's 404.
    if (action === "id-token" && method === "POST" && provider)
      return idTokenRoute(ctx, provider, configs)
    return undefined
  },
  listAccounts: async (auth, _configs, input) => {
    const who = await sessionUser(auth, input)
    return who ? listAccounts(auth, who.userId) : null
  },
  unlinkAccount: async (auth, _configs, input, providerId) =>
    unlinkAccount(auth, (await signedIn(auth, input)).userId, providerId),
}
