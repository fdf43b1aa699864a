import { runProviderContract } from "@auth/testkit/contract"
import eveonline from "../src/index.js"

const clientId = "my3rdpartyclientid"
/** An SSO v2 access token with the documented claims (EVE signs it; the signature part is opaque here). */
function jwt(claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url")
  return `${b64({ alg: "RS256", kid: "JWT-Signature-Key", typ: "JWT" })}.${b64(claims)}.c2lnbmF0dXJl`
}
const claims = {
  scp: ["publicData"],
  jti: "998e12c7-3241-43c5-8355-2c48822e0a1b",
  kid: "JWT-Signature-Key",
  sub: "CHARACTER:EVE:2112625428",
  azp: clientId,
  tenant: "tranquility",
  tier: "live",
  region: "world",
  aud: [clientId, "EVE Online"],
  name: "Ondřej Kőrös",
  owner: "8PmzCeTKb4VFUDrHLc/AeZXDSWM=",
  exp: 1648563218,
  iat: 1648562018,
  iss: "https://login.eveonline.com",
}
const token = (c: Record<string, unknown>) => ({
  access_token: jwt(c),
  expires_in: 1199,
  token_type: "Bearer",
  refresh_token: "eve-rt",
})

runProviderContract({
  provider: eveonline({ clientId, clientSecret: "eve-secret" }),
  // No `openid` and no v1 `publicData` scope: SSO v2 needs none to identify the character.
  authorization: {
    url: "https://login.eveonline.com/v2/oauth/authorize",
    absentParams: ["scope", "nonce"],
  },
  token: {
    url: "https://login.eveonline.com/v2/oauth/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: token(claims),
  },
  // SSO v2 retired /oauth/verify: no profile request is made at all.
  userinfo: null,
  expectUser: {
    id: "2112625428",
    name: "Ondřej Kőrös",
    email: null,
    image: "https://images.evetech.net/characters/2112625428/portrait",
  },
  expectAccount: { providerAccountId: "2112625428", refresh_token: "eve-rt" },
  scenarios: [
    {
      name: "issuer given as a bare host name is accepted too",
      token: {
        body: token({
          ...claims,
          iss: "login.eveonline.com",
          sub: "CHARACTER:EVE:90000001",
          name: "Pilot",
        }),
      },
      expectUser: { id: "90000001", name: "Pilot" },
      expectAccount: { providerAccountId: "90000001" },
    },
    {
      name: "a token issued to another application (azp) is refused -> USERINFO_ERROR",
      token: { body: token({ ...claims, azp: "someone-else" }) },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
    {
      name: "a token from another issuer is refused -> USERINFO_ERROR",
      token: { body: token({ ...claims, iss: "https://login.evil.example" }) },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
    {
      name: "SSO error body on the token endpoint -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: { error: "invalid_grant", error_description: "Authorization code is invalid" },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})
