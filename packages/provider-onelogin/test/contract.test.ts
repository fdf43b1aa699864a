import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import onelogin from "../src/index.js"

const domain = "https://acme.onelogin.com"
const issuer = `${domain}/oidc/2`
const discovery = {
  acr_values_supported: ["onelogin:nist:level:1:re-auth"],
  authorization_endpoint: `${issuer}/auth`,
  claims_parameter_supported: true,
  claims_supported: [
    "acr",
    "auth_time",
    "company",
    "custom_fields",
    "department",
    "email",
    "family_name",
    "given_name",
    "groups",
    "iss",
    "locale_code",
    "name",
    "params",
    "phone_number",
    "preferred_username",
    "sid",
    "sub",
    "title",
    "updated_at",
  ],
  code_challenge_methods_supported: ["S256"],
  end_session_endpoint: `${issuer}/logout`,
  grant_types_supported: [
    "authorization_code",
    "implicit",
    "refresh_token",
    "client_credentials",
    "password",
  ],
  id_token_signing_alg_values_supported: ["RS256"],
  introspection_endpoint: `${issuer}/token/introspection`,
  issuer,
  jwks_uri: `${issuer}/certs`,
  response_modes_supported: ["form_post", "fragment", "query"],
  response_types_supported: ["code", "id_token token", "id_token"],
  revocation_endpoint: `${issuer}/token/revocation`,
  scopes_supported: ["openid", "name", "profile", "groups", "email", "params", "phone"],
  subject_types_supported: ["public"],
  token_endpoint: `${issuer}/token`,
  token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
  userinfo_endpoint: `${issuer}/me`,
}

const claims = {
  iss: issuer,
  sub: "98765432",
  sid: "aa8c2b1f-1c4d-4d11-9b2e-7f4c1a2b3c4d",
  name: "Ann Lee",
  given_name: "Ann",
  family_name: "Lee",
  preferred_username: "ann@acme.example.com",
  email: "ann@acme.example.com",
  updated_at: 1764700000,
}

const contract = (issuerOption: string) => ({
  provider: onelogin({
    clientId: "7f3e2a10-8c5b-013e-1b2c-0a1b2c3d4e5f123456",
    clientSecret: "onelogin-secret",
    issuer: issuerOption,
  }),
  discovery: { url: `${issuer}/.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${issuer}/auth`,
    params: { scope: "openid profile email", code_challenge_method: "S256" },
  },
  token: {
    url: `${issuer}/token`,
    clientAuth: "client_secret_basic" as const,
    body: {
      access_token: "onelogin-at",
      expires_in: 7200,
      refresh_token: "onelogin-rt",
      token_type: "Bearer",
      scope: "openid profile email",
    },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: "98765432", name: "Ann Lee", email: "ann@acme.example.com", image: null },
  expectAccount: {
    providerAccountId: "98765432",
    access_token: "onelogin-at",
    refresh_token: "onelogin-rt",
  },
})

// The domain alone: discovery and the issuer are under /oidc/2.
runProviderContract({
  ...contract(domain),
  scenarios: [
    {
      name: "no email scope granted: no email, name from the username",
      idTokenClaims: { iss: issuer, sub: "98765432", preferred_username: "ann" },
      expectUser: { id: "98765432", name: "ann", email: null },
    },
    {
      name: "email mapped as unverified (custom email_verified: false) is not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: "98765432", email: null },
    },
    {
      name: "person without access to the app (access_denied) -> AccessDenied",
      callbackParams: {
        error: "access_denied",
        error_description: "End user does not have access to this app",
        code: false,
      },
      expectError: { type: "AccessDenied", code: "ACCESS_DENIED" },
    },
  ],
})
// The issuer given already ending with /oidc/2 (and with a stray trailing slash) works the same.
runProviderContract({ ...contract(issuer), scenarios: [] })
runProviderContract({ ...contract(`${issuer}/`), scenarios: [] })

describe("onelogin issuer option", () => {
  const auth = (options: Parameters<typeof onelogin>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [onelogin({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("a missing issuer fails at Auth() with INVALID_PROVIDER_CONFIG naming the option and an example", () => {
    try {
      auth({})
      expect.unreachable()
    } catch (error) {
      expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
      expect((error as Error).message).toMatch(/`issuer`.*https:\/\/acme\.onelogin\.com/)
    }
  })

  it("AUTH_ONELOGIN_ISSUER, with or without /oidc/2, becomes the /oidc/2 issuer", () => {
    for (const value of [domain, `${domain}/`, issuer]) {
      expect(auth({}, { AUTH_ONELOGIN_ISSUER: value }).providers.get("onelogin")?.issuer).toBe(
        issuer,
      )
    }
  })
})
