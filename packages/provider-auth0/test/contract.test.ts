import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import auth0 from "../src/index.js"

const issuer = "https://acme.us.auth0.com/"
const discovery = {
  issuer,
  authorization_endpoint: `${issuer}authorize`,
  token_endpoint: `${issuer}oauth/token`,
  device_authorization_endpoint: `${issuer}oauth/device/code`,
  userinfo_endpoint: `${issuer}userinfo`,
  mfa_challenge_endpoint: `${issuer}mfa/challenge`,
  jwks_uri: `${issuer}.well-known/jwks.json`,
  registration_endpoint: `${issuer}oidc/register`,
  revocation_endpoint: `${issuer}oauth/revoke`,
  scopes_supported: [
    "openid",
    "profile",
    "offline_access",
    "name",
    "given_name",
    "family_name",
    "nickname",
    "email",
    "email_verified",
    "picture",
    "created_at",
    "identities",
    "phone",
    "address",
  ],
  response_types_supported: [
    "code",
    "token",
    "id_token",
    "code token",
    "code id_token",
    "token id_token",
    "code token id_token",
  ],
  code_challenge_methods_supported: ["S256", "plain"],
  response_modes_supported: ["query", "fragment", "form_post"],
  subject_types_supported: ["public"],
  token_endpoint_auth_methods_supported: [
    "client_secret_basic",
    "client_secret_post",
    "private_key_jwt",
  ],
  id_token_signing_alg_values_supported: ["HS256", "RS256", "PS256"],
  end_session_endpoint: `${issuer}oidc/logout`,
}

const claims = {
  iss: issuer,
  sub: "auth0|64f1c2a9e4b0d51a2c3b4d5e",
  nickname: "ann",
  name: "Ann Lee",
  picture: "https://s.gravatar.com/avatar/5b2a.png",
  updated_at: "2026-12-01T09:30:00.000Z",
  email: "ann@acme.example.com",
  email_verified: true,
  sid: "Qk3xY8s2-9aL",
}

const contract = (issuerOption: string) => ({
  provider: auth0({
    clientId: "d8Xq3mYbVnR2tLpK",
    clientSecret: "auth0-secret",
    issuer: issuerOption,
  }),
  discovery: { url: `${issuer}.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${issuer}authorize`,
    params: { scope: "openid email profile", code_challenge_method: "S256" },
  },
  token: {
    url: `${issuer}oauth/token`,
    clientAuth: "client_secret_post" as const,
    body: {
      access_token: "auth0-at",
      scope: "openid profile email",
      expires_in: 86400,
      token_type: "Bearer",
    },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: {
    id: claims.sub,
    name: "Ann Lee",
    email: "ann@acme.example.com",
    image: claims.picture,
  },
  expectAccount: { providerAccountId: claims.sub, access_token: "auth0-at" },
})

runProviderContract({
  ...contract(issuer),
  scenarios: [
    {
      name: "database user who has not clicked the verification email: email not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "social connection without email (e.g. a GitHub user hiding it): no email, name from nickname",
      idTokenClaims: {
        iss: issuer,
        sub: "github|1234567",
        nickname: "octo",
        picture: "https://avatars.githubusercontent.com/u/1234567",
      },
      expectUser: { id: "github|1234567", name: "octo", email: null },
      expectAccount: { providerAccountId: "github|1234567" },
    },
    {
      name: "a Rule/Action denies the sign-in (access_denied) -> AccessDenied",
      callbackParams: {
        error: "access_denied",
        error_description: "Access denied by an Action.",
        code: false,
      },
      expectError: { type: "AccessDenied", code: "ACCESS_DENIED" },
    },
    {
      name: "wrong client secret (access_denied: Unauthorized, 401) -> TOKEN_ENDPOINT_ERROR",
      token: { status: 401, body: { error: "access_denied", error_description: "Unauthorized" } },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})

// The dashboard's bare domain and a URL without the trailing slash both reach Auth0's issuer.
runProviderContract({ ...contract("acme.us.auth0.com"), scenarios: [] })
runProviderContract({ ...contract("https://acme.us.auth0.com"), scenarios: [] })

describe("auth0 issuer option", () => {
  const auth = (options: Parameters<typeof auth0>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [auth0({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("a missing issuer fails at Auth() with INVALID_PROVIDER_CONFIG naming the option and an example", () => {
    try {
      auth({})
      expect.unreachable()
    } catch (error) {
      expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
      expect((error as Error).message).toMatch(/`issuer`.*https:\/\/acme\.us\.auth0\.com/)
    }
  })

  it("AUTH_AUTH0_ISSUER (a bare domain) is used when the option is left out", () => {
    expect(
      auth({}, { AUTH_AUTH0_ISSUER: "acme.us.auth0.com" }).providers.get("auth0")?.issuer,
    ).toBe(issuer)
  })
})
