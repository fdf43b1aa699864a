import { runProviderContract } from "@auth/testkit/contract"
import strava from "../src/index.js"

const athlete = {
  id: 134815,
  username: "marianne_t",
  resource_state: 2,
  firstname: "Marianne",
  lastname: "T.",
  city: "San Francisco",
  state: "CA",
  country: "US",
  sex: "F",
  premium: true,
  summit: true,
  created_at: "2017-11-14T02:30:05Z",
  updated_at: "2026-11-30T10:25:24Z",
  profile_medium:
    "https://dgalywyr863hv.cloudfront.net/pictures/athletes/134815/12345/2/medium.jpg",
  profile: "https://dgalywyr863hv.cloudfront.net/pictures/athletes/134815/12345/2/large.jpg",
}
const tokenBody = {
  token_type: "Bearer",
  expires_at: 1795000000,
  expires_in: 21600,
  refresh_token: "strava-rt",
  access_token: "strava-at",
  athlete,
}

runProviderContract({
  provider: strava({ clientId: "98765", clientSecret: "strava-secret" }),
  authorization: {
    url: "https://www.strava.com/oauth/authorize",
    params: { scope: "read", approval_prompt: "auto" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://www.strava.com/oauth/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: tokenBody,
  },
  // The athlete comes with the token response: no profile request.
  userinfo: null,
  expectUser: { id: "134815", name: "Marianne T.", email: null, image: athlete.profile },
  expectAccount: {
    providerAccountId: "134815",
    access_token: "strava-at",
    refresh_token: "strava-rt",
    expires_at: 1795000000,
  },
  scenarios: [
    {
      name: "no picture: Strava's relative placeholder is not an image URL; no email ever",
      token: {
        body: {
          ...tokenBody,
          athlete: {
            ...athlete,
            profile: "avatar/athlete/large.png",
            profile_medium: "avatar/athlete/medium.png",
          },
        },
      },
      expectUser: { id: "134815", email: null, image: null },
    },
    {
      name: "no athlete in the token response: GET /api/v3/athlete",
      token: { body: { ...tokenBody, athlete: undefined } },
      extraRequests: [
        {
          url: "https://www.strava.com/api/v3/athlete",
          body: { ...athlete, id: 42, firstname: "Solo", lastname: "" },
        },
      ],
      expectUser: { id: "42", name: "Solo" },
      expectAccount: { providerAccountId: "42" },
    },
    {
      name: "Strava's fault body (no OAuth `error`) for a bad code -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: {
          message: "Bad Request",
          errors: [{ resource: "AuthorizationCode", field: "code", code: "invalid" }],
        },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
    {
      name: "fallback /athlete answers 401 -> USERINFO_ERROR",
      token: { body: { ...tokenBody, athlete: undefined } },
      extraRequests: [
        {
          url: "https://www.strava.com/api/v3/athlete",
          status: 401,
          body: {
            message: "Authorization Error",
            errors: [{ resource: "Athlete", field: "access_token", code: "invalid" }],
          },
        },
      ],
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /Authorization Error/,
      },
    },
  ],
})
