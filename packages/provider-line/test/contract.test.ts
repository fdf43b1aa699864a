import { runProviderContract } from "@auth/testkit/contract"
import line from "../src/index.js"

// https://access.line.me/.well-known/openid-configuration
const discovery = {
  issuer: "https://access.line.me",
  authorization_endpoint: "https://access.line.me/oauth2/v2.1/authorize",
  token_endpoint: "https://api.line.me/oauth2/v2.1/token",
  revocation_endpoint: "https://api.line.me/oauth2/v2.1/revoke",
  userinfo_endpoint: "https://api.line.me/oauth2/v2.1/userinfo",
  scopes_supported: ["openid", "profile", "email"],
  jwks_uri: "https://api.line.me/oauth2/v2.1/certs",
  response_types_supported: ["code"],
  subject_types_supported: ["pairwise"],
  id_token_signing_alg_values_supported: ["ES256"],
  code_challenge_methods_supported: ["S256"],
}

const claims = {
  iss: "https://access.line.me",
  sub: "U1234567890abcdef1234567890abcdef",
  auth_time: 1504169092,
  amr: ["pwd"],
  name: "Taro Line",
  picture: "https://profile.line-scdn.net/0h8pWWElvzZ19qLk3ywQYYCFZraTIdAGEXEkh6PhstPD9STiA",
  email: "taro.line@example.com",
}

runProviderContract({
  provider: line({ clientId: "1234567890", clientSecret: "line-channel-secret" }),
  discovery: {
    url: "https://access.line.me/.well-known/openid-configuration",
    document: discovery,
  },
  authorization: {
    url: "https://access.line.me/oauth2/v2.1/authorize",
    params: { scope: "openid profile email", code_challenge_method: "S256" },
  },
  token: {
    url: "https://api.line.me/oauth2/v2.1/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      access_token: "bNl4YEFPI/hjFWhTqexp4MuEw5YPs",
      expires_in: 2592000,
      refresh_token: "Aa1FdeggRhTnPNNpxr8p",
      scope: "profile openid email",
      token_type: "Bearer",
    },
  },
  userinfo: null,
  // Web login: HS256 id_tokens MACed with the channel secret.
  idTokenAlg: "HS256",
  idTokenClaims: claims,
  expectUser: {
    id: "U1234567890abcdef1234567890abcdef",
    name: "Taro Line",
    email: "taro.line@example.com",
    image: claims.picture,
  },
  expectAccount: {
    providerAccountId: "U1234567890abcdef1234567890abcdef",
    refresh_token: "Aa1FdeggRhTnPNNpxr8p",
    scope: "profile openid email",
  },
  scenarios: [
    {
      name: "id_token MACed with another channel secret -> ID_TOKEN_SIGNATURE",
      foreignSignature: true,
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_SIGNATURE" },
    },
    {
      name: "no email permission: no email",
      idTokenClaims: { ...claims, email: undefined },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "id_token from another issuer -> ID_TOKEN_INVALID",
      idTokenClaims: { ...claims, iss: "https://access.line.example" },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_INVALID" },
    },
  ],
})
