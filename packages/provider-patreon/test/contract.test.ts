import { runProviderContract } from "@auth/testkit/contract"
import patreon from "../src/index.js"

const identity = {
  data: {
    attributes: {
      email: "corazon@patreon.example",
      full_name: "Corazon Creator",
      image_url: "https://c8.patreon.com/2/200/12345678",
      is_email_verified: true,
    },
    id: "12345678",
    type: "user",
  },
  links: { self: "https://www.patreon.com/api/oauth2/v2/user/12345678" },
}
const fields = "email,full_name,image_url,is_email_verified"

runProviderContract({
  provider: patreon({ clientId: "patreon-client", clientSecret: "patreon-secret" }),
  authorization: {
    url: "https://www.patreon.com/oauth2/authorize",
    params: { scope: "identity identity[email]" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://www.patreon.com/api/oauth2/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      access_token: "patreon-at",
      refresh_token: "patreon-rt",
      expires_in: 2678400,
      scope: "identity identity[email]",
      token_type: "Bearer",
    },
  },
  userinfo: {
    url: "https://www.patreon.com/api/oauth2/v2/identity",
    query: { "fields[user]": fields },
    body: identity,
  },
  expectUser: {
    id: "12345678",
    name: "Corazon Creator",
    email: "corazon@patreon.example",
    image: "https://c8.patreon.com/2/200/12345678",
  },
  expectAccount: {
    providerAccountId: "12345678",
    access_token: "patreon-at",
    refresh_token: "patreon-rt",
  },
  scenarios: [
    {
      name: "the profile lives in data.attributes; an unverified email is not used",
      userinfo: {
        body: {
          data: {
            ...identity.data,
            attributes: { ...identity.data.attributes, is_email_verified: false },
          },
        },
      },
      expectUser: { id: "12345678", email: null },
    },
    {
      name: "identity[email] not granted: no email attribute",
      userinfo: {
        body: { data: { id: "999", type: "user", attributes: { full_name: "No Mail" } } },
      },
      expectUser: { id: "999", name: "No Mail", email: null, image: null },
      expectAccount: { providerAccountId: "999" },
    },
    {
      name: "Patreon refuses the code -> TOKEN_ENDPOINT_ERROR",
      token: { status: 400, body: { error: "invalid_grant" } },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /invalid_grant/,
      },
    },
    {
      name: "identity answers a JSON:API 401 -> USERINFO_ERROR with Patreon's detail",
      userinfo: {
        status: 401,
        body: {
          errors: [
            {
              code: 1,
              code_name: "Unauthorized",
              detail:
                "The server could not verify that you are authorized to access the URL requested.",
              status: "401",
              title: "Unauthorized",
            },
          ],
        },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /could not verify/,
      },
    },
  ],
})
