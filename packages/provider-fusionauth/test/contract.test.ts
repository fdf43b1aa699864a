import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import fusionauth from "../src/index.js"

const issuer = "https://auth.example.com"
const tenantId = "cbb8cd3d-a4ae-4e31-8a2d-d4e1c1e4f6a1"
const applicationId = "85a03867-dccf-4882-adde-1a79aeec50df"
const discovery = {
  authorization_endpoint: `${issuer}/oauth2/authorize`,
  backchannel_logout_supported: false,
  claims_supported: [
    "at_hash",
    "aud",
    "authenticationType",
    "c_hash",
    "email",
    "email_verified",
    "exp",
    "family_name",
    "given_name",
    "iat",
    "iss",
    "name",
    "nonce",
    "picture",
    "preferred_username",
    "sid",
    "sub",
    "tid",
  ],
  code_challenge_methods_supported: ["S256"],
  device_authorization_endpoint: `${issuer}/oauth2/device_authorize`,
  end_session_endpoint: `${issuer}/oauth2/logout`,
  grant_types_supported: [
    "authorization_code",
    "implicit",
    "password",
    "refresh_token",
    "urn:ietf:params:oauth:grant-type:device_code",
  ],
  id_token_signing_alg_values_supported: [
    "ES256",
    "ES384",
    "ES512",
    "HS256",
    "HS384",
    "HS512",
    "RS256",
    "RS384",
    "RS512",
  ],
  issuer,
  jwks_uri: `${issuer}/.well-known/jwks.json`,
  response_modes_supported: ["query", "fragment", "form_post"],
  response_types_supported: ["code", "token", "id_token", "id_token token"],
  scopes_supported: ["openid", "offline_access", "profile", "email", "address", "phone"],
  subject_types_supported: ["public"],
  token_endpoint: `${issuer}/oauth2/token`,
  token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
  userinfo_endpoint: `${issuer}/oauth2/userinfo`,
}

const claims = {
  iss: issuer,
  sub: "2a1f8bf1-2e0c-4c2b-8d3f-6b1a9e8f7c6d",
  tid: tenantId,
  applicationId,
  authenticationType: "PASSWORD",
  email: "ann@example.com",
  email_verified: true,
  preferred_username: "ann",
  name: "Ann Lee",
  given_name: "Ann",
  family_name: "Lee",
  roles: ["user"],
  sid: "6c2d1e0f-aaaa-4bbb-8ccc-123456789abc",
}

const token = {
  url: `${issuer}/oauth2/token`,
  clientAuth: "client_secret_basic" as const,
  body: {
    access_token: "fa-at",
    expires_in: 3599,
    id_token_expires_in: 3599,
    refresh_token: "fa-rt",
    refresh_token_id: "b4f1c3",
    scope: "openid email profile offline_access",
    token_type: "Bearer",
    userId: claims.sub,
  },
}

runProviderContract({
  provider: fusionauth({ clientId: applicationId, clientSecret: "fa-secret", issuer }),
  discovery: { url: `${issuer}/.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${issuer}/oauth2/authorize`,
    params: { scope: "openid email profile offline_access", code_challenge_method: "S256" },
    absentParams: ["tenantId"],
  },
  token,
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, name: "Ann Lee", email: "ann@example.com", image: null },
  expectAccount: { providerAccountId: claims.sub, access_token: "fa-at", refresh_token: "fa-rt" },
  scenarios: [
    {
      name: "email not yet verified is not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "user without email or name: username as name",
      idTokenClaims: { iss: issuer, sub: claims.sub, preferred_username: "ann" },
      expectUser: { id: claims.sub, name: "ann", email: null },
    },
    {
      name: "user not registered for the application (invalid_grant 400) -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: {
          error: "invalid_grant",
          error_description: "The user is not registered for this application.",
          error_reason: "auth_code_not_found",
        },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})

// Several tenants: discovery for the tenant, and the tenant on the authorize request.
runProviderContract({
  provider: fusionauth({ clientId: applicationId, clientSecret: "fa-secret", issuer, tenantId }),
  discovery: { url: `${issuer}/.well-known/openid-configuration/${tenantId}`, document: discovery },
  authorization: {
    url: `${issuer}/oauth2/authorize`,
    params: { tenantId, scope: "openid email profile offline_access" },
  },
  token,
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, email: "ann@example.com" },
})

describe("fusionauth issuer option", () => {
  const auth = (options: Parameters<typeof fusionauth>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [fusionauth({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("a missing issuer fails at Auth() with INVALID_PROVIDER_CONFIG naming the option and an example", () => {
    try {
      auth({ tenantId })
      expect.unreachable()
    } catch (error) {
      expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
      expect((error as Error).message).toMatch(/`issuer`.*https:\/\/auth\.example\.com/)
    }
  })

  it("AUTH_FUSIONAUTH_ISSUER is used with the tenantId option for the tenant's discovery document", () => {
    const p = auth({ tenantId }, { AUTH_FUSIONAUTH_ISSUER: `${issuer}/` }).providers.get(
      "fusionauth",
    )
    expect([p?.issuer, p?.wellKnown]).toEqual([
      issuer,
      `${issuer}/.well-known/openid-configuration/${tenantId}`,
    ])
  })
})
