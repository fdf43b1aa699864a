import { runProviderContract } from "@auth/testkit/contract"
import mailru from "../src/index.js"

// GET https://oauth.mail.ru/userinfo with scope `userinfo`.
const me = {
  id: "1234567890123456789",
  client_id: "mailru-client-id",
  gender: "m",
  name: "Иван Петров",
  nickname: "ivan",
  locale: "ru_RU",
  first_name: "Иван",
  last_name: "Петров",
  birthday: "01.02.1990",
  image: "https://filin.mail.ru/pic?d=avatar&width=180&height=180",
  email: "ivan@mail.ru",
}

runProviderContract({
  provider: mailru({ clientId: "mailru-client-id", clientSecret: "mailru-secret" }),
  authorization: {
    url: "https://oauth.mail.ru/login",
    params: { scope: "userinfo" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://oauth.mail.ru/token",
    method: "POST",
    clientAuth: "client_secret_post",
    // Mail.ru's answer has no token_type: the conform adds it.
    body: { expires_in: 3600, refresh_token: "mailru-rt", access_token: "mailru-at" },
  },
  userinfo: { url: "https://oauth.mail.ru/userinfo", body: me },
  expectUser: {
    id: "1234567890123456789",
    name: "Иван Петров",
    email: "ivan@mail.ru",
    image: me.image,
  },
  expectAccount: {
    providerAccountId: "1234567890123456789",
    access_token: "mailru-at",
    refresh_token: "mailru-rt",
  },
  scenarios: [
    {
      name: "no name field: first + last name; no image",
      userinfo: {
        body: { id: "42", first_name: "Анна", last_name: "Смирнова", email: "anna@mail.ru" },
      },
      expectUser: { id: "42", name: "Анна Смирнова", image: null },
      expectAccount: { providerAccountId: "42" },
    },
    {
      name: "no email: email null",
      userinfo: { body: { ...me, email: undefined } },
      expectUser: { id: "1234567890123456789", email: null },
    },
    {
      name: "HTTP 200 with { error } from userinfo (bad token) -> USERINFO_ERROR",
      userinfo: {
        body: { error: "invalid_token", error_code: 5, error_description: "token not found" },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
    {
      name: "HTTP 200 with { error } from the token endpoint -> TOKEN_ENDPOINT_ERROR",
      token: { body: { error: "invalid_grant", error_description: "code has expired" } },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})
