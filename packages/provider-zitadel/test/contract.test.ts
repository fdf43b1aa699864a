import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import zitadel from "../src/index.js"

const issuer = "https://acme-x1y2z3.zitadel.cloud"
const discovery = {
  issuer,
  authorization_endpoint: `${issuer}/oauth/v2/authorize`,
  token_endpoint: `${issuer}/oauth/v2/token`,
  introspection_endpoint: `${issuer}/oauth/v2/introspect`,
  userinfo_endpoint: `${issuer}/oidc/v1/userinfo`,
  revocation_endpoint: `${issuer}/oauth/v2/revoke`,
  end_session_endpoint: `${issuer}/oidc/v1/end_session`,
  jwks_uri: `${issuer}/oauth/v2/keys`,
  scopes_supported: ["openid", "profile", "email", "phone", "address", "offline_access"],
  response_types_supported: ["code", "id_token", "id_token token"],
  grant_types_supported: [
    "authorization_code",
    "implicit",
    "refresh_token",
    "client_credentials",
    "urn:ietf:params:oauth:grant-type:jwt-bearer",
  ],
  subject_types_supported: ["public"],
  id_token_signing_alg_values_supported: ["RS256"],
  token_endpoint_auth_methods_supported: [
    "none",
    "client_secret_basic",
    "client_secret_post",
    "private_key_jwt",
  ],
  code_challenge_methods_supported: ["S256"],
}

const claims = {
  sub: "287351200987431213",
  name: "Ann Lee",
  given_name: "Ann",
  family_name: "Lee",
  preferred_username: "ann@acme.zitadel.cloud",
  locale: "en",
  email: "ann@acme.example.com",
  email_verified: true,
  picture: `${issuer}/assets/v1/287351200987431213/users/287351200987431213/avatar`,
  "urn:zitadel:iam:user:resourceowner:id": "287350986132578445",
}

const userinfo = claims

runProviderContract({
  provider: zitadel({
    clientId: "287351937422931597@portal",
    clientSecret: "zitadel-secret",
    issuer,
  }),
  discovery: { url: `${issuer}/.well-known/openid-configuration`, document: discovery },
  authorization: {
    url: `${issuer}/oauth/v2/authorize`,
    params: { scope: "openid email profile", code_challenge_method: "S256" },
  },
  token: {
    url: `${issuer}/oauth/v2/token`,
    clientAuth: "client_secret_basic",
    body: { access_token: "zitadel-at", token_type: "Bearer", expires_in: 43199 },
  },
  userinfo: { url: `${issuer}/oidc/v1/userinfo`, body: userinfo },
  idTokenClaims: { iss: issuer, sub: claims.sub, amr: ["password", "pwd"], auth_time: 1764800000 },
  expectUser: {
    id: claims.sub,
    name: "Ann Lee",
    email: "ann@acme.example.com",
    image: claims.picture,
  },
  expectAccount: { providerAccountId: claims.sub, access_token: "zitadel-at" },
  scenarios: [
    {
      name: "unverified email is not trusted",
      userinfo: { body: { ...claims, email_verified: false } },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "no email scope: no email, name from the login name",
      userinfo: { body: { sub: claims.sub, preferred_username: "ann" } },
      expectUser: { id: claims.sub, name: "ann", email: null, image: null },
    },
    {
      name: "userinfo for another user than the id_token's sub -> rejected",
      userinfo: { body: { ...claims, sub: "999" } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
    {
      name: "redirect URI not registered (invalid_request at the callback) -> AUTHORIZATION_ERROR",
      callbackParams: {
        error: "invalid_request",
        error_description: "The requested redirect_uri is missing in the client configuration.",
        code: false,
      },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
  ],
})

describe("zitadel issuer option", () => {
  const auth = (options: Parameters<typeof zitadel>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [zitadel({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("a missing issuer fails at Auth() with INVALID_PROVIDER_CONFIG naming the option and an example", () => {
    try {
      auth({})
      expect.unreachable()
    } catch (error) {
      expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
      expect((error as Error).message).toMatch(/`issuer`.*zitadel\.cloud/)
    }
  })

  it("AUTH_ZITADEL_ISSUER is used (trailing slash removed) when the option is left out", () => {
    expect(auth({}, { AUTH_ZITADEL_ISSUER: `${issuer}/` }).providers.get("zitadel")?.issuer).toBe(
      issuer,
    )
  })
})
