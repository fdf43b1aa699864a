import { runProviderContract } from "@auth/testkit/contract"
import twitter from "../src/index.js"

const me = {
  data: {
    id: "1212121212",
    name: "Ann on X",
    username: "ann_x",
    profile_image_url: "https://pbs.twimg.com/profile_images/1/ann_normal.jpg",
  },
}

runProviderContract({
  provider: twitter({ clientId: "x-client-id", clientSecret: "x-client-secret" }),
  authorization: {
    url: "https://x.com/i/oauth2/authorize",
    params: { scope: "users.read tweet.read offline.access", code_challenge_method: "S256" },
  },
  token: {
    url: "https://api.x.com/2/oauth2/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: {
      token_type: "bearer",
      access_token: "x-at",
      refresh_token: "x-rt",
      expires_in: 7200,
      scope: "users.read tweet.read offline.access",
    },
  },
  userinfo: {
    url: "https://api.x.com/2/users/me",
    query: { "user.fields": "profile_image_url" },
    body: me,
  },
  expectUser: { id: "1212121212", name: "Ann on X", email: null, image: me.data.profile_image_url },
  expectAccount: { providerAccountId: "1212121212", access_token: "x-at", refresh_token: "x-rt" },
  scenarios: [
    {
      name: "X's error body (invalid_request: code verifier) -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: {
          error: "invalid_request",
          error_description: "Value passed for the authorization code was invalid.",
        },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
    {
      name: "users/me answers 429 (rate limit) -> USERINFO_ERROR",
      userinfo: { status: 429, body: { title: "Too Many Requests", status: 429 } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
