import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import cognito from "../src/index.js"

const issuer = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz"
const domain = "https://acme.auth.eu-west-1.amazoncognito.com"
const discovery = {
  authorization_endpoint: `${domain}/oauth2/authorize`,
  end_session_endpoint: `${domain}/logout`,
  id_token_signing_alg_values_supported: ["RS256"],
  issuer,
  jwks_uri: `${issuer}/.well-known/jwks.json`,
  response_types_supported: ["code", "token"],
  revocation_endpoint: `${domain}/oauth2/revoke`,
  scopes_supported: ["openid", "email", "phone", "profile"],
  subject_types_supported: ["public"],
  token_endpoint: `${domain}/oauth2/token`,
  token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
  userinfo_endpoint: `${domain}/oauth2/userInfo`,
}

const claims = {
  iss: issuer,
  sub: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
  "cognito:groups": ["staff"],
  "cognito:username": "ann",
  email_verified: true,
  origin_jti: "f1e2d3c4-b5a6-9788-6f5e-EXAMPLE22222",
  token_use: "id",
  auth_time: 1764800000,
  name: "Ann Lee",
  email: "ann@example.com",
}

runProviderContract({
  provider: cognito({ clientId: "1example23456789", clientSecret: "cognito-secret", issuer }),
  discovery: { url: `${issuer}/.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${domain}/oauth2/authorize`,
    params: { scope: "openid email profile", code_challenge_method: "S256" },
  },
  token: {
    url: `${domain}/oauth2/token`,
    clientAuth: "client_secret_basic",
    body: {
      access_token: "cognito-at",
      refresh_token: "cognito-rt",
      expires_in: 3600,
      token_type: "Bearer",
    },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, name: "Ann Lee", email: "ann@example.com", image: null },
  expectAccount: {
    providerAccountId: claims.sub,
    access_token: "cognito-at",
    refresh_token: "cognito-rt",
  },
  scenarios: [
    {
      name: "unverified email (false) is not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: 'unverified email as userInfo\'s string "false" is not trusted either',
      idTokenClaims: { ...claims, email_verified: "false" },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "federated user without email or name: username as name",
      idTokenClaims: {
        iss: issuer,
        sub: claims.sub,
        "cognito:username": "google_1101694844",
        identities: [{ providerName: "Google", providerType: "Google", userId: "1101694844" }],
      },
      expectUser: { id: claims.sub, name: "google_1101694844", email: null },
    },
    {
      name: "scope not allowed on the app client (invalid_scope at the callback) -> AUTHORIZATION_ERROR",
      callbackParams: { error: "invalid_scope", code: false },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
  ],
})

describe("cognito issuer option", () => {
  const auth = (options: Parameters<typeof cognito>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [cognito({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("the hosted UI domain (or nothing) instead of the pool issuer fails at Auth() with INVALID_PROVIDER_CONFIG", () => {
    for (const bad of [{ issuer: domain }, {}]) {
      try {
        auth(bad)
        expect.unreachable()
      } catch (error) {
        expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
        expect((error as Error).message).toContain("`issuer`")
        expect((error as Error).message).toContain(issuer)
      }
    }
  })

  it("AUTH_COGNITO_ISSUER is used when the option is left out", () => {
    expect(auth({}, { AUTH_COGNITO_ISSUER: issuer }).providers.get("cognito")?.issuer).toBe(issuer)
  })
})
