import { runProviderContract } from "@auth/testkit/contract"
import vk from "../src/index.js"

const user = {
  user_id: "1234567890",
  first_name: "Ivan",
  last_name: "Ivanov",
  avatar:
    "https://sun1-99.userapi.com/s/v1/ig2/abcdef.jpg?size=200x200&quality=96&crop=0,0,400,400&ava=1",
  email: "ivan@vk.example",
  sex: 2,
  verified: false,
  birthday: "01.01.2000",
}
const tokenBody = {
  refresh_token: "vk2.a.refresh",
  access_token: "vk2.a.access",
  id_token: "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJWSyJ9.signature",
  token_type: "Bearer",
  expires_in: 3600,
  user_id: 1234567890,
  state: "ignored",
  scope: "vkid.personal_info email",
}

runProviderContract({
  provider: vk({ clientId: "51234567" }),
  authorization: {
    url: "https://id.vk.com/authorize",
    params: { scope: "vkid.personal_info email", code_challenge_method: "S256" },
    absentParams: ["nonce"],
  },
  // VK ID adds device_id (and ext_id, type) to the callback.
  callbackParams: { device_id: "vk-device-1", type: "code_v2", expires_in: "600", ext_id: "ext-1" },
  token: {
    url: "https://id.vk.com/oauth2/auth",
    method: "POST",
    clientAuth: "none",
    expectBody: { client_id: "51234567", device_id: "vk-device-1" },
    body: tokenBody,
  },
  userinfo: {
    url: "https://id.vk.com/oauth2/user_info",
    method: "POST",
    bearer: false,
    expectBody: { client_id: "51234567", access_token: "vk2.a.access" },
    body: { user },
  },
  expectUser: {
    id: "1234567890",
    name: "Ivan Ivanov",
    email: "ivan@vk.example",
    image: user.avatar,
  },
  expectAccount: {
    providerAccountId: "1234567890",
    access_token: "vk2.a.access",
    refresh_token: "vk2.a.refresh",
  },
  scenarios: [
    {
      name: "user_info wraps the person in `user`; no email scope granted: email null",
      userinfo: { body: { user: { user_id: 42, first_name: "Olga", last_name: "" } } },
      expectUser: { id: "42", name: "Olga", email: null, image: null },
      expectAccount: { providerAccountId: "42" },
    },
    {
      name: "callback without device_id: no token request, precise error",
      callbackParams: { device_id: false },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_REQUEST_FAILED",
        message: /no `code` or `device_id`/,
      },
    },
    {
      name: "VK ID refuses the code -> TOKEN_ENDPOINT_ERROR with VK's description",
      token: {
        status: 400,
        body: { error: "invalid_grant", error_description: "code is expired", state: "x" },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /code is expired/,
      },
    },
    {
      name: "user_info answers { error: invalid_token } under HTTP 200 -> USERINFO_ERROR",
      userinfo: {
        status: 200,
        body: {
          error: "invalid_token",
          error_description: "access_token is missing or invalid",
          state: "",
        },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /access_token is missing or invalid/,
      },
    },
  ],
})
