import { defineProvider, type OAuthUserConfig } from "@auth/core"

const GLOBAL = "https://oauth.battle.net"
const CHINA = "https://oauth.battlenet.com.cn"
/** Issuers Blizzard serves: the global one, China's, and the older per-region ones. */
const ISSUERS = [
  GLOBAL,
  CHINA,
  "https://www.battlenet.com.cn/oauth",
  ...["us", "eu", "kr", "tw"].map((r) => `https://${r}.battle.net/oauth`),
]

/** Battle.net's userinfo (https://develop.battle.net/documentation/battle-net/oauth-apis). */
export interface BattleNetProfile extends Record<string, unknown> {
  /** The Battle.net account id, as a string: stable and unique. */
  sub: string
  /** The same account id, as a number. */
  id?: number
  /** The player's BattleTag, e.g. "Ann#1234": their display name, which they can change. */
  battletag?: string
}

export interface BattleNetOptions extends OAuthUserConfig<BattleNetProfile> {
  /** "us", "eu", "kr" and "tw" share the global OAuth host; "cn" is China's. */
  region?: "us" | "eu" | "kr" | "tw" | "cn"
  /** Instead of `region`: one of Blizzard's issuers, e.g. `https://oauth.battle.net`. */
  issuer?: string
}

/**
 * Sign in with Battle.net (OpenID Connect).
 *
 * Setup: on the Blizzard Developer Portal create a client, add the callback URL below as a redirect
 * URL, then copy the client id and secret. Pick the region ("cn" for China, any other for the global
 * host) or give the issuer. Battle.net never shares an email address.
 *
 * Callback URL: `[origin]/api/auth/callback/battlenet`
 * Portal: https://develop.battle.net/access/clients
 * Docs: https://develop.battle.net/documentation/guides/using-oauth
 * Required options: issuer ("https://oauth.battle.net")
 *
 * @example
 * ```ts
 * import battlenet from "@auth/provider-battlenet"
 * Auth({ providers: [battlenet({ region: "eu" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<BattleNetProfile, BattleNetOptions>((options) => {
  if (!options.issuer && options.region) options.issuer = options.region === "cn" ? CHINA : GLOBAL
  return {
    id: "battlenet",
    name: "Battle.net",
    type: "oidc",
    issuer: options.issuer?.replace(/\/+$/, ""),
    // Blizzard knows no email/profile scopes: openid alone (plus game scopes such as wow.profile).
    authorization: { params: { scope: "openid" } },
    checks: ["pkce", "state"],
    // The BattleTag is in userinfo (checked against the verified id_token's `sub`).
    idToken: false,
    validate: (p) =>
      ISSUERS.includes(p.issuer ?? "")
        ? undefined
        : `give \`region\` ("us", "eu", "kr", "tw" or "cn") or an \`issuer\` (or AUTH_BATTLENET_ISSUER) Blizzard serves, e.g. "${GLOBAL}" (got ${JSON.stringify(p.issuer)}; known: ${ISSUERS.join(", ")}).`,
    profile: (p) => ({
      id: String(p.sub ?? p.id),
      name: p.battletag ?? null,
      email: null,
      image: null,
    }),
    style: { bg: "#148eff", text: "#ffffff", bgDark: "#0e1421", textDark: "#148eff" },
  }
})
