import { runProviderContract } from "@auth/testkit/contract"
import yandex from "../src/index.js"

const info = {
  id: "1000034426",
  login: "ivan",
  client_id: "4760187d81bc4b7799476b42b5103713",
  psuid: "1.AAceCw.tbHgw5DtJ9_zeqPrk-Ba2w.qPWSRC5v2t2IaksPJgnge",
  display_name: "Ivan",
  real_name: "Ivan Ivanov",
  first_name: "Ivan",
  last_name: "Ivanov",
  sex: "male",
  default_email: "ivan@yandex.ru",
  emails: ["ivan@yandex.ru", "other-test@yandex.ru"],
  default_avatar_id: "131652443",
  is_avatar_empty: false,
}
const auth = { authorization: "OAuth yandex-at" }

runProviderContract({
  provider: yandex({ clientId: "4760187d81bc4b7799476b42b5103713", clientSecret: "yandex-secret" }),
  authorization: {
    url: "https://oauth.yandex.ru/authorize",
    params: { scope: "login:info login:email login:avatar" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://oauth.yandex.ru/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: {
      token_type: "bearer",
      access_token: "yandex-at",
      expires_in: 31536000,
      refresh_token: "yandex-rt",
    },
  },
  userinfo: {
    url: "https://login.yandex.ru/info",
    query: { format: "json" },
    bearer: false,
    expectHeaders: auth,
    body: info,
  },
  expectUser: {
    id: "1000034426",
    name: "Ivan",
    email: "ivan@yandex.ru",
    image: "https://avatars.yandex.net/get-yapic/131652443/islands-200",
  },
  expectAccount: {
    providerAccountId: "1000034426",
    access_token: "yandex-at",
    refresh_token: "yandex-rt",
  },
  scenarios: [
    {
      name: "avatar URL built from default_avatar_id; an empty avatar gives no image",
      userinfo: { body: { ...info, is_avatar_empty: true, default_avatar_id: "0/0-0" } },
      expectUser: { id: "1000034426", image: null },
    },
    {
      name: "only login:info granted: no email, name falls back to the real name, then the login",
      userinfo: {
        body: {
          id: "42",
          login: "petr",
          client_id: info.client_id,
          psuid: "x",
          real_name: "Petr Petrov",
        },
      },
      expectUser: { id: "42", name: "Petr Petrov", email: null, image: null },
      expectAccount: { providerAccountId: "42" },
    },
    {
      name: "Yandex refuses the code -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: { error: "invalid_grant", error_description: "Code has expired" },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /Code has expired/,
      },
    },
    {
      name: "/info answers 401 -> USERINFO_ERROR with Yandex's answer",
      userinfo: { status: 401, body: "Unauthorized: expired_token" },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /HTTP 401: Unauthorized: expired_token/,
      },
    },
  ],
})
