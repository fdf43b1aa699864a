import { runProviderContract } from "@auth/testkit/contract"
import zoom from "../src/index.js"

const me = {
  id: "KDcuGIm1QgePTO8WbOqwIQ",
  first_name: "Jill",
  last_name: "Chill",
  display_name: "Jill Chill",
  email: "jchill@zoom.example",
  type: 1,
  role_name: "Owner",
  pmi: 3542471135,
  use_pmi: false,
  personal_meeting_url: "https://zoom.us/j/3542471135",
  timezone: "Asia/Shanghai",
  verified: 1,
  dept: "",
  created_at: "2019-06-01T07:58:03Z",
  last_login_time: "2026-11-30T08:12:34Z",
  pic_url:
    "https://example.zoom.us/p/KDcuGIm1QgePTO8WbOqwIQ/1b9d8e2a-5d3e-4f0b-9a5e-0d3b3f1c2a4b-7777",
  language: "en-US",
  phone_number: "",
  status: "active",
  account_id: "q6gBJVO5TzexKYTb_I2rpg",
  account_number: 10009239,
  cluster: "us05",
  user_created_at: "2019-06-01T07:58:03Z",
}

runProviderContract({
  provider: zoom({ clientId: "zoom-client", clientSecret: "zoom-secret" }),
  authorization: { url: "https://zoom.us/oauth/authorize", absentParams: ["scope", "nonce"] },
  token: {
    url: "https://zoom.us/oauth/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: {
      access_token: "zoom-at",
      token_type: "bearer",
      refresh_token: "zoom-rt",
      expires_in: 3599,
      scope: "user:read:user",
      api_url: "https://api.zoom.us",
    },
  },
  userinfo: { url: "https://api.zoom.us/v2/users/me", body: me },
  expectUser: {
    id: "KDcuGIm1QgePTO8WbOqwIQ",
    name: "Jill Chill",
    email: "jchill@zoom.example",
    image: me.pic_url,
  },
  expectAccount: {
    providerAccountId: "KDcuGIm1QgePTO8WbOqwIQ",
    access_token: "zoom-at",
    refresh_token: "zoom-rt",
  },
  scenarios: [
    {
      name: "email not yet confirmed (status pending): email null; name from first/last name",
      userinfo: { body: { ...me, status: "pending", display_name: "", pic_url: undefined } },
      expectUser: { id: "KDcuGIm1QgePTO8WbOqwIQ", name: "Jill Chill", email: null, image: null },
    },
    {
      name: "Zoom refuses the code -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: { reason: "Invalid authorization code", error: "invalid_request" },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /invalid_request/,
      },
    },
    {
      name: "users/me answers { code: 124 } 401 (scope missing or token invalid) -> USERINFO_ERROR",
      userinfo: { status: 401, body: { code: 124, message: "Invalid access token." } },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /Invalid access token/,
      },
    },
  ],
})
