import { runProviderContract } from "@auth/testkit/contract"
import trakt from "../src/index.js"

const me = {
  username: "sean",
  private: false,
  name: "Sean Rudford",
  vip: true,
  vip_ep: false,
  ids: { slug: "sean", uuid: "b6589fc6ab0dc82cf12099d1c2d40ab994e8410c" },
  joined_at: "2010-09-25T17:49:25.000Z",
  location: "SF",
  about: "I have all your cassette tapes.",
  gender: "male",
  age: 35,
  images: {
    avatar: {
      full: "https://walter-r2.trakt.tv/images/users/000/000/001/avatars/large/735a1a8f5e.jpg",
    },
  },
}
const headers = { "trakt-api-version": "2", "trakt-api-key": "trakt-client-id" }

runProviderContract({
  provider: trakt({ clientId: "trakt-client-id", clientSecret: "trakt-secret" }),
  authorization: { url: "https://trakt.tv/oauth/authorize", absentParams: ["scope", "nonce"] },
  token: {
    url: "https://api.trakt.tv/oauth/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      access_token: "trakt-at",
      token_type: "bearer",
      expires_in: 7862400,
      refresh_token: "trakt-rt",
      scope: "public",
      created_at: 1764500000,
    },
  },
  userinfo: {
    url: "https://api.trakt.tv/users/me",
    query: { extended: "full" },
    expectHeaders: headers,
    body: me,
  },
  expectUser: { id: "sean", name: "Sean Rudford", email: null, image: me.images.avatar.full },
  expectAccount: { providerAccountId: "sean", access_token: "trakt-at", refresh_token: "trakt-rt" },
  scenarios: [
    {
      name: "the id is ids.slug; no real name: the username; no avatar",
      userinfo: {
        body: {
          ...me,
          username: "Movie Fan",
          name: null,
          ids: { slug: "movie-fan" },
          images: undefined,
        },
      },
      expectUser: { id: "movie-fan", name: "Movie Fan", email: null, image: null },
      expectAccount: { providerAccountId: "movie-fan" },
    },
    {
      name: "Trakt refuses the code -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 401,
        body: {
          error: "invalid_grant",
          error_description:
            "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
        },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /invalid_grant/,
      },
    },
    {
      name: "Trakt refuses the API key (403) -> USERINFO_ERROR",
      userinfo: { status: 403, body: "Forbidden - invalid API key or unapproved app" },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /invalid API key/,
      },
    },
  ],
})
