import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import unitedEffects from "../src/index.js"

const issuer = "https://auth.unitedeffects.com/YQpbQV5dbW-224dCovz-3"
const discovery = {
  authorization_endpoint: `${issuer}/auth`,
  claims_parameter_supported: false,
  claims_supported: ["sub", "email", "email_verified", "sid", "auth_time", "iss"],
  code_challenge_methods_supported: ["S256"],
  end_session_endpoint: `${issuer}/session/end`,
  grant_types_supported: ["implicit", "authorization_code", "refresh_token", "client_credentials"],
  id_token_signing_alg_values_supported: ["RS256"],
  issuer,
  jwks_uri: `${issuer}/jwks`,
  response_modes_supported: ["form_post", "fragment", "query"],
  response_types_supported: ["code id_token", "code", "id_token", "none"],
  scopes_supported: ["openid", "offline_access", "email", "username"],
  subject_types_supported: ["public"],
  token_endpoint_auth_methods_supported: [
    "client_secret_basic",
    "client_secret_jwt",
    "client_secret_post",
    "private_key_jwt",
    "none",
  ],
  token_endpoint: `${issuer}/token`,
  userinfo_endpoint: `${issuer}/me`,
}

const sub = "7a4c9f2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b"

runProviderContract({
  provider: unitedEffects({
    clientId: "c0a8e9f1-2b3c-4d5e-9f6a-7b8c9d0e1f2a",
    clientSecret: "ue-secret",
    issuer,
  }),
  discovery: { url: `${issuer}/.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${issuer}/auth`,
    params: { scope: "openid email", resource: issuer, code_challenge_method: "S256" },
  },
  token: {
    url: `${issuer}/token`,
    clientAuth: "client_secret_basic",
    body: {
      access_token: "eyJ.ue-at.sig",
      expires_in: 3600,
      token_type: "Bearer",
      scope: "openid email",
    },
  },
  userinfo: { url: `${issuer}/me`, body: { sub, email: "ann@example.com", email_verified: true } },
  idTokenClaims: { iss: issuer, sub, sid: "b1c2d3e4", auth_time: 1764800000 },
  expectUser: { id: sub, name: null, email: "ann@example.com", image: null },
  expectAccount: { providerAccountId: sub, access_token: "eyJ.ue-at.sig" },
  scenarios: [
    {
      name: "unverified email is not trusted",
      userinfo: { body: { sub, email: "ann@example.com", email_verified: false } },
      expectUser: { id: sub, email: null },
    },
    {
      name: "email scope not consented: no email",
      userinfo: { body: { sub } },
      expectUser: { id: sub, email: null },
    },
    {
      name: "resource indicator refused (invalid_target at the callback) -> AUTHORIZATION_ERROR",
      callbackParams: { error: "invalid_target", code: false },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
  ],
})

describe("united-effects issuer option", () => {
  const auth = (options: Parameters<typeof unitedEffects>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [unitedEffects({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("a missing issuer fails at Auth() with INVALID_PROVIDER_CONFIG naming the option and an example", () => {
    try {
      auth({})
      expect.unreachable()
    } catch (error) {
      expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
      expect((error as Error).message).toMatch(/`issuer`.*auth\.unitedeffects\.com/)
    }
  })

  it("AUTH_UNITED_EFFECTS_ISSUER is used, also as the resource indicator", () => {
    const p = auth({}, { AUTH_UNITED_EFFECTS_ISSUER: issuer }).providers.get("united-effects")
    expect([p?.issuer, p?.authorization.params.resource]).toEqual([issuer, issuer])
  })
})
