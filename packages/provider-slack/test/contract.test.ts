import { runProviderContract } from "@auth/testkit/contract"
import slack from "../src/index.js"

// https://slack.com/.well-known/openid-configuration
const discovery = {
  issuer: "https://slack.com",
  authorization_endpoint: "https://slack.com/openid/connect/authorize",
  token_endpoint: "https://slack.com/api/openid.connect.token",
  userinfo_endpoint: "https://slack.com/api/openid.connect.userInfo",
  jwks_uri: "https://slack.com/openid/connect/keys",
  scopes_supported: ["openid", "profile", "email"],
  response_types_supported: ["code"],
  response_modes_supported: ["query"],
  grant_types_supported: ["authorization_code"],
  subject_types_supported: ["public"],
  id_token_signing_alg_values_supported: ["RS256"],
  claims_supported: ["sub", "auth_time", "iss"],
  claims_parameter_supported: false,
  request_parameter_supported: false,
  request_uri_parameter_supported: true,
  token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
}

// The id_token of Slack's documentation example.
const claims = {
  iss: "https://slack.com",
  sub: "U0R7JM",
  auth_time: 1626874655,
  "https://slack.com/team_id": "T0R7GR",
  "https://slack.com/user_id": "U0R7JM",
  email: "krane@slack-corp.com",
  email_verified: true,
  date_email_verified: 1622128723,
  locale: "en-US",
  name: "krane",
  picture: "https://secure.gravatar.com/avatar/bc.png",
  given_name: "",
  family_name: "",
  "https://slack.com/team_name": "kraneflannel",
  "https://slack.com/team_domain": "kraneflannel",
}

runProviderContract({
  provider: slack({ clientId: "25259531569.1115258246291", clientSecret: "slack-secret" }),
  discovery: { url: "https://slack.com/.well-known/openid-configuration", document: discovery },
  authorization: {
    url: "https://slack.com/openid/connect/authorize",
    params: { scope: "openid profile email" },
    absentParams: ["code_challenge"],
  },
  token: {
    url: "https://slack.com/api/openid.connect.token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: { ok: true, access_token: "xoxp-1234", token_type: "Bearer" },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: {
    id: "U0R7JM",
    name: "krane",
    email: "krane@slack-corp.com",
    image: "https://secure.gravatar.com/avatar/bc.png",
  },
  expectAccount: { providerAccountId: "U0R7JM", access_token: "xoxp-1234" },
  scenarios: [
    {
      name: "Slack's HTTP 200 { ok: false } token error -> TOKEN_ENDPOINT_ERROR",
      token: { body: { ok: false, error: "invalid_code" } },
      idTokenClaims: null,
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
    {
      name: "unverified email is not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: "U0R7JM", email: null },
    },
    {
      name: "no email scope: no email",
      idTokenClaims: { ...claims, email: undefined, email_verified: undefined },
      expectUser: { id: "U0R7JM", email: null },
    },
    {
      name: "forged id_token -> ID_TOKEN_SIGNATURE",
      foreignSignature: true,
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_SIGNATURE" },
    },
  ],
})
