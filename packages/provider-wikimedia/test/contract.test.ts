import { runProviderContract } from "@auth/testkit/contract"
import wikimedia from "../src/index.js"

const profile = {
  sub: 28301232,
  username: "Jimbo Example",
  editcount: 1542,
  confirmed_email: true,
  blocked: false,
  registered: "20150203101112",
  groups: ["*", "user", "autoconfirmed", "extendedconfirmed"],
  rights: ["read", "edit", "createpage"],
  grants: ["mwoauth-authonlyprivate"],
  realname: "Jimbo E.",
  email: "jimbo@wikimedia.example",
}

runProviderContract({
  provider: wikimedia({
    clientId: "3f1b2c4d5e6f7a8b9c0d1e2f3a4b5c6d",
    clientSecret: "wikimedia-secret",
  }),
  authorization: {
    url: "https://meta.wikimedia.org/w/rest.php/oauth2/authorize",
    absentParams: ["scope", "nonce"],
  },
  token: {
    url: "https://meta.wikimedia.org/w/rest.php/oauth2/access_token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      token_type: "Bearer",
      expires_in: 14400,
      access_token: "wm-at",
      refresh_token: "wm-rt",
    },
  },
  userinfo: { url: "https://meta.wikimedia.org/w/rest.php/oauth2/resource/profile", body: profile },
  expectUser: {
    id: "28301232",
    name: "Jimbo Example",
    email: "jimbo@wikimedia.example",
    image: null,
  },
  expectAccount: { providerAccountId: "28301232", access_token: "wm-at", refresh_token: "wm-rt" },
  scenarios: [
    {
      name: "an unconfirmed email is not used; the numeric sub becomes a string id",
      userinfo: { body: { ...profile, sub: 7, confirmed_email: false } },
      expectUser: { id: "7", email: null },
      expectAccount: { providerAccountId: "7" },
    },
    {
      name: "identity-only grant: no email, no real name",
      userinfo: {
        body: {
          sub: 99,
          username: "Anon Editor",
          editcount: 0,
          confirmed_email: true,
          blocked: false,
          groups: ["*", "user"],
          rights: ["read"],
          grants: ["mwoauth-authonly"],
        },
      },
      expectUser: { id: "99", name: "Anon Editor", email: null },
      expectAccount: { providerAccountId: "99" },
    },
    {
      name: "Wikimedia refuses the code -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: {
          error: "invalid_grant",
          error_description:
            "The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid",
          hint: "Authorization code has expired",
          message: "The provided authorization grant...",
        },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /invalid_grant/,
      },
    },
    {
      name: "profile answers 401 -> USERINFO_ERROR",
      userinfo: {
        status: 401,
        body: {
          messageTranslations: { en: "Authorization failed" },
          httpCode: 401,
          httpReason: "Unauthorized",
        },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /Authorization failed/,
      },
    },
  ],
})
