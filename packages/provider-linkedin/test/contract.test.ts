import { runProviderContract } from "@auth/testkit/contract"
import linkedin from "../src/index.js"

// https://www.linkedin.com/oauth/.well-known/openid-configuration
const discovery = {
  issuer: "https://www.linkedin.com/oauth",
  authorization_endpoint: "https://www.linkedin.com/oauth/v2/authorization",
  token_endpoint: "https://www.linkedin.com/oauth/v2/accessToken",
  userinfo_endpoint: "https://api.linkedin.com/v2/userinfo",
  jwks_uri: "https://www.linkedin.com/oauth/openid/jwks",
  response_types_supported: ["code"],
  subject_types_supported: ["pairwise"],
  id_token_signing_alg_values_supported: ["RS256"],
  scopes_supported: ["openid", "profile", "email"],
  claims_supported: [
    "iss",
    "aud",
    "iat",
    "exp",
    "sub",
    "name",
    "given_name",
    "family_name",
    "picture",
    "email",
    "email_verified",
    "locale",
  ],
  token_endpoint_auth_methods_supported: ["client_secret_post"],
}

const claims = {
  iss: "https://www.linkedin.com/oauth",
  sub: "782bbtaQ",
  name: "John Doe",
  given_name: "John",
  family_name: "Doe",
  picture:
    "https://media.licdn.com/dms/image/C5F03AQHqK8v7tB1HCQ/profile-displayphoto-shrink_100_100/0/",
  locale: "en-US",
  email: "doe@email.com",
  email_verified: true,
}

runProviderContract({
  provider: linkedin({ clientId: "86abcdefgh1234", clientSecret: "linkedin-secret" }),
  discovery: {
    url: "https://www.linkedin.com/oauth/.well-known/openid-configuration",
    document: discovery,
  },
  authorization: {
    url: "https://www.linkedin.com/oauth/v2/authorization",
    params: { scope: "openid profile email" },
    absentParams: ["code_challenge", "nonce"],
  },
  token: {
    url: "https://www.linkedin.com/oauth/v2/accessToken",
    method: "POST",
    clientAuth: "client_secret_post",
    body: {
      access_token: "AQUvlL_DYEzvT2wz1QJiEPeLioeA",
      expires_in: 5184000,
      scope: "email,openid,profile",
      token_type: "Bearer",
    },
  },
  // The profile is the verified id_token: no call to the legacy /v2/me API.
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: "782bbtaQ", name: "John Doe", email: "doe@email.com", image: claims.picture },
  expectAccount: { providerAccountId: "782bbtaQ", access_token: "AQUvlL_DYEzvT2wz1QJiEPeLioeA" },
  scenarios: [
    {
      name: 'email_verified as the string "true" (LinkedIn\'s samples)',
      idTokenClaims: { ...claims, email_verified: "true" },
      expectUser: { id: "782bbtaQ", email: "doe@email.com" },
    },
    {
      name: "unverified email is not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: "782bbtaQ", email: null },
    },
    {
      name: "no email scope granted: no email",
      idTokenClaims: { ...claims, email: undefined, email_verified: undefined },
      expectUser: { id: "782bbtaQ", email: null },
    },
    {
      name: "id_token from the legacy issuer is refused",
      idTokenClaims: { ...claims, iss: "https://www.linkedin.com" },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_INVALID" },
    },
    {
      name: "forged id_token -> ID_TOKEN_SIGNATURE",
      foreignSignature: true,
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_SIGNATURE" },
    },
  ],
})
