import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import identityServer4 from "../src/index.js"

const issuer = "https://demo.identityserver.io"
const discovery = {
  issuer,
  jwks_uri: `${issuer}/.well-known/openid-configuration/jwks`,
  authorization_endpoint: `${issuer}/connect/authorize`,
  token_endpoint: `${issuer}/connect/token`,
  userinfo_endpoint: `${issuer}/connect/userinfo`,
  end_session_endpoint: `${issuer}/connect/endsession`,
  check_session_iframe: `${issuer}/connect/checksession`,
  revocation_endpoint: `${issuer}/connect/revocation`,
  introspection_endpoint: `${issuer}/connect/introspect`,
  frontchannel_logout_supported: true,
  backchannel_logout_supported: true,
  scopes_supported: ["openid", "profile", "email", "api", "offline_access"],
  claims_supported: [
    "sub",
    "name",
    "family_name",
    "given_name",
    "preferred_username",
    "picture",
    "website",
    "email",
    "email_verified",
  ],
  grant_types_supported: ["authorization_code", "client_credentials", "refresh_token", "implicit"],
  response_types_supported: [
    "code",
    "token",
    "id_token",
    "id_token token",
    "code id_token",
    "code token",
    "code id_token token",
  ],
  response_modes_supported: ["form_post", "query", "fragment"],
  token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
  id_token_signing_alg_values_supported: ["RS256"],
  subject_types_supported: ["public"],
  code_challenge_methods_supported: ["plain", "S256"],
}

// What the id_token carries by default: the subject and how they signed in, no profile claims.
const idTokenClaims = {
  iss: issuer,
  sub: "88421113",
  auth_time: 1764800000,
  idp: "local",
  amr: ["pwd"],
  sid: "5B9F2C1D7E3A",
}
const userinfo = {
  sub: "88421113",
  name: "Bob Smith",
  given_name: "Bob",
  family_name: "Smith",
  website: "http://bob.example.com",
  email: "BobSmith@email.example",
  email_verified: true,
}

runProviderContract({
  provider: identityServer4({
    clientId: "interactive.confidential",
    clientSecret: "secret",
    issuer,
  }),
  discovery: { url: `${issuer}/.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${issuer}/connect/authorize`,
    params: { scope: "openid profile email", code_challenge_method: "S256" },
  },
  token: {
    url: `${issuer}/connect/token`,
    clientAuth: "client_secret_basic",
    body: {
      access_token: "identity-server4-at",
      expires_in: 3600,
      token_type: "Bearer",
      scope: "openid profile email",
    },
  },
  userinfo: { url: `${issuer}/connect/userinfo`, body: userinfo },
  idTokenClaims,
  expectUser: { id: "88421113", name: "Bob Smith", email: "BobSmith@email.example", image: null },
  expectAccount: { providerAccountId: "88421113", access_token: "identity-server4-at" },
  scenarios: [
    {
      name: "unverified email is not trusted",
      userinfo: { body: { ...userinfo, email_verified: false } },
      expectUser: { id: "88421113", email: null },
    },
    {
      name: "email scope not granted: no email",
      userinfo: { body: { sub: "88421113", name: "Bob Smith" } },
      expectUser: { id: "88421113", name: "Bob Smith", email: null },
    },
    {
      name: "userinfo about another subject than the id_token -> USERINFO_ERROR",
      userinfo: { body: { ...userinfo, sub: "818727" } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
    {
      name: "client not allowed the scope (invalid_scope at the callback) -> AUTHORIZATION_ERROR",
      callbackParams: { error: "invalid_scope", code: false },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
  ],
})

describe("identity-server4 issuer option", () => {
  const auth = (options: Parameters<typeof identityServer4>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [identityServer4({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("a missing issuer fails at Auth() with INVALID_PROVIDER_CONFIG naming the option and an example", () => {
    try {
      auth({})
      expect.unreachable()
    } catch (error) {
      expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
      expect((error as Error).message).toContain(
        "`issuer` (or AUTH_IDENTITY_SERVER4_ISSUER) is required",
      )
      expect((error as Error).message).toContain(issuer)
    }
  })

  it("AUTH_IDENTITY_SERVER4_ISSUER is used (trailing slash removed) when the option is left out", () => {
    expect(
      auth({}, { AUTH_IDENTITY_SERVER4_ISSUER: `${issuer}/` }).providers.get("identity-server4")
        ?.issuer,
    ).toBe(issuer)
  })
})
