/**
 * `@auth/core/oauth1`: the OAuth 1.0 / 1.0A sign-in flow (RFC 5849) for providers with
 * `version: "1.0"` or `"1.0A"`. Its own entry, so that apps without such a provider do not ship it;
 * a provider names it in its `oauth1` option (`@auth/provider-twitter` does for `version: "1.0A"`).
 */
import { callbackOAuth1, startOAuth1, type OAuth1Engine } from "./oauth1/flow.js"

import type { OAuth1Flow } from "./providers/types.js"

export type { OAuth1Flow }

/**
 * The OAuth 1.0 / 1.0A flow: request token, authorize redirect, access token, signed profile
 * request; the request-token secret sealed in an encrypted 15-minute cookie.
 * @example
 * ```ts
 * import { defineProvider } from "@auth/core"
 * import { oauth1 } from "@auth/core/oauth1"
 * export default defineProvider({
 *   id: "legacy", name: "Legacy", type: "oauth", version: "1.0A", oauth1,
 *   requestTokenUrl: "https://api.example.com/oauth/request_token",
 *   authorization: "https://api.example.com/oauth/authenticate",
 *   accessTokenUrl: "https://api.example.com/oauth/access_token",
 *   profileUrl: "https://api.example.com/1.1/account/verify_credentials.json",
 * })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849
 */
export const oauth1: OAuth1Flow = {
  name: "oauth1",
  start: startOAuth1,
  callback: callbackOAuth1,
} as OAuth1Engine
