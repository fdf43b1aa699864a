import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import okta from "../src/index.js"

const issuer = "https://acme.okta.com/oauth2/default"
const v1 = `${issuer}/v1`
const discovery = {
  issuer,
  authorization_endpoint: `${v1}/authorize`,
  token_endpoint: `${v1}/token`,
  userinfo_endpoint: `${v1}/userinfo`,
  registration_endpoint: "https://acme.okta.com/oauth2/v1/clients",
  jwks_uri: `${v1}/keys`,
  response_types_supported: [
    "code",
    "id_token",
    "code id_token",
    "code token",
    "id_token token",
    "code id_token token",
  ],
  response_modes_supported: ["query", "fragment", "form_post", "okta_post_message"],
  grant_types_supported: ["authorization_code", "implicit", "refresh_token", "password"],
  subject_types_supported: ["public"],
  id_token_signing_alg_values_supported: ["RS256"],
  scopes_supported: ["openid", "profile", "email", "address", "phone", "offline_access"],
  token_endpoint_auth_methods_supported: [
    "client_secret_basic",
    "client_secret_post",
    "client_secret_jwt",
    "private_key_jwt",
    "none",
  ],
  code_challenge_methods_supported: ["S256"],
}

const claims = {
  iss: issuer,
  sub: "00u1a2b3c4D5e6F7g8h9",
  ver: 1,
  jti: "ID.4eAWJOCMB3SX8XewDfVR",
  amr: ["pwd"],
  idp: "00o1a2b3c4D5e6F7g8h9",
  auth_time: 1764800000,
  name: "Ann Lee",
  preferred_username: "ann@acme.example.com",
  email: "ann@acme.example.com",
  email_verified: true,
}

const base = (issuerOption: string) => ({
  provider: okta({
    clientId: "0oa1a2b3c4D5e6F7g8h9",
    clientSecret: "okta-secret",
    issuer: issuerOption,
  }),
  discovery: { url: `${issuer}/.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${v1}/authorize`,
    params: { scope: "openid email profile", code_challenge_method: "S256" },
  },
  token: {
    url: `${v1}/token`,
    clientAuth: "client_secret_basic" as const,
    body: {
      token_type: "Bearer",
      expires_in: 3600,
      access_token: "okta-at",
      scope: "openid email profile",
    },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, name: "Ann Lee", email: "ann@acme.example.com", image: null },
  expectAccount: { providerAccountId: claims.sub, access_token: "okta-at" },
})

runProviderContract({
  ...base(issuer),
  scenarios: [
    {
      name: "unverified primary email is not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "only openid scope granted: no email, no name",
      idTokenClaims: { iss: issuer, sub: claims.sub },
      expectUser: { id: claims.sub, name: null, email: null },
    },
    {
      name: "person not assigned to the app (access_denied) -> AccessDenied",
      callbackParams: {
        error: "access_denied",
        error_description: "User is not assigned to the client application.",
        code: false,
      },
      expectError: { type: "AccessDenied", code: "ACCESS_DENIED" },
    },
    {
      name: "wrong client secret (invalid_client 401) -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 401,
        body: {
          error: "invalid_client",
          error_description: "The client secret supplied for a confidential client is invalid.",
        },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})

// A trailing slash on the issuer is removed: Okta publishes it without one.
runProviderContract({ ...base(`${issuer}/`), scenarios: [] })

describe("okta issuer option", () => {
  const auth = (options: Parameters<typeof okta>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [okta({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("a missing issuer fails at Auth() with INVALID_PROVIDER_CONFIG naming the option and an example", () => {
    try {
      auth({})
      expect.unreachable()
    } catch (error) {
      expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
      expect((error as Error).message).toMatch(
        /`issuer`.*https:\/\/acme\.okta\.com\/oauth2\/default/,
      )
    }
  })

  it("AUTH_OKTA_ISSUER is used when the option is left out", () => {
    expect(auth({}, { AUTH_OKTA_ISSUER: issuer }).providers.get("okta")?.issuer).toBe(issuer)
  })
})
