import { runProviderContract } from "@auth/testkit/contract"
import box from "../src/index.js"

// GET /2.0/users/me, from Box's API reference.
const me = {
  type: "user",
  id: "11446498",
  name: "Aaron Levie",
  login: "ceo@example.com",
  created_at: "2012-12-12T10:53:43-08:00",
  language: "en",
  timezone: "Africa/Bujumbura",
  job_title: "CEO",
  status: "active",
  avatar_url: "https://www.box.com/api/avatar/large/181216415",
}

runProviderContract({
  provider: box({ clientId: "box-client-id", clientSecret: "box-client-secret" }),
  authorization: {
    url: "https://account.box.com/api/oauth2/authorize",
    absentParams: ["scope", "nonce"],
  },
  token: {
    url: "https://api.box.com/oauth2/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      access_token: "box-at",
      expires_in: 3600,
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      refresh_token: "box-rt",
      restricted_to: [],
      token_type: "bearer",
    },
  },
  userinfo: { url: "https://api.box.com/2.0/users/me", body: me },
  expectUser: {
    id: "11446498",
    name: "Aaron Levie",
    email: "ceo@example.com",
    image: me.avatar_url,
  },
  expectAccount: { providerAccountId: "11446498", access_token: "box-at", refresh_token: "box-rt" },
  scenarios: [
    {
      name: "a user without avatar or login: image and email null",
      userinfo: { body: { type: "user", id: "42", name: "Managed User" } },
      expectUser: { id: "42", name: "Managed User", email: null, image: null },
      expectAccount: { providerAccountId: "42" },
    },
    {
      name: "Box client error body on the token endpoint -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: { error: "invalid_client", error_description: "The client credentials are invalid" },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
    {
      name: "users/me answers 401 -> USERINFO_ERROR",
      userinfo: {
        status: 401,
        body: { type: "error", status: 401, code: "unauthorized", message: "Unauthorized" },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
