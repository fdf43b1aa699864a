import { runProviderContract } from "@auth/testkit/contract"
import netlify from "../src/index.js"

const user = {
  id: "5f3e2a1b9c8d7e6f5a4b3c2d",
  uid: null,
  full_name: "Bea Netlify",
  avatar_url: "https://avatars.githubusercontent.com/u/1234567?v=4",
  email: "bea@netlify.example",
  affiliate_id: "",
  site_count: 3,
  created_at: "2021-03-04T05:06:07.000Z",
  last_login: "2026-11-30T10:00:00.000Z",
  login_providers: ["github", "email"],
}

runProviderContract({
  provider: netlify({ clientId: "netlify-client", clientSecret: "netlify-secret" }),
  authorization: { url: "https://app.netlify.com/authorize", absentParams: ["scope", "nonce"] },
  token: {
    url: "https://api.netlify.com/oauth/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      access_token: "netlify-at",
      token_type: "Bearer",
      scope: "public",
      created_at: 1764500000,
    },
  },
  userinfo: { url: "https://api.netlify.com/api/v1/user", body: user },
  expectUser: {
    id: "5f3e2a1b9c8d7e6f5a4b3c2d",
    name: "Bea Netlify",
    email: "bea@netlify.example",
    image: user.avatar_url,
  },
  expectAccount: { providerAccountId: "5f3e2a1b9c8d7e6f5a4b3c2d", access_token: "netlify-at" },
  scenarios: [
    {
      name: "no name, email or avatar on the account",
      userinfo: { body: { id: "abc123", full_name: null, email: null, avatar_url: null } },
      expectUser: { id: "abc123", name: null, email: null, image: null },
      expectAccount: { providerAccountId: "abc123" },
    },
    {
      name: "Netlify refuses the code (invalid_grant) -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 401,
        body: {
          error: "invalid_grant",
          error_description: "The provided authorization grant is invalid, expired, revoked...",
        },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /invalid_grant/,
      },
    },
    {
      name: "/api/v1/user answers 401 -> USERINFO_ERROR",
      userinfo: {
        status: 401,
        body: {
          code: 401,
          message: "Access Denied: your token has no permission for this resource",
        },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR", message: /Access Denied/ },
    },
  ],
})
