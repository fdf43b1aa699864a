import { runProviderContract } from "@auth/testkit/contract"
import naver from "../src/index.js"

const me = {
  resultcode: "00",
  message: "success",
  response: {
    id: "32742776",
    nickname: "OpenAPI",
    name: "오픈 API",
    email: "openapi@naver.com",
    gender: "F",
    age: "40-49",
    birthday: "10-01",
    profile_image: "https://ssl.pstatic.net/static/pwe/address/nodata_33x33.gif",
  },
}

runProviderContract({
  provider: naver({ clientId: "naver-client-id", clientSecret: "naver-client-secret" }),
  authorization: {
    url: "https://nid.naver.com/oauth2.0/authorize",
    absentParams: ["scope", "nonce"],
  },
  token: {
    url: "https://nid.naver.com/oauth2.0/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      access_token: "naver-at",
      refresh_token: "naver-rt",
      token_type: "bearer",
      expires_in: "3600",
    },
  },
  userinfo: { url: "https://openapi.naver.com/v1/nid/me", body: me },
  expectUser: {
    id: "32742776",
    name: "오픈 API",
    email: "openapi@naver.com",
    image: me.response.profile_image,
  },
  expectAccount: {
    providerAccountId: "32742776",
    access_token: "naver-at",
    refresh_token: "naver-rt",
  },
  scenarios: [
    {
      name: "the profile is wrapped in `response`; without the name consent item the name falls back to `nickname`",
      userinfo: { body: { ...me, response: { id: "1234", nickname: "별명" } } },
      expectUser: { id: "1234", name: "별명", email: null, image: null },
      expectAccount: { providerAccountId: "1234" },
    },
    {
      name: "HTTP 200 with { error } from the token endpoint -> TOKEN_ENDPOINT_ERROR with Naver's description",
      token: {
        status: 200,
        body: { error: "invalid_request", error_description: "no valid data in session" },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /no valid data in session/,
      },
    },
    {
      name: "resultcode 024 (authentication failed) -> USERINFO_ERROR naming Naver's code and message",
      userinfo: {
        status: 401,
        body: { resultcode: "024", message: "Authentication failed / 인증에 실패했습니다." },
        headers: { "www-authenticate": 'Bearer realm="naver"' },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /resultcode 024: Authentication failed/,
      },
    },
    {
      name: "a failure resultcode under HTTP 200 is still a failure",
      userinfo: {
        status: 200,
        body: { resultcode: "028", message: "Authentication header not exists." },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /resultcode 028/,
      },
    },
  ],
})
