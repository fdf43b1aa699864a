import { defineProvider } from "@auth/core"

/** The claims of the EVE SSO v2 access token (a JWT), plus the character fields read from them. */
export interface EVEOnlineProfile extends Record<string, unknown> {
  /** "CHARACTER:EVE:<character id>". */
  sub: string
  /** The character's name. */
  name: string
  /** Hash that changes when the character is sold to another account: compare it to detect a transfer. */
  owner: string
  /** Your client id. */
  azp: string
  /** "login.eveonline.com" or "https://login.eveonline.com". */
  iss: string
  /** The granted ESI scopes. */
  scp?: string | string[]
  exp: number
  /** The character id, from `sub` (a string). */
  CharacterID: string
  CharacterName: string
  CharacterOwnerHash: string
}

/** SSO v2 has no verify endpoint: the character is in the access token itself (received over TLS from the SSO). */
function characterFrom(accessToken: string, clientId: string): EVEOnlineProfile {
  const part = accessToken.split(".")[1] ?? ""
  const bytes = Uint8Array.from(atob(part.replace(/-/g, "+").replace(/_/g, "/")), (c) =>
    c.charCodeAt(0),
  )
  const claims = JSON.parse(new TextDecoder().decode(bytes)) as EVEOnlineProfile
  const id = /^CHARACTER:EVE:(\d+)$/.exec(claims.sub)?.[1]
  if (!id || !/^(https:\/\/)?login\.eveonline\.com$/.test(claims.iss) || claims.azp !== clientId) {
    const { sub, iss, azp } = claims
    throw new Error(
      `The EVE SSO access token names no character of this app (sub ${sub}, iss ${iss}, azp ${azp})`,
    )
  }
  return {
    ...claims,
    CharacterID: id,
    CharacterName: claims.name,
    CharacterOwnerHash: claims.owner,
  }
}

/**
 * Sign in with EVE Online (OAuth 2.0, EVE SSO v2).
 *
 * Setup: create an application on the EVE developers site ("Authentication only" is enough to sign in),
 * set its callback URL to the one below, then copy the client id and secret key.
 *
 * Callback URL: `[origin]/api/auth/callback/eveonline`
 * Portal: https://developers.eveonline.com/applications
 * Docs: https://developers.eveonline.com/docs/services/sso/
 * Required options: none
 *
 * @example
 * ```ts
 * import eveonline from "@auth/provider-eveonline"
 * Auth({ providers: [eveonline()] }) // AUTH_EVEONLINE_ID, AUTH_EVEONLINE_SECRET
 * ```
 * @see https://docs.esi.evetech.net/docs/sso/validating_eve_jwt.html
 */
export default defineProvider<EVEOnlineProfile>({
  id: "eveonline",
  name: "EVE Online",
  type: "oauth",
  // No scope: signing in needs none (ESI scopes can be added for API access).
  authorization: "https://login.eveonline.com/v2/oauth/authorize",
  token: "https://login.eveonline.com/v2/oauth/token",
  userinfo: {
    request: ({ tokens, provider }) =>
      characterFrom(String(tokens.access_token), provider.clientId),
  },
  profile: (p) => ({
    id: p.CharacterID,
    name: p.CharacterName,
    email: null,
    image: `https://images.evetech.net/characters/${p.CharacterID}/portrait`,
  }),
  style: { bg: "#000000", text: "#ffffff", bgDark: "#000000", textDark: "#ffffff" },
})
