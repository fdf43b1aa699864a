import { runOAuth1ProviderContract } from "@auth/testkit/contract"
import twitter from "../src/index.js"

const me = {
  id: 1212121212,
  id_str: "1212121212",
  name: "Ann on X",
  screen_name: "ann_x",
  email: "ann@x.example",
  profile_image_url_https: "https://pbs.twimg.com/profile_images/1/ann_normal.jpg",
}

runOAuth1ProviderContract({
  provider: twitter({ version: "1.0A", clientId: "x-api-key", clientSecret: "x-api-key-secret" }),
  requestToken: { url: "https://api.x.com/oauth/request_token" },
  authorization: { url: "https://api.x.com/oauth/authenticate" },
  accessToken: {
    url: "https://api.x.com/oauth/access_token",
    extra: { user_id: "1212121212", screen_name: "ann_x" },
  },
  profile: {
    url: "https://api.x.com/1.1/account/verify_credentials.json",
    query: { include_email: "true", skip_status: "true" },
    body: me,
  },
  expectUser: {
    id: "1212121212",
    name: "Ann on X",
    email: "ann@x.example",
    image: me.profile_image_url_https,
  },
  expectAccount: { providerAccountId: "1212121212" },
  scenarios: [
    {
      name: "no email permission: email null",
      profile: { body: { ...me, email: undefined } },
      expectUser: { id: "1212121212", email: null },
    },
    {
      name: "access token refused (401 Could not authenticate you) -> TOKEN_ENDPOINT_ERROR",
      accessToken: {
        status: 401,
        body: '{"errors":[{"code":32,"message":"Could not authenticate you."}]}',
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
    {
      name: "an HTML page instead of tokens -> TOKEN_RESPONSE_NOT_FORM",
      accessToken: { status: 200, body: "<html><body>Something went wrong</body></html>" },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_RESPONSE_NOT_FORM" },
    },
    {
      name: "callback with another request token -> OAUTH1_TOKEN_MISMATCH",
      callbackParams: { oauth_token: "someone-elses-token" },
      expectError: { type: "InvalidCheck", code: "OAUTH1_TOKEN_MISMATCH" },
    },
  ],
})
