import { runProviderContract } from "@auth/testkit/contract"
import pipedrive from "../src/index.js"

const me = {
  success: true,
  data: {
    id: 123456,
    name: "Dana Deals",
    default_currency: "EUR",
    locale: "en_US",
    lang: 1,
    email: "dana@pipedrive.example",
    phone: null,
    activated: true,
    last_login: "2026-11-30 09:10:11",
    created: "2020-01-02 03:04:05",
    modified: "2026-11-30 09:10:11",
    has_created_company: true,
    access: [
      { app: "sales", admin: true, permission_set_id: "62cc4d7f-4038-4352-abf3-a8c1c822b631" },
    ],
    active_flag: true,
    timezone_name: "Europe/Tallinn",
    timezone_offset: "+02:00",
    role_id: 1,
    icon_url: "https://upload.wikimedia.org/wikipedia/commons/8/8c/Pipedrive-logo.png",
    is_you: true,
    is_admin: 1,
    company_id: 7654321,
    company_name: "Deals OÜ",
    company_domain: "deals",
    company_country: "EE",
    company_industry: "Software",
    language: { language_code: "en", country_code: "US" },
  },
}

runProviderContract({
  provider: pipedrive({ clientId: "pipedrive-client", clientSecret: "pipedrive-secret" }),
  authorization: {
    url: "https://oauth.pipedrive.com/oauth/authorize",
    absentParams: ["scope", "nonce"],
  },
  token: {
    url: "https://oauth.pipedrive.com/oauth/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: {
      access_token: "v1:pd-at",
      token_type: "Bearer",
      refresh_token: "pd-rt",
      scope: "base,deals:read",
      expires_in: 3599,
      api_domain: "https://deals.pipedrive.com",
    },
  },
  userinfo: { url: "https://api.pipedrive.com/v1/users/me", body: me },
  expectUser: {
    id: "123456",
    name: "Dana Deals",
    email: "dana@pipedrive.example",
    image: me.data.icon_url,
  },
  expectAccount: { providerAccountId: "123456", access_token: "v1:pd-at", refresh_token: "pd-rt" },
  scenarios: [
    {
      name: "the user is wrapped in `data`; the numeric id becomes a string; no avatar",
      userinfo: { body: { success: true, data: { ...me.data, id: 42, icon_url: null } } },
      expectUser: { id: "42", image: null },
      expectAccount: { providerAccountId: "42" },
    },
    {
      name: "Pipedrive refuses the client (wrong secret) -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 401,
        body: { error: "invalid_client", error_description: "Invalid client credentials" },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /Invalid client credentials/,
      },
    },
    {
      name: "users/me answers { success: false } 401 -> USERINFO_ERROR",
      userinfo: {
        status: 401,
        body: {
          success: false,
          error: "unauthorized access",
          errorCode: 401,
          error_info: "Please check developers.pipedrive.com",
        },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /unauthorized access/,
      },
    },
  ],
})
