import { runProviderContract } from "@auth/testkit/contract"
import osu from "../src/index.js"

const me = {
  avatar_url: "https://a.ppy.sh/2?1537409912.jpeg",
  country_code: "AU",
  default_group: "default",
  id: 2,
  is_active: true,
  is_bot: false,
  is_deleted: false,
  is_online: false,
  is_supporter: true,
  last_visit: "2026-11-30T01:02:03+00:00",
  pm_friends_only: false,
  profile_colour: "#3366FF",
  username: "peppy",
  cover_url:
    "https://assets.ppy.sh/user-profile-covers/2/baba245ef60834b769694178f8f6d4f6166c5188c740de084656ad2b80f1eea7.jpeg",
  is_restricted: false,
  join_date: "2007-08-28T03:09:12+00:00",
  playmode: "osu",
}

runProviderContract({
  provider: osu({ clientId: "12345", clientSecret: "osu-secret" }),
  authorization: {
    url: "https://osu.ppy.sh/oauth/authorize",
    params: { scope: "identify" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://osu.ppy.sh/oauth/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      token_type: "Bearer",
      expires_in: 86400,
      access_token: "osu-at",
      refresh_token: "osu-rt",
    },
  },
  userinfo: { url: "https://osu.ppy.sh/api/v2/me", body: me },
  expectUser: { id: "2", name: "peppy", email: null, image: "https://a.ppy.sh/2?1537409912.jpeg" },
  expectAccount: { providerAccountId: "2", access_token: "osu-at", refresh_token: "osu-rt" },
  scenarios: [
    {
      name: "the numeric id becomes a string id; osu! never shares an email",
      userinfo: {
        body: { ...me, id: 7562902, username: "mrekk", email: "should-not-be-used@osu.example" },
      },
      expectUser: { id: "7562902", name: "mrekk", email: null },
      expectAccount: { providerAccountId: "7562902" },
    },
    {
      name: "wrong client secret -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 401,
        body: {
          error: "invalid_client",
          error_description: "Client authentication failed",
          message: "Client authentication failed",
        },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /invalid_client/,
      },
    },
    {
      name: "/api/v2/me refuses the token ({ authentication: basic }) -> USERINFO_ERROR",
      userinfo: { status: 401, body: { authentication: "basic" } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
