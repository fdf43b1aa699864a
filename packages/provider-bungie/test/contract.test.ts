import { Auth } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { expect, it } from "vitest"
import bungie from "../src/index.js"

const apiKey = "0123456789abcdef0123456789abcdef"
// GET /User/GetBungieNetUserById/{id}/ wraps a GeneralUser in Bungie's response envelope.
const user = {
  membershipId: "14685849",
  uniqueName: "Guardian#1234",
  displayName: "Guardian",
  cachedBungieGlobalDisplayName: "Guardian",
  cachedBungieGlobalDisplayNameCode: 1234,
  profilePicturePath: "/img/profile/avatars/cc00.jpg",
  locale: "en",
}
const envelope = (response: unknown, code = 1, status = "Success") => ({
  Response: response,
  ErrorCode: code,
  ThrottleSeconds: 0,
  ErrorStatus: status,
  Message: "Ok",
  MessageData: {},
})
const tokenBody = {
  access_token: "bng-at",
  token_type: "Bearer",
  expires_in: 3600,
  refresh_token: "bng-rt",
  refresh_expires_in: 7776000,
  membership_id: "14685849",
}

runProviderContract({
  provider: bungie({ clientId: "12345", clientSecret: "bungie-secret", apiKey }),
  // v4 sent the default `openid` scope; Bungie grants the application's scopes and wants none.
  authorization: {
    url: "https://www.bungie.net/en/OAuth/Authorize",
    absentParams: ["scope", "nonce"],
  },
  token: {
    url: "https://www.bungie.net/Platform/App/OAuth/token/",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: tokenBody,
  },
  // The v4 defect: `{membershipId}` stayed literal and no X-API-Key was sent. Both are asserted here.
  userinfo: {
    url: "https://www.bungie.net/Platform/User/GetBungieNetUserById/14685849/",
    body: envelope(user),
    expectHeaders: { "x-api-key": apiKey },
  },
  expectUser: {
    id: "14685849",
    name: "Guardian",
    email: null,
    image: "https://www.bungie.net/img/profile/avatars/cc00.jpg",
  },
  expectAccount: { providerAccountId: "14685849", access_token: "bng-at", refresh_token: "bng-rt" },
  scenarios: [
    {
      name: "another member: the URL is filled from that token response's membership_id",
      token: { body: { ...tokenBody, membership_id: "4611686018467" } },
      userinfo: {
        url: "https://www.bungie.net/Platform/User/GetBungieNetUserById/4611686018467/",
        body: envelope({ membershipId: "4611686018467", displayName: "Ghost" }),
      },
      expectUser: { id: "4611686018467", name: "Ghost", email: null, image: null },
      expectAccount: { providerAccountId: "4611686018467" },
    },
    {
      name: "Bungie's envelope error (ErrorCode 2101, bad API key) -> USERINFO_ERROR",
      userinfo: { status: 401, body: envelope(null, 2101, "ApiInvalidOrExpiredKey") },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
    {
      name: "HTTP 200 with a non-success ErrorCode is an error too",
      userinfo: { body: envelope(null, 217, "UserCannotResolveCentralAccount") },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})

runProviderContract({
  // NextAuth v4 documented `headers: { "X-API-Key": ... }`: the same key reaches the API.
  provider: bungie({
    clientId: "12345",
    clientSecret: "bungie-secret",
    headers: { "X-API-Key": "v4-style-key" },
  }),
  authorization: { url: "https://www.bungie.net/en/OAuth/Authorize", absentParams: ["scope"] },
  token: {
    url: "https://www.bungie.net/Platform/App/OAuth/token/",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: tokenBody,
  },
  userinfo: {
    url: "https://www.bungie.net/Platform/User/GetBungieNetUserById/14685849/",
    body: envelope(user),
    expectHeaders: { "x-api-key": "v4-style-key" },
  },
  expectUser: { id: "14685849", name: "Guardian" },
})

it("without an API key, Auth() refuses the configuration", () => {
  expect(() =>
    Auth({ providers: [bungie({ clientId: "12345", clientSecret: "s" })], secret: "x".repeat(32) }),
  ).toThrow(/apiKey/)
})
