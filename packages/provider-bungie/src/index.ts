import { defineProvider, type OAuthUserConfig } from "@auth/core"

const PLATFORM = "https://www.bungie.net/Platform"

/** A Bungie.net user (`User.GeneralUser`), from `GET /User/GetBungieNetUserById/{id}/`. */
export interface BungieProfile extends Record<string, unknown> {
  /** The Bungie.net membership id (int64, sent as a string). */
  membershipId: string
  uniqueName?: string
  displayName?: string
  /** The Bungie Name without its code, e.g. "Guardian" of "Guardian#1234". */
  cachedBungieGlobalDisplayName?: string
  cachedBungieGlobalDisplayNameCode?: number
  /** Path under https://www.bungie.net, e.g. "/img/profile/avatars/cc00.jpg". */
  profilePicturePath?: string
  locale?: string
  firstAccess?: string
}

export interface BungieOptions extends OAuthUserConfig<BungieProfile> {
  /** The application's API key: Bungie wants it as `X-API-Key` on every Platform API call. */
  apiKey?: string
  /** NextAuth v4 docs' form, still accepted: `headers: { "X-API-Key": "..." }`. */
  headers?: { "X-API-Key"?: string }
}

/**
 * Sign in with Bungie.net (OAuth 2.0).
 *
 * Setup: register an application at bungie.net (OAuth client type "Confidential"), set the redirect URL
 * to the callback URL below, then copy the OAuth client id, client secret and the API key.
 *
 * Callback URL: `[origin]/api/auth/callback/bungie`
 * Portal: https://www.bungie.net/en/Application
 * Docs: https://github.com/Bungie-net/api/wiki/OAuth-Documentation
 * Required options: apiKey ("0123456789abcdef0123456789abcdef")
 *
 * @example
 * ```ts
 * import bungie from "@auth/provider-bungie"
 * Auth({ providers: [bungie({ apiKey: process.env.AUTH_BUNGIE_API_KEY })] })
 * ```
 * @see https://bungie-net.github.io/multi/operation_get_User-GetBungieNetUserById.html
 */
export default defineProvider<BungieProfile, BungieOptions>((options) => {
  const apiKey = options.apiKey ?? options.headers?.["X-API-Key"]
  const url = `${PLATFORM}/User/GetBungieNetUserById/{membershipId}/`
  return {
    id: "bungie",
    name: "Bungie",
    type: "oauth",
    // No scope: Bungie grants the scopes chosen for the application.
    authorization: "https://www.bungie.net/en/OAuth/Authorize",
    token: `${PLATFORM}/App/OAuth/token/`,
    userinfo: {
      url,
      async request({ tokens, fetch, provider }) {
        // The token response names the member: fill the URL template with it.
        const id = encodeURIComponent(String(tokens.membership_id))
        const res = await fetch((provider.userinfo.url ?? url).replace("{membershipId}", id), {
          headers: { authorization: `Bearer ${tokens.access_token}`, "x-api-key": String(apiKey) },
        })
        type Envelope = { Response?: BungieProfile; ErrorCode?: number; Message?: string }
        const body = (await res.json().catch(() => ({}))) as Envelope
        if (!res.ok || body.ErrorCode !== 1 || !body.Response) {
          throw new Error(
            `Bungie answered HTTP ${res.status}, ErrorCode ${body.ErrorCode}: ${body.Message}`,
          )
        }
        return body.Response
      },
    },
    profile: (p) => ({
      id: String(p.membershipId),
      name: p.cachedBungieGlobalDisplayName ?? p.displayName ?? p.uniqueName ?? null,
      email: null,
      image: p.profilePicturePath ? `https://www.bungie.net${p.profilePicturePath}` : null,
    }),
    validate: () =>
      apiKey
        ? undefined
        : 'Bungie needs the app\'s API key: bungie({ apiKey: "0123456789abcdef0123456789abcdef" }).',
    style: { bg: "#0c1d2b", text: "#ffffff", bgDark: "#0c1d2b", textDark: "#ffffff" },
  }
})
