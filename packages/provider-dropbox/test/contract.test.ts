import { runProviderContract } from "@auth/testkit/contract"
import dropbox from "../src/index.js"

// users/get_current_account, from the Dropbox HTTP API documentation.
const account = {
  account_id: "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc",
  name: {
    abbreviated_name: "FD",
    display_name: "Franz Ferdinand (Personal)",
    familiar_name: "Franz",
    given_name: "Franz",
    surname: "Ferdinand",
  },
  email: "franz@dropbox.com",
  email_verified: true,
  disabled: false,
  locale: "en",
  referral_link: "https://db.tt/ZITNuhtI",
  is_paired: true,
  account_type: { ".tag": "business" },
  root_info: { ".tag": "user", home_namespace_id: "3235641", root_namespace_id: "3235641" },
  country: "US",
  profile_photo_url:
    "https://dl-web.dropbox.com/account_photo/get/dbaphid%3AAAHWGmIXV3sUuOmBfTz0wPsiqHUpBWvv3ZA?vers=1556069330102&size=128x128",
  team_member_id: "dbmid:AAHhy7WsR0x-u4ZCqiDl5Fz5zvuL3kmspwU",
}
const id = account.account_id

runProviderContract({
  provider: dropbox({ clientId: "dropbox-app-key", clientSecret: "dropbox-app-secret" }),
  // token_access_type=offline is what gives a refresh token.
  authorization: {
    url: "https://www.dropbox.com/oauth2/authorize",
    params: { scope: "account_info.read", token_access_type: "offline" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://api.dropboxapi.com/oauth2/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: {
      access_token: "sl.dropbox-at",
      expires_in: 14400,
      token_type: "bearer",
      scope: "account_info.read",
      refresh_token: "dropbox-rt",
      account_id: id,
      uid: "12345",
    },
  },
  // The v4 defect: a GET here. The mock only answers POST, so a GET would fail the test.
  userinfo: {
    url: "https://api.dropboxapi.com/2/users/get_current_account",
    method: "POST",
    body: account,
  },
  expectUser: {
    id,
    name: "Franz Ferdinand (Personal)",
    email: "franz@dropbox.com",
    image: account.profile_photo_url,
  },
  expectAccount: {
    providerAccountId: id,
    access_token: "sl.dropbox-at",
    refresh_token: "dropbox-rt",
  },
  scenarios: [
    {
      name: "unverified email is not trusted; no photo: image null",
      userinfo: { body: { ...account, email_verified: false, profile_photo_url: undefined } },
      expectUser: { id, email: null, image: null },
    },
    {
      name: "Dropbox RPC error (invalid access token, HTTP 401) -> USERINFO_ERROR",
      userinfo: {
        status: 401,
        body: {
          error_summary: "invalid_access_token/...",
          error: { ".tag": "invalid_access_token" },
        },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
