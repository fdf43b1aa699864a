import { runProviderContract } from "@auth/testkit/contract"
import medium from "../src/index.js"

// GET /v1/me, from Medium's API documentation.
const me = {
  data: {
    id: "5303d74c64f66366f00cb9b2a94f3251bf5",
    username: "majelbstoat",
    name: "Jamie Talbot",
    url: "https://medium.com/@majelbstoat",
    imageUrl: "https://images.medium.com/0*fkfQiTzT7TlUGGyI.png",
  },
}
const id = me.data.id

runProviderContract({
  provider: medium({ clientId: "medium-client-id", clientSecret: "medium-secret" }),
  authorization: {
    url: "https://medium.com/m/oauth/authorize",
    params: { scope: "basicProfile" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://api.medium.com/v1/tokens",
    method: "POST",
    clientAuth: "client_secret_post",
    // Medium sends scope as an array, which strict OAuth 2 validation rejects: the conform joins it.
    body: {
      token_type: "Bearer",
      access_token: "medium-at",
      refresh_token: "medium-rt",
      scope: ["basicProfile"],
      expires_at: 1767398400,
    },
  },
  userinfo: { url: "https://api.medium.com/v1/me", body: me },
  expectUser: { id, name: "Jamie Talbot", email: null, image: me.data.imageUrl },
  expectAccount: {
    providerAccountId: id,
    access_token: "medium-at",
    refresh_token: "medium-rt",
    scope: "basicProfile",
  },
  scenarios: [
    {
      name: "no name and no image: username, image null; Medium never shares an email",
      userinfo: { body: { data: { id, username: "majelbstoat" } } },
      expectUser: { id, name: "majelbstoat", email: null, image: null },
    },
    {
      name: "/v1/me answers 401 (token revoked) -> USERINFO_ERROR",
      userinfo: { status: 401, body: { errors: [{ message: "Token was invalid.", code: 6003 }] } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
