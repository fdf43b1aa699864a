import { runProviderContract } from "@auth/testkit/contract"
import reddit from "../src/index.js"

const me = {
  id: "1w72",
  name: "spez",
  icon_img:
    "https://styles.redditmedia.com/t5_3k30p/styles/profileIcon_snoo.png?width=256&amp;height=256&amp;crop=256:256,smart&amp;s=abc123",
  snoovatar_img: "",
  has_verified_email: true,
  created_utc: 1118030400,
  total_karma: 935000,
  over_18: false,
}
const userAgent = "web:contract-app:1.0 (by /u/contract_tester)"
const ua = { "user-agent": userAgent }

runProviderContract({
  provider: reddit({ clientId: "reddit-client", clientSecret: "reddit-secret", userAgent }),
  authorization: {
    url: "https://www.reddit.com/api/v1/authorize",
    params: { scope: "identity", duration: "permanent" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://www.reddit.com/api/v1/access_token",
    method: "POST",
    clientAuth: "client_secret_basic",
    expectHeaders: ua,
    body: {
      access_token: "reddit-at",
      token_type: "bearer",
      expires_in: 86400,
      refresh_token: "reddit-rt",
      scope: "identity",
    },
  },
  userinfo: { url: "https://oauth.reddit.com/api/v1/me", body: me, expectHeaders: ua },
  expectUser: {
    id: "1w72",
    name: "spez",
    email: null,
    image:
      "https://styles.redditmedia.com/t5_3k30p/styles/profileIcon_snoo.png?width=256&height=256&crop=256:256,smart&s=abc123",
  },
  expectAccount: {
    providerAccountId: "1w72",
    access_token: "reddit-at",
    refresh_token: "reddit-rt",
  },
  scenarios: [
    {
      name: "no avatar: image null; Reddit never shares an email",
      userinfo: { body: { ...me, icon_img: "", email: "never@reddit.example" } },
      expectUser: { id: "1w72", email: null, image: null },
    },
    {
      name: "HTTP 200 with { error: invalid_grant } from the token endpoint -> TOKEN_ENDPOINT_ERROR",
      token: { status: 200, body: { error: "invalid_grant" } },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /invalid_grant/,
      },
    },
    {
      name: "Reddit blocks the profile request (429 too many requests) -> USERINFO_ERROR",
      userinfo: { status: 429, body: { message: "Too Many Requests", error: 429 } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR", message: /429/ },
    },
  ],
})

runProviderContract({
  provider: reddit({
    id: "reddit-default-ua",
    clientId: "reddit-client",
    clientSecret: "reddit-secret",
  }),
  authorization: {
    url: "https://www.reddit.com/api/v1/authorize",
    params: { duration: "permanent" },
  },
  token: {
    url: "https://www.reddit.com/api/v1/access_token",
    clientAuth: "client_secret_basic",
    expectHeaders: { "user-agent": "web:@auth/provider-reddit:1.0" },
    body: { access_token: "reddit-at", token_type: "bearer", expires_in: 86400, scope: "identity" },
  },
  userinfo: {
    url: "https://oauth.reddit.com/api/v1/me",
    body: me,
    expectHeaders: { "user-agent": "web:@auth/provider-reddit:1.0" },
  },
  expectUser: { id: "1w72", name: "spez" },
})
