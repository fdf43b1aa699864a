import { Auth } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import azureAdB2c from "../src/index.js"

const B2C = "https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin1"
const ISSUER = "https://contoso.b2clogin.com/775527ff-9a37-4307-8b3d-cc311f58d925/v2.0/"

// https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_signupsignin1/v2.0/.well-known/openid-configuration
const discovery = {
  issuer: ISSUER,
  authorization_endpoint: `${B2C}/oauth2/v2.0/authorize`,
  token_endpoint: `${B2C}/oauth2/v2.0/token`,
  end_session_endpoint: `${B2C}/oauth2/v2.0/logout`,
  jwks_uri: `${B2C}/discovery/v2.0/keys`,
  response_modes_supported: ["query", "fragment", "form_post"],
  response_types_supported: [
    "code",
    "code id_token",
    "code token",
    "code id_token token",
    "id_token",
    "id_token token",
    "token",
    "token id_token",
  ],
  scopes_supported: ["openid"],
  subject_types_supported: ["pairwise"],
  id_token_signing_alg_values_supported: ["RS256"],
  token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
  claims_supported: [
    "name",
    "given_name",
    "family_name",
    "emails",
    "oid",
    "idp",
    "sub",
    "tfp",
    "iss",
    "iat",
    "exp",
    "aud",
    "acr",
    "nonce",
    "auth_time",
  ],
}

const claims = {
  iss: ISSUER,
  sub: "5a5b3c2d-1e2f-4a5b-8c9d-0e1f2a3b4c5d",
  oid: "5a5b3c2d-1e2f-4a5b-8c9d-0e1f2a3b4c5d",
  tfp: "B2C_1_signupsignin1",
  name: "Mia Park",
  given_name: "Mia",
  family_name: "Park",
  emails: ["mia.park@contoso.example", "mia@old.example"],
}

runProviderContract({
  provider: azureAdB2c({
    tenantId: "contoso",
    primaryUserFlow: "B2C_1_signupsignin1",
    clientId: "90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6",
    clientSecret: "b2c-secret",
  }),
  discovery: { url: `${B2C}/v2.0/.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${B2C}/oauth2/v2.0/authorize`,
    params: {
      scope: "openid offline_access 90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6",
      code_challenge_method: "S256",
    },
  },
  token: {
    url: `${B2C}/oauth2/v2.0/token`,
    method: "POST",
    clientAuth: "client_secret_basic",
    // With its own client id as a scope, B2C issues an access token for the app itself.
    body: {
      access_token: "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.b2c-at",
      token_type: "Bearer",
      scope: "90c0fe63-bcf2-44d5-8fb7-b8bbc0b29dc6 offline_access openid",
      expires_in: 3600,
      refresh_token: "eyJraWQiOiJjcGltY29yZV8wOTI1MjAxNSIsInZlciI6IjEuMC",
      refresh_token_expires_in: 1209600,
    },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, name: "Mia Park", email: "mia.park@contoso.example", image: null },
  expectAccount: {
    providerAccountId: claims.sub,
    refresh_token: "eyJraWQiOiJjcGltY29yZV8wOTI1MjAxNSIsInZlciI6IjEuMC",
  },
  scenarios: [
    {
      name: "no Email Addresses claim: no email",
      idTokenClaims: { ...claims, emails: undefined },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "empty emails list: no email",
      idTokenClaims: { ...claims, emails: [] },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "B2C error on the callback (AADB2C90273) -> AUTHORIZATION_ERROR",
      callbackParams: {
        error: "server_error",
        error_description: "AADB2C90273: An invalid response was received",
        code: false,
      },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
    {
      name: "id_token from another tenant's issuer -> ID_TOKEN_INVALID",
      idTokenClaims: { ...claims, iss: "https://evil.b2clogin.com/0000/v2.0/" },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_INVALID" },
    },
  ],
})

describe("azure-ad-b2c options", () => {
  const auth = (options: Parameters<typeof azureAdB2c>[0]) => () =>
    Auth({
      providers: [azureAdB2c({ clientId: "c", clientSecret: "s", ...options })],
      secret: "x".repeat(32),
      env: {},
    })
  it("missing tenantId/primaryUserFlow fails at Auth() time, naming the options and examples", () => {
    expect(auth({})).toThrow(
      /`tenantId` \(.*"contoso"\) and `primaryUserFlow` \(e\.g\. "B2C_1_signupsignin1"\), or `issuer`/,
    )
    expect(auth({ tenantId: "contoso" })).toThrow(/primaryUserFlow/)
    expect(auth({ tenantId: "contoso.onmicrosoft.com", primaryUserFlow: "B2C_1_x" })).toThrow(
      /tenantId/,
    )
    expect(auth({ tenantId: "contoso", primaryUserFlow: "signupsignin" })).toThrow(
      /primaryUserFlow/,
    )
  })
  it("accepts a user flow, a custom policy, or an issuer", () => {
    expect(auth({ tenantId: "contoso", primaryUserFlow: "B2C_1_signupsignin1" })).not.toThrow()
    expect(auth({ tenantId: "contoso", primaryUserFlow: "B2C_1A_signup_signin" })).not.toThrow()
    expect(
      auth({
        issuer:
          "https://login.contoso.com/tfp/775527ff-9a37-4307-8b3d-cc311f58d925/B2C_1_signupsignin1/v2.0/",
      }),
    ).not.toThrow()
    expect(auth({ issuer: "http://login.contoso.com/tfp/x/v2.0/" })).toThrow(/https/)
  })
})
