import { runProviderContract } from "@auth/testkit/contract"
import github from "../src/index.js"

const user = {
  id: 583231,
  login: "octocat",
  name: "The Octocat",
  email: "octocat@github.example",
  avatar_url: "https://avatars.githubusercontent.com/u/583231?v=4",
}
const headers = { accept: "application/vnd.github+json", "user-agent": "@auth/provider-github" }

runProviderContract({
  provider: github({ clientId: "Iv1.github-client", clientSecret: "github-secret" }),
  authorization: {
    url: "https://github.com/login/oauth/authorize",
    params: { scope: "read:user user:email" },
    absentParams: ["nonce"],
  },
  callbackIssuer: "https://github.com/login/oauth",
  token: {
    url: "https://github.com/login/oauth/access_token",
    method: "POST",
    clientAuth: "client_secret_basic",
    expectHeaders: { accept: "application/json" },
    body: { access_token: "gho_token", token_type: "bearer", scope: "read:user,user:email" },
  },
  userinfo: { url: "https://api.github.com/user", body: user, expectHeaders: headers },
  expectUser: {
    id: "583231",
    name: "The Octocat",
    email: "octocat@github.example",
    image: user.avatar_url,
  },
  expectAccount: {
    providerAccountId: "583231",
    access_token: "gho_token",
    scope: "read:user,user:email",
  },
  scenarios: [
    {
      name: "no public email: /user/emails is asked, the primary verified address is used",
      userinfo: { body: { ...user, email: null } },
      extraRequests: [
        {
          url: "https://api.github.com/user/emails",
          expectHeaders: headers,
          body: [
            { email: "old@github.example", primary: false, verified: true, visibility: null },
            {
              email: "unverified@github.example",
              primary: false,
              verified: false,
              visibility: null,
            },
            { email: "main@github.example", primary: true, verified: true, visibility: "private" },
          ],
        },
      ],
      expectUser: { id: "583231", email: "main@github.example" },
    },
    {
      name: "no public email and only unverified addresses: email stays null",
      userinfo: { body: { ...user, email: null } },
      extraRequests: [
        {
          url: "https://api.github.com/user/emails",
          body: [{ email: "x@github.example", primary: true, verified: false, visibility: null }],
        },
      ],
      expectUser: { id: "583231", email: null },
    },
    {
      name: "no public email and /user/emails forbidden (scope not granted): sign-in still works, email null",
      userinfo: { body: { ...user, email: null, name: null } },
      extraRequests: [
        { url: "https://api.github.com/user/emails", status: 404, body: { message: "Not Found" } },
      ],
      expectUser: { id: "583231", email: null, name: "octocat" },
    },
    {
      name: "HTTP 200 with { error } from the token endpoint -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 200,
        body: {
          error: "bad_verification_code",
          error_description: "The code passed is incorrect or expired.",
        },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
    {
      name: "callback `iss` of another server (RFC 9207 mix-up) -> ISSUER_MISMATCH",
      callbackParams: { iss: "https://evil.example/login/oauth" },
      expectError: { type: "InvalidCheck", code: "ISSUER_MISMATCH" },
    },
    {
      name: "/user fails -> USERINFO_ERROR",
      userinfo: { status: 401, body: { message: "Bad credentials" } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
