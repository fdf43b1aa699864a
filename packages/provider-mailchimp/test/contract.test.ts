import { runProviderContract } from "@auth/testkit/contract"
import mailchimp from "../src/index.js"

// GET /oauth2/metadata, as Mailchimp's OAuth guide shows it.
const metadata = {
  dc: "us6",
  role: "owner",
  accountname: "Freddie's Jokes",
  user_id: 42424242,
  login: {
    email: "freddie@mailchimp.example",
    avatar: "https://gallery.mailchimp.com/avatar.png",
    login_id: 13371337,
    login_name: "freddie",
    login_email: "freddie@mailchimp.example",
  },
  login_url: "https://login.mailchimp.com",
  api_endpoint: "https://us6.api.mailchimp.com",
}

runProviderContract({
  provider: mailchimp({ clientId: "123456789012", clientSecret: "mc-client-secret" }),
  // No scope exists at Mailchimp: nothing (no `openid`) is sent.
  authorization: {
    url: "https://login.mailchimp.com/oauth2/authorize",
    absentParams: ["scope", "nonce"],
  },
  token: {
    url: "https://login.mailchimp.com/oauth2/token",
    method: "POST",
    clientAuth: "client_secret_post",
    // Mailchimp's real answer: no token_type, expires_in 0 (never), scope null. The conform makes it valid.
    body: { access_token: "mc-at", expires_in: 0, scope: null },
  },
  // Authorization: OAuth <token>, not Bearer.
  userinfo: {
    url: "https://login.mailchimp.com/oauth2/metadata",
    bearer: false,
    expectHeaders: { authorization: "OAuth mc-at" },
    body: metadata,
  },
  expectUser: {
    id: "13371337",
    name: "freddie",
    email: "freddie@mailchimp.example",
    image: metadata.login.avatar,
  },
  expectAccount: { providerAccountId: "13371337", access_token: "mc-at" },
  scenarios: [
    {
      name: "no login name or avatar: account name, image null",
      userinfo: { body: { ...metadata, login: { login_id: 7, email: "x@mailchimp.example" } } },
      expectUser: { id: "7", name: "Freddie's Jokes", email: "x@mailchimp.example", image: null },
      expectAccount: { providerAccountId: "7" },
    },
    {
      name: "no email at all: email null",
      userinfo: { body: { ...metadata, login: { login_id: 8, login_name: "nomail" } } },
      expectUser: { id: "8", email: null },
      expectAccount: { providerAccountId: "8" },
    },
    {
      name: "metadata answers 401 (invalid token) -> USERINFO_ERROR",
      userinfo: {
        status: 401,
        body: { error: "invalid_token", error_description: "Invalid token" },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
