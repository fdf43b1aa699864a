import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import keycloak from "../src/index.js"

const issuer = "https://kc.example.com/realms/staff"
const oidc = `${issuer}/protocol/openid-connect`
const discovery = {
  issuer,
  authorization_endpoint: `${oidc}/auth`,
  token_endpoint: `${oidc}/token`,
  userinfo_endpoint: `${oidc}/userinfo`,
  end_session_endpoint: `${oidc}/logout`,
  jwks_uri: `${oidc}/certs`,
  response_types_supported: [
    "code",
    "none",
    "id_token",
    "token",
    "id_token token",
    "code id_token",
    "code token",
    "code id_token token",
  ],
  subject_types_supported: ["public", "pairwise"],
  id_token_signing_alg_values_supported: ["RS256", "ES256", "PS256"],
  token_endpoint_auth_methods_supported: [
    "private_key_jwt",
    "client_secret_basic",
    "client_secret_post",
    "tls_client_auth",
    "client_secret_jwt",
  ],
  code_challenge_methods_supported: ["plain", "S256"],
  scopes_supported: ["openid", "profile", "email", "roles", "offline_access"],
}

const claims = {
  iss: issuer,
  sub: "0f6c9d8e-3f3a-4b8a-9d77-2b6a3c1e5f10",
  azp: "portal",
  typ: "ID",
  sid: "8a1f0c7e-4a4e-4b55-9d2a-5c3e1f0b7d21",
  acr: "1",
  email_verified: true,
  name: "Ann Lee",
  preferred_username: "ann",
  given_name: "Ann",
  family_name: "Lee",
  email: "ann@staff.example.com",
}

const contract = (options: Parameters<typeof keycloak>[0]) => ({
  provider: keycloak({ clientId: "portal", clientSecret: "kc-secret", ...options }),
  discovery: { url: `${issuer}/.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${oidc}/auth`,
    params: { scope: "openid email profile", code_challenge_method: "S256" },
  },
  token: {
    url: `${oidc}/token`,
    clientAuth: "client_secret_basic" as const,
    body: {
      access_token: "kc-at",
      token_type: "Bearer",
      expires_in: 300,
      refresh_token: "kc-rt",
      refresh_expires_in: 1800,
      scope: "openid email profile",
      session_state: claims.sid,
    },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, name: "Ann Lee", email: "ann@staff.example.com", image: null },
  expectAccount: { providerAccountId: claims.sub, access_token: "kc-at", refresh_token: "kc-rt" },
})

runProviderContract({
  ...contract({ issuer }),
  scenarios: [
    {
      name: "email not yet verified in the realm is not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "no email scope granted: no email, name from preferred_username",
      idTokenClaims: { iss: issuer, sub: claims.sub, preferred_username: "ann" },
      expectUser: { id: claims.sub, name: "ann", email: null },
    },
    {
      name: "id_token from another realm -> ID_TOKEN_INVALID",
      idTokenClaims: { ...claims, iss: "https://kc.example.com/realms/other" },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_INVALID" },
    },
    {
      name: "client disabled in the realm (unauthorized_client at the callback) -> AUTHORIZATION_ERROR",
      callbackParams: {
        error: "unauthorized_client",
        error_description: "Client is not allowed to initiate browser login",
        code: false,
      },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
  ],
})

// The realm URL pasted with a trailing slash still matches the issuer Keycloak publishes.
runProviderContract({ ...contract({ issuer: `${issuer}/` }), scenarios: [] })

describe("keycloak issuer option", () => {
  const auth = (options: Parameters<typeof keycloak>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [keycloak({ clientId: "portal", clientSecret: "x", ...options })],
    })

  it("an issuer without /realms/<realm> fails at Auth() with INVALID_PROVIDER_CONFIG naming the option", () => {
    for (const bad of [{ issuer: "https://kc.example.com" }, {}]) {
      try {
        auth(bad)
        expect.unreachable("Auth() accepted a keycloak issuer without /realms/")
      } catch (error) {
        expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
        expect((error as Error).message).toContain("`issuer`")
        expect((error as Error).message).toContain("https://kc.example.com/realms/staff")
      }
    }
  })

  it("AUTH_KEYCLOAK_ISSUER is used when the option is left out", () => {
    expect(auth({}, { AUTH_KEYCLOAK_ISSUER: `${issuer}/` }).providers.get("keycloak")?.issuer).toBe(
      issuer,
    )
  })

  it("http:// issuers only on loopback", () => {
    expect(
      auth({ issuer: "http://127.0.0.1:8080/realms/dev" }).providers.get("keycloak")?.issuer,
    ).toBe("http://127.0.0.1:8080/realms/dev")
    expect(() => auth({ issuer: "http://kc.example.com/realms/dev" })).toThrow(/https:\/\//)
  })
})
