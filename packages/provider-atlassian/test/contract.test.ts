import { runProviderContract } from "@auth/testkit/contract"
import atlassian from "../src/index.js"

// GET https://api.atlassian.com/me, as documented for the User Identity API.
const me = {
  account_type: "atlassian",
  account_id: "5b10ac8d82e05b22cc7d4ef5",
  email: "mia@atlassian.example",
  name: "Mia Krystof",
  picture:
    "https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/5b10ac8d82e05b22cc7d4ef5/128",
  account_status: "active",
  nickname: "mia",
  zoneinfo: "Australia/Sydney",
  locale: "en-US",
  extended_profile: { job_title: "Developer", organization: "Example Corp" },
}

runProviderContract({
  provider: atlassian({ clientId: "atl-client-id", clientSecret: "atl-client-secret" }),
  authorization: {
    url: "https://auth.atlassian.com/authorize",
    // The v4 defect: no audience/prompt and a default `openid` scope Atlassian does not grant to 3LO apps.
    params: { audience: "api.atlassian.com", prompt: "consent", scope: "read:me" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://auth.atlassian.com/oauth/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: { access_token: "atl-at", token_type: "Bearer", expires_in: 3600, scope: "read:me" },
  },
  userinfo: { url: "https://api.atlassian.com/me", body: me },
  expectUser: {
    id: "5b10ac8d82e05b22cc7d4ef5",
    name: "Mia Krystof",
    email: "mia@atlassian.example",
    image: me.picture,
  },
  expectAccount: {
    providerAccountId: "5b10ac8d82e05b22cc7d4ef5",
    access_token: "atl-at",
    scope: "read:me",
  },
  scenarios: [
    {
      name: "offline_access granted: the rotating refresh token is stored",
      token: {
        body: {
          access_token: "atl-at",
          token_type: "Bearer",
          expires_in: 3600,
          scope: "read:me offline_access",
          refresh_token: "atl-rt",
        },
      },
      expectAccount: { providerAccountId: "5b10ac8d82e05b22cc7d4ef5", refresh_token: "atl-rt" },
    },
    {
      name: "email hidden by the person's profile visibility: email null",
      userinfo: { body: { ...me, email: undefined } },
      expectUser: { id: "5b10ac8d82e05b22cc7d4ef5", email: null },
    },
    {
      name: "email_verified false: the address is not trusted",
      userinfo: { body: { ...me, email_verified: false } },
      expectUser: { id: "5b10ac8d82e05b22cc7d4ef5", email: null },
    },
    {
      name: "/me without read:me -> 401 -> USERINFO_ERROR",
      userinfo: { status: 401, body: { code: 401, message: "Unauthorized; scope does not match" } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
    {
      name: "code already used -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 403,
        body: { error: "invalid_grant", error_description: "Invalid authorization code" },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})
