import { runProviderContract } from "@auth/testkit/contract"
import instagram from "../src/index.js"

// GET /me?fields=id,user_id,username,name,profile_picture_url with an Instagram User access token.
const me = {
  id: "8890123456789012",
  user_id: "17841405822304914",
  username: "jaymeisgood",
  name: "Jayme",
  profile_picture_url: "https://scontent.cdninstagram.com/v/t51.2885-19/jayme.jpg",
}
const userinfo = {
  url: "https://graph.instagram.com/v26.0/me",
  query: { fields: "id,user_id,username,name,profile_picture_url" },
  body: me,
}

runProviderContract({
  provider: instagram({ clientId: "990602627938098", clientSecret: "ig-app-secret" }),
  // Basic Display (user_profile scope, api.instagram.com/oauth/authorize) was retired in December 2024.
  authorization: {
    url: "https://www.instagram.com/oauth/authorize",
    params: { scope: "instagram_business_basic" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://api.instagram.com/oauth/access_token",
    method: "POST",
    clientAuth: "client_secret_post",
    // Flat form, no token_type: the conform adds it.
    body: {
      access_token: "IGQVJ-short-lived",
      user_id: "17841405822304914",
      permissions: ["instagram_business_basic"],
    },
  },
  userinfo,
  expectUser: {
    id: "17841405822304914",
    name: "Jayme",
    email: null,
    image: me.profile_picture_url,
  },
  expectAccount: { providerAccountId: "17841405822304914", access_token: "IGQVJ-short-lived" },
  scenarios: [
    {
      name: "the documented `data: [...]` wrapping of the token answer is unwrapped",
      token: {
        body: {
          data: [
            {
              access_token: "IGQVJ-short-lived",
              user_id: "17841405822304914",
              permissions: "instagram_business_basic",
            },
          ],
        },
      },
      expectUser: { id: "17841405822304914" },
    },
    {
      name: "no name and no picture: username, image null (and never an email)",
      userinfo: { body: { id: "8890123456789012", username: "jaymeisgood" } },
      expectUser: { id: "8890123456789012", name: "jaymeisgood", email: null, image: null },
      expectAccount: { providerAccountId: "8890123456789012" },
    },
    {
      name: "a personal (non-professional) account: OAuthException from /me -> USERINFO_ERROR",
      userinfo: {
        status: 400,
        body: {
          error: {
            message: "Unsupported request",
            type: "OAuthException",
            code: 100,
            fbtrace_id: "AbC",
          },
        },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
    {
      name: "code already used: error_type body -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: {
          error_type: "OAuthException",
          code: 400,
          error_message: "This authorization code has been used",
        },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})
