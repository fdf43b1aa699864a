import { runProviderContract } from "@auth/testkit/contract"
import foursquare from "../src/index.js"

// GET /v2/users/self: the user sits under response.user, next to meta.
const user = {
  id: "1234567",
  firstName: "Dennis",
  lastName: "Crowley",
  gender: "male",
  homeCity: "New York, NY",
  canonicalUrl: "https://foursquare.com/dens",
  photo: { prefix: "https://fastly.4sqi.net/img/user/", suffix: "/dens.jpg" },
  contact: { email: "dens@foursquare.example", twitter: "dens" },
}
const self = (u: unknown) => ({
  meta: { code: 200, requestId: "5ac51d7e6a607143d811cecb" },
  response: { user: u },
})
// The v4 defect class: the token goes in the query as `oauth_token`, with the `v` date; no Bearer header.
const userinfo = {
  url: "https://api.foursquare.com/v2/users/self",
  bearer: false as const,
  query: { oauth_token: "4sq-at", v: "20230131" },
  body: self(user),
}

runProviderContract({
  provider: foursquare({ clientId: "4sq-client-id", clientSecret: "4sq-client-secret" }),
  authorization: {
    url: "https://foursquare.com/oauth2/authenticate",
    absentParams: ["scope", "nonce"],
  },
  // Foursquare answers only { access_token } (no token_type): the token conform adds it.
  token: {
    url: "https://foursquare.com/oauth2/access_token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: { access_token: "4sq-at" },
  },
  userinfo,
  expectUser: {
    id: "1234567",
    name: "Dennis Crowley",
    email: "dens@foursquare.example",
    image: "https://fastly.4sqi.net/img/user/original/dens.jpg",
  },
  expectAccount: { providerAccountId: "1234567", access_token: "4sq-at" },
  scenarios: [
    {
      name: "no email in contact, no photo, first name only",
      userinfo: { body: self({ id: "42", firstName: "Naveen" }) },
      expectUser: { id: "42", name: "Naveen", email: null, image: null },
      expectAccount: { providerAccountId: "42" },
    },
    {
      name: "invalid token: meta error with HTTP 401 -> USERINFO_ERROR",
      userinfo: {
        status: 401,
        body: {
          meta: {
            code: 401,
            errorType: "invalid_auth",
            errorDetail: "OAuth token invalid or revoked.",
          },
          response: {},
        },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})

runProviderContract({
  provider: foursquare({
    clientId: "4sq-client-id",
    clientSecret: "4sq-client-secret",
    apiVersion: "20240601",
  }),
  authorization: { url: "https://foursquare.com/oauth2/authenticate" },
  token: {
    url: "https://foursquare.com/oauth2/access_token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: { access_token: "4sq-at" },
  },
  // The `apiVersion` option is the `v` date sent.
  userinfo: { ...userinfo, query: { oauth_token: "4sq-at", v: "20240601" } },
  expectUser: { id: "1234567" },
})
