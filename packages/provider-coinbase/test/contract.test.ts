import { runProviderContract } from "@auth/testkit/contract"
import coinbase from "../src/index.js"

// GET /v2/user, from Coinbase's "Show current user" reference.
const user = {
  data: {
    id: "9da7a204-544e-5fd1-9a12-61176c5d4cd8",
    name: "User One",
    username: "user1",
    profile_location: null,
    profile_bio: null,
    profile_url: "https://coinbase.com/user1",
    avatar_url:
      "https://images.coinbase.com/avatar?h=vR%2FY8igBoPwuwGren5JMwvDNGpURAY%2F0nRIOgH%2FY2Qh%2BQ6nomR3qusA%2Bh6o2%0Af9rH&s=128",
    resource: "user",
    resource_path: "/v2/user",
    email: "user1@example.com",
  },
}

runProviderContract({
  provider: coinbase({ clientId: "cb-client-id", clientSecret: "cb-client-secret" }),
  // The v4 defect: www.coinbase.com/oauth/authorize and api.coinbase.com/oauth/token are the legacy endpoints.
  authorization: {
    url: "https://login.coinbase.com/oauth2/auth",
    params: { scope: "wallet:user:read wallet:user:email" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://login.coinbase.com/oauth2/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      access_token: "cb-at",
      token_type: "bearer",
      expires_in: 3600,
      refresh_token: "cb-rt",
      scope: "wallet:user:read wallet:user:email",
    },
  },
  userinfo: { url: "https://api.coinbase.com/v2/user", body: user },
  expectUser: {
    id: "9da7a204-544e-5fd1-9a12-61176c5d4cd8",
    name: "User One",
    email: "user1@example.com",
    image: user.data.avatar_url,
  },
  expectAccount: {
    providerAccountId: "9da7a204-544e-5fd1-9a12-61176c5d4cd8",
    access_token: "cb-at",
    refresh_token: "cb-rt",
  },
  scenarios: [
    {
      name: "wallet:user:email not granted: no email in data, email null",
      userinfo: { body: { data: { ...user.data, email: undefined } } },
      expectUser: { id: "9da7a204-544e-5fd1-9a12-61176c5d4cd8", email: null },
    },
    {
      name: "no name: the username is used",
      userinfo: { body: { data: { ...user.data, name: null } } },
      expectUser: { id: "9da7a204-544e-5fd1-9a12-61176c5d4cd8", name: "user1" },
    },
    {
      name: "Coinbase API error body (expired token) -> USERINFO_ERROR",
      userinfo: {
        status: 401,
        body: { errors: [{ id: "expired_token", message: "The access token expired" }] },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
