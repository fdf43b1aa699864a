import { Auth } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { expect, it } from "vitest"
import gitlab from "../src/index.js"

// GET /api/v4/user for the signed-in user, from GitLab's Users API (trimmed).
const user = {
  id: 1,
  username: "john_smith",
  name: "John Smith",
  state: "active",
  avatar_url: "https://gitlab.com/uploads/-/system/user/avatar/1/cd8.jpeg",
  web_url: "https://gitlab.com/john_smith",
  created_at: "2012-05-23T08:00:58Z",
  public_email: "",
  email: "john@gitlab.example",
  commit_email: "john@gitlab.example",
  confirmed_at: "2012-05-23T09:05:22Z",
  two_factor_enabled: true,
  bot: false,
}
const token = {
  access_token: "glpat-oauth-at",
  token_type: "Bearer",
  expires_in: 7200,
  refresh_token: "gl-rt",
  scope: "read_user",
  created_at: 1764806400,
}

runProviderContract({
  provider: gitlab({ clientId: "gitlab-app-id", clientSecret: "gitlab-secret" }),
  // read_user only: no `openid` (that would make GitLab issue an id_token this OAuth config does not want).
  authorization: {
    url: "https://gitlab.com/oauth/authorize",
    params: { scope: "read_user" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://gitlab.com/oauth/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: token,
  },
  userinfo: { url: "https://gitlab.com/api/v4/user", body: user },
  // The numeric id becomes the string "1".
  expectUser: { id: "1", name: "John Smith", email: "john@gitlab.example", image: user.avatar_url },
  expectAccount: {
    providerAccountId: "1",
    access_token: "glpat-oauth-at",
    refresh_token: "gl-rt",
    scope: "read_user",
  },
  scenarios: [
    {
      name: "primary email not confirmed: email null",
      userinfo: { body: { ...user, confirmed_at: null } },
      expectUser: { id: "1", email: null },
    },
    {
      name: "no email visible, no avatar",
      userinfo: { body: { ...user, email: undefined, avatar_url: null } },
      expectUser: { id: "1", email: null, image: null },
    },
    {
      name: "/api/v4/user answers 401 -> USERINFO_ERROR",
      userinfo: { status: 401, body: { message: "401 Unauthorized" } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})

runProviderContract({
  // A self-managed instance: every endpoint moves to baseUrl (a trailing slash is tolerated).
  provider: gitlab({
    clientId: "gitlab-app-id",
    clientSecret: "gitlab-secret",
    baseUrl: "https://gitlab.example.com/",
  }),
  authorization: {
    url: "https://gitlab.example.com/oauth/authorize",
    params: { scope: "read_user" },
  },
  token: {
    url: "https://gitlab.example.com/oauth/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: token,
  },
  userinfo: { url: "https://gitlab.example.com/api/v4/user", body: { ...user, id: 4217 } },
  expectUser: { id: "4217", name: "John Smith" },
})

it("a baseUrl with a path is refused at Auth() time", () => {
  const provider = gitlab({
    clientId: "id",
    clientSecret: "s",
    baseUrl: "https://gitlab.example.com/api/v4",
  })
  expect(() => Auth({ providers: [provider], secret: "x".repeat(32) })).toThrow(/baseUrl/)
})
