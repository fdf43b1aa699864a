import { runProviderContract } from "@auth/testkit/contract"
import google from "../src/index.js"

const discovery = {
  issuer: "https://accounts.google.com",
  authorization_endpoint: "https://accounts.google.com/o/oauth2/v2/auth",
  token_endpoint: "https://oauth2.googleapis.com/token",
  userinfo_endpoint: "https://openidconnect.googleapis.com/v1/userinfo",
  jwks_uri: "https://www.googleapis.com/oauth2/v3/certs",
  response_types_supported: ["code", "id_token", "code id_token"],
  subject_types_supported: ["public"],
  id_token_signing_alg_values_supported: ["RS256"],
  code_challenge_methods_supported: ["plain", "S256"],
}

const claims = {
  iss: "https://accounts.google.com",
  sub: "110169484474386276334",
  email: "ann@gmail.example",
  email_verified: true,
  name: "Ann Lee",
  picture: "https://lh3.googleusercontent.com/a/ann",
  given_name: "Ann",
  family_name: "Lee",
}

runProviderContract({
  provider: google({
    clientId: "google-client.apps.googleusercontent.com",
    clientSecret: "google-secret",
  }),
  discovery: {
    url: "https://accounts.google.com/.well-known/openid-configuration",
    document: discovery,
  },
  authorization: {
    url: "https://accounts.google.com/o/oauth2/v2/auth",
    params: { scope: "openid email profile", code_challenge_method: "S256" },
  },
  token: {
    url: "https://oauth2.googleapis.com/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: {
      access_token: "ya29.google-at",
      token_type: "Bearer",
      expires_in: 3599,
      scope: "openid email profile",
    },
  },
  // idToken: the profile comes from the verified id_token, no userinfo request
  userinfo: null,
  idTokenClaims: claims,
  expectUser: {
    id: "110169484474386276334",
    name: "Ann Lee",
    email: "ann@gmail.example",
    image: "https://lh3.googleusercontent.com/a/ann",
  },
  expectAccount: {
    providerAccountId: "110169484474386276334",
    access_token: "ya29.google-at",
    token_type: "bearer",
  },
  scenarios: [
    {
      name: "id_token signed by a key Google does not publish -> ID_TOKEN_SIGNATURE",
      foreignSignature: true,
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_SIGNATURE" },
    },
    {
      name: "id_token with another sign-in's nonce -> NONCE_MISMATCH",
      idTokenClaims: { ...claims, nonce: "someone-elses-nonce" },
      expectError: { type: "InvalidCheck", code: "NONCE_MISMATCH" },
    },
    {
      name: "id_token from another issuer -> ID_TOKEN_INVALID",
      idTokenClaims: { ...claims, iss: "https://evil.example" },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_INVALID" },
    },
    {
      name: "unverified email is not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "token response without id_token -> ID_TOKEN_MISSING",
      idTokenClaims: null,
      token: { body: { access_token: "at", token_type: "Bearer" } },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_MISSING" },
    },
  ],
})
