import { runProviderContract } from "@auth/testkit/contract"
import wordpress from "../src/index.js"

const me = {
  ID: 18342963,
  display_name: "Wendy Writer",
  username: "wendywriter",
  email: "wendy@wordpress.example",
  primary_blog: 123456789,
  primary_blog_url: "https://wendywriter.wordpress.com",
  language: "en",
  token_site_id: false,
  token_scope: ["auth"],
  avatar_URL: "https://0.gravatar.com/avatar/5e3b2c1a0f9e8d7c6b5a4f3e2d1c0b9a?s=96&d=identicon",
  profile_URL: "https://gravatar.com/wendywriter",
  verified: true,
  email_verified: true,
  date: "2010-11-12T13:14:15+00:00",
  site_count: 2,
  has_unseen_notes: false,
}

runProviderContract({
  provider: wordpress({ clientId: "12345", clientSecret: "wordpress-secret" }),
  authorization: {
    url: "https://public-api.wordpress.com/oauth2/authorize",
    params: { scope: "auth" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://public-api.wordpress.com/oauth2/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      access_token: "wp-at",
      blog_id: "0",
      blog_url: null,
      token_type: "bearer",
      scope: "auth",
    },
  },
  userinfo: { url: "https://public-api.wordpress.com/rest/v1/me", body: me },
  expectUser: {
    id: "18342963",
    name: "Wendy Writer",
    email: "wendy@wordpress.example",
    image: me.avatar_URL,
  },
  expectAccount: { providerAccountId: "18342963", access_token: "wp-at" },
  scenarios: [
    {
      name: "`ID`/`avatar_URL` casing; an unverified email is not used",
      userinfo: { body: { ...me, ID: 7, email_verified: false } },
      expectUser: { id: "7", email: null, image: me.avatar_URL },
      expectAccount: { providerAccountId: "7" },
    },
    {
      name: "WordPress.com refuses the code -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: { error: "invalid_grant", error_description: "Invalid authorization code." },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /Invalid authorization code/,
      },
    },
    {
      name: "/me answers 403 authorization_required -> USERINFO_ERROR",
      userinfo: {
        status: 403,
        body: {
          error: "authorization_required",
          message:
            "An active access token must be used to query information about the current user.",
        },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /active access token/,
      },
    },
  ],
})
