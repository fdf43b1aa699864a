import { runProviderContract } from "@auth/testkit/contract"
import freshbooks from "../src/index.js"

// GET /auth/api/v1/users/me, from FreshBooks' identity ("me") documentation (trimmed).
const me = {
  response: {
    id: 2192788,
    identity_id: 2192788,
    identity_uuid: "c3c3e3c1-0d58-4b7b-9e67-40d7b3c4b1a3",
    first_name: "Bruce",
    last_name: "Wayne",
    email: "bruce@freshbooks.example",
    language: "en",
    confirmed_at: "2026-03-04T15:23:05Z",
    business_memberships: [
      {
        id: 160,
        role: "owner",
        business: { id: 77128, name: "Wayne Industries", account_id: "zDmNq" },
      },
    ],
  },
}

runProviderContract({
  provider: freshbooks({ clientId: "fb-client-id", clientSecret: "fb-client-secret" }),
  // v4 shipped no endpoints at all (v3-style keys only): these are FreshBooks' documented ones.
  authorization: {
    url: "https://auth.freshbooks.com/oauth/authorize",
    absentParams: ["scope", "nonce"],
  },
  token: {
    url: "https://api.freshbooks.com/auth/oauth/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      access_token: "fb-at",
      token_type: "Bearer",
      expires_in: 43200,
      refresh_token: "fb-rt",
      scope: "user:profile:read",
      created_at: 1764806400,
    },
  },
  userinfo: { url: "https://api.freshbooks.com/auth/api/v1/users/me", body: me },
  expectUser: {
    id: "2192788",
    name: "Bruce Wayne",
    email: "bruce@freshbooks.example",
    image: null,
  },
  expectAccount: {
    providerAccountId: "2192788",
    access_token: "fb-at",
    refresh_token: "fb-rt",
    scope: "user:profile:read",
  },
  scenarios: [
    {
      name: "email not confirmed yet: email null",
      userinfo: { body: { response: { ...me.response, confirmed_at: null } } },
      expectUser: { id: "2192788", email: null },
    },
    {
      name: "no email and no names",
      userinfo: {
        body: {
          response: { id: 5, email: null, first_name: null, last_name: null, confirmed_at: null },
        },
      },
      expectUser: { id: "5", name: null, email: null },
      expectAccount: { providerAccountId: "5" },
    },
    {
      name: "users/me answers 401 -> USERINFO_ERROR",
      userinfo: {
        status: 401,
        body: {
          error: "unauthenticated",
          error_description: "This action requires authentication to continue.",
        },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
