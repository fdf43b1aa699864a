import { runProviderContract } from "@auth/testkit/contract"
import pinterest from "../src/index.js"

const account = {
  account_type: "PINNER",
  id: "549755885175",
  profile_image: "https://i.pinimg.com/280x280_RS/42/03/a5/4203a57a78f6f1b1e8d5e2d9e0b6c6f1.jpg",
  website_url: "https://pin.example",
  username: "pinnerpat",
  about: "Recipes and gardens",
  business_name: null,
  board_count: 12,
  pin_count: 340,
  follower_count: 56,
  following_count: 78,
  monthly_views: 1200,
}

runProviderContract({
  provider: pinterest({ clientId: "1484193", clientSecret: "pinterest-secret" }),
  authorization: {
    url: "https://www.pinterest.com/oauth/",
    params: { scope: "user_accounts:read" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://api.pinterest.com/v5/oauth/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: {
      access_token: "pina_AT",
      refresh_token: "pinr_RT",
      response_type: "authorization_code",
      token_type: "bearer",
      expires_in: 2592000,
      refresh_token_expires_in: 31536000,
      scope: "user_accounts:read",
    },
  },
  userinfo: { url: "https://api.pinterest.com/v5/user_account", body: account },
  expectUser: { id: "549755885175", name: "pinnerpat", email: null, image: account.profile_image },
  expectAccount: {
    providerAccountId: "549755885175",
    access_token: "pina_AT",
    refresh_token: "pinr_RT",
  },
  scenarios: [
    {
      name: "the id is the user account id, not the username (which can change); business accounts show their name",
      userinfo: {
        body: {
          ...account,
          id: "1099511713009",
          username: "renamed_shop",
          account_type: "BUSINESS",
          business_name: "Green Thumb Shop",
        },
      },
      expectUser: { id: "1099511713009", name: "Green Thumb Shop", email: null },
      expectAccount: { providerAccountId: "1099511713009" },
    },
    {
      name: "Pinterest refuses the code -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: { error: "invalid_grant", error_description: "Authorization code is invalid" },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /Authorization code is invalid/,
      },
    },
    {
      name: "user_account answers { code, message } 401 -> USERINFO_ERROR",
      userinfo: { status: 401, body: { code: 2, message: "Authentication failed." } },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /Authentication failed/,
      },
    },
  ],
})
