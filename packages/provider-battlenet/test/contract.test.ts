import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import battlenet from "../src/index.js"

const doc = (issuer: string) => ({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  userinfo_endpoint: `${issuer}/userinfo`,
  jwks_uri: `${issuer}/jwks/certs`,
  check_session_iframe: `${issuer}/oauth/checksession`,
  logout_endpoint: `${issuer}/logout`,
  scopes_supported: ["openid", "wow.profile", "sc2.profile", "d3.profile"],
  response_types_supported: [
    "code",
    "id_token",
    "code id_token",
    "id_token token",
    "code id_token token",
  ],
  subject_types_supported: ["public"],
  id_token_signing_alg_values_supported: ["RS256"],
  token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
  code_challenge_methods_supported: ["S256"],
})

const contract = (issuer: string, options: Parameters<typeof battlenet>[0]) => ({
  provider: battlenet({ clientId: "2b1c4e8a9f0d4c7e", clientSecret: "bnet-secret", ...options }),
  discovery: { url: `${issuer}/.well-known/openid-configuration`, document: doc(issuer) },
  authorization: {
    url: `${issuer}/authorize`,
    params: { scope: "openid", code_challenge_method: "S256" },
    absentParams: ["nonce"],
  },
  token: {
    url: `${issuer}/token`,
    clientAuth: "client_secret_basic" as const,
    body: {
      access_token: "bnet-at",
      token_type: "bearer",
      expires_in: 86399,
      scope: "openid",
      sub: "104838492",
    },
  },
  userinfo: {
    url: `${issuer}/userinfo`,
    body: { sub: "104838492", id: 104838492, battletag: "Ann#1234" },
  },
  idTokenClaims: { iss: issuer, sub: "104838492", azp: "2b1c4e8a9f0d4c7e", battle_tag: "Ann#1234" },
  expectUser: { id: "104838492", name: "Ann#1234", email: null, image: null },
  expectAccount: { providerAccountId: "104838492", access_token: "bnet-at" },
})

runProviderContract({
  ...contract("https://oauth.battle.net", { region: "eu" }),
  scenarios: [
    {
      name: "account without a BattleTag yet: no name, never an email",
      userinfo: { body: { sub: "104838492", id: 104838492 } },
      expectUser: { id: "104838492", name: null, email: null },
    },
    {
      name: "redirect URL not registered (invalid_request at the callback) -> AUTHORIZATION_ERROR",
      callbackParams: {
        error: "invalid_request",
        error_description: "Invalid redirect_uri",
        code: false,
      },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
  ],
})
// China has its own host; the older per-region issuers still work when given as `issuer`.
runProviderContract({
  ...contract("https://oauth.battlenet.com.cn", { region: "cn" }),
  scenarios: [],
})
runProviderContract({
  ...contract("https://eu.battle.net/oauth", { issuer: "https://eu.battle.net/oauth" }),
  scenarios: [],
})

describe("battlenet region / issuer options", () => {
  const auth = (options: Parameters<typeof battlenet>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [battlenet({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("neither region nor a Blizzard issuer fails at Auth() with INVALID_PROVIDER_CONFIG naming both options", () => {
    for (const bad of [{}, { issuer: "https://battle.net" }]) {
      try {
        auth(bad)
        expect.unreachable()
      } catch (error) {
        expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
        expect((error as Error).message).toContain("`region`")
        expect((error as Error).message).toContain("`issuer`")
        expect((error as Error).message).toContain("https://oauth.battle.net")
      }
    }
  })

  it("every global region uses the global host; AUTH_BATTLENET_ISSUER works without options", () => {
    for (const region of ["us", "eu", "kr", "tw"] as const)
      expect(auth({ region }).providers.get("battlenet")?.issuer).toBe("https://oauth.battle.net")
    expect(
      auth({}, { AUTH_BATTLENET_ISSUER: "https://oauth.battlenet.com.cn" }).providers.get(
        "battlenet",
      )?.issuer,
    ).toBe("https://oauth.battlenet.com.cn")
  })
})
