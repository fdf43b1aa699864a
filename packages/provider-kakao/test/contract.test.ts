import { runProviderContract } from "@auth/testkit/contract"
import kakao from "../src/index.js"

const me = {
  id: 3201728459,
  connected_at: "2026-01-02T03:04:05Z",
  properties: { nickname: "라이언", profile_image: "http://k.kakaocdn.net/dn/legacy.jpg" },
  kakao_account: {
    profile: {
      nickname: "라이언",
      profile_image_url: "https://k.kakaocdn.net/dn/ryan_640x640.jpg",
      thumbnail_image_url: "https://k.kakaocdn.net/dn/ryan_110x110.jpg",
    },
    email: "ryan@kakao.example",
    is_email_valid: true,
    is_email_verified: true,
  },
}

runProviderContract({
  provider: kakao({ clientId: "kakao-rest-api-key", clientSecret: "kakao-client-secret" }),
  authorization: {
    url: "https://kauth.kakao.com/oauth/authorize",
    absentParams: ["scope", "nonce"],
  },
  token: {
    url: "https://kauth.kakao.com/oauth/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      token_type: "bearer",
      access_token: "kakao-at",
      expires_in: 21599,
      refresh_token: "kakao-rt",
      refresh_token_expires_in: 5183999,
    },
  },
  userinfo: { url: "https://kapi.kakao.com/v2/user/me", body: me },
  expectUser: {
    id: "3201728459",
    name: "라이언",
    email: "ryan@kakao.example",
    image: "https://k.kakaocdn.net/dn/ryan_640x640.jpg",
  },
  expectAccount: {
    providerAccountId: "3201728459",
    access_token: "kakao-at",
    refresh_token: "kakao-rt",
  },
  scenarios: [
    {
      name: "email not verified by Kakao is not trusted",
      userinfo: {
        body: { ...me, kakao_account: { ...me.kakao_account, is_email_verified: false } },
      },
      expectUser: { id: "3201728459", email: null },
    },
    {
      name: "only the nickname consent item: no kakao_account.email, name from profile",
      userinfo: { body: { id: 42, kakao_account: { profile: { nickname: "어피치" } } } },
      expectUser: { id: "42", name: "어피치", email: null, image: null },
      expectAccount: { providerAccountId: "42" },
    },
    {
      name: "legacy `properties` only",
      userinfo: {
        body: {
          id: 7,
          properties: { nickname: "무지", profile_image: "https://k.kakaocdn.net/dn/muzi.jpg" },
        },
      },
      expectUser: { id: "7", name: "무지", image: "https://k.kakaocdn.net/dn/muzi.jpg" },
      expectAccount: { providerAccountId: "7" },
    },
    {
      name: "Kakao error body (KOE320: code already used) -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: {
          error: "invalid_grant",
          error_description: "authorization code not found for code=contract-code",
          error_code: "KOE320",
        },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
    {
      name: "user/me answers 401 (token revoked) -> USERINFO_ERROR",
      userinfo: { status: 401, body: { msg: "this access token does not exist", code: -401 } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
