import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import authentik from "../src/index.js"

const host = "https://authentik.example.com"
const issuer = `${host}/application/o/portal/`
const discovery = {
  issuer,
  authorization_endpoint: `${host}/application/o/authorize/`,
  token_endpoint: `${host}/application/o/token/`,
  userinfo_endpoint: `${host}/application/o/userinfo/`,
  end_session_endpoint: `${issuer}end-session/`,
  introspection_endpoint: `${host}/application/o/introspect/`,
  revocation_endpoint: `${host}/application/o/revoke/`,
  device_authorization_endpoint: `${host}/application/o/device/`,
  response_types_supported: [
    "code",
    "id_token",
    "id_token token",
    "code token",
    "code id_token",
    "code id_token token",
  ],
  response_modes_supported: ["query", "fragment", "form_post"],
  jwks_uri: `${issuer}jwks/`,
  grant_types_supported: [
    "authorization_code",
    "refresh_token",
    "implicit",
    "client_credentials",
    "password",
    "urn:ietf:params:oauth:grant-type:device_code",
  ],
  id_token_signing_alg_values_supported: ["RS256"],
  subject_types_supported: ["public"],
  token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
  scopes_supported: ["openid", "email", "profile"],
  claims_supported: [
    "sub",
    "iss",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "acr",
    "amr",
    "nonce",
    "email",
    "email_verified",
    "name",
    "given_name",
    "preferred_username",
    "nickname",
    "groups",
  ],
  code_challenge_methods_supported: ["plain", "S256"],
}

const claims = {
  iss: issuer,
  sub: "5ba8c4a2f7d1e3b6a9c0d2e4f6a8b0c1d3e5f7a9b1c3d5e7f9a1b3c5d7e9f1a3",
  auth_time: 1764800000,
  acr: "goauthentik.io/providers/oauth2/default",
  email: "ann@example.com",
  email_verified: true,
  name: "Ann Lee",
  given_name: "Ann Lee",
  preferred_username: "ann",
  nickname: "ann",
  groups: ["staff"],
}

const contract = (issuerOption: string) => ({
  provider: authentik({
    clientId: "Zq1w2e3r4t5y6u7i8o9p",
    clientSecret: "authentik-secret",
    issuer: issuerOption,
  }),
  discovery: { url: `${issuer}.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${host}/application/o/authorize/`,
    params: { scope: "openid email profile", code_challenge_method: "S256" },
  },
  token: {
    url: `${host}/application/o/token/`,
    clientAuth: "client_secret_basic" as const,
    body: {
      access_token: "authentik-at",
      token_type: "Bearer",
      scope: "openid email profile",
      expires_in: 300,
      refresh_token: "authentik-rt",
    },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, name: "Ann Lee", email: "ann@example.com", image: null },
  expectAccount: {
    providerAccountId: claims.sub,
    access_token: "authentik-at",
    refresh_token: "authentik-rt",
  },
})

runProviderContract({
  ...contract(issuer),
  scenarios: [
    {
      name: "email the scope mapping reports unverified is not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "email scope not granted: no email, name from the username",
      idTokenClaims: { iss: issuer, sub: claims.sub, preferred_username: "ann" },
      expectUser: { id: claims.sub, name: "ann", email: null },
    },
    {
      name: "policy denies the user (access_denied) -> AccessDenied",
      callbackParams: { error: "access_denied", code: false },
      expectError: { type: "AccessDenied", code: "ACCESS_DENIED" },
    },
  ],
})

// Without its trailing slash the issuer still matches: the provider adds it (authentik publishes it).
runProviderContract({ ...contract(`${host}/application/o/portal`), scenarios: [] })

describe("authentik issuer option", () => {
  const auth = (options: Parameters<typeof authentik>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [authentik({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("an issuer without /application/o/<slug>/ fails at Auth() with INVALID_PROVIDER_CONFIG naming the option", () => {
    for (const bad of [{ issuer: host }, {}]) {
      try {
        auth(bad)
        expect.unreachable()
      } catch (error) {
        expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
        expect((error as Error).message).toContain("`issuer`")
        expect((error as Error).message).toContain("/application/o/my-app/")
      }
    }
  })

  it("AUTH_AUTHENTIK_ISSUER is used (trailing slash added) when the option is left out", () => {
    expect(
      auth({}, { AUTH_AUTHENTIK_ISSUER: `${host}/application/o/portal` }).providers.get("authentik")
        ?.issuer,
    ).toBe(issuer)
  })
})
