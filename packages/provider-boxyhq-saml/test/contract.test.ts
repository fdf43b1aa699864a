import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import boxyhq from "../src/index.js"

const base = "https://jackson.example.com"
const userinfo = {
  id: "a4d1c3b2e5f60718293a4b5c6d7e8f90a1b2c3d4",
  email: "ann@acme.com",
  firstName: "Ann",
  lastName: "Lee",
  roles: ["admin"],
  groups: ["engineering"],
  raw: { "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress": "ann@acme.com" },
  requested: { tenant: "acme.com", product: "crm", client_id: "dummy", state: "s" },
}

const contract = (issuer: string) => ({
  provider: boxyhq({
    clientId: "dummy",
    clientSecret: "jackson-verifier",
    issuer,
    authorization: { params: { tenant: "acme.com", product: "crm" } },
  }),
  authorization: {
    url: `${base}/api/oauth/authorize`,
    params: { tenant: "acme.com", product: "crm", code_challenge_method: "S256" },
    absentParams: ["scope", "nonce"],
  },
  token: {
    url: `${base}/api/oauth/token`,
    clientAuth: "client_secret_post" as const,
    body: { access_token: "0c1d2e3f4a5b6c7d8e9f", token_type: "bearer", expires_in: 300 },
  },
  userinfo: { url: `${base}/api/oauth/userinfo`, body: userinfo },
  expectUser: { id: userinfo.id, name: "Ann Lee", email: "ann@acme.com", image: null },
  expectAccount: { providerAccountId: userinfo.id, access_token: "0c1d2e3f4a5b6c7d8e9f" },
})

runProviderContract({
  ...contract(base),
  scenarios: [
    {
      name: "IdP sends only a NameID (no email, no names)",
      userinfo: { body: { id: userinfo.id, raw: {} } },
      expectUser: { id: userinfo.id, name: null, email: null },
    },
    {
      name: "no SAML connection for tenant/product (Jackson redirects with an error) -> AUTHORIZATION_ERROR",
      callbackParams: {
        error: "server_error",
        error_description: "SAML connection not found",
        code: false,
      },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
    {
      name: "wrong client secret verifier (invalid_client 401) -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 401,
        body: { error: "invalid_client", error_description: "Invalid client_secret" },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})
// A trailing slash on the issuer reaches the same endpoints.
runProviderContract({ ...contract(`${base}/`), scenarios: [] })

describe("boxyhq-saml options and sign-in parameters", () => {
  const auth = (options: Parameters<typeof boxyhq>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [boxyhq({ clientId: "dummy", clientSecret: "x", ...options })],
    })

  it("a missing issuer fails at Auth() with INVALID_PROVIDER_CONFIG naming the option and an example", () => {
    try {
      auth({})
      expect.unreachable()
    } catch (error) {
      expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
      expect((error as Error).message).toMatch(/`issuer`.*https:\/\/jackson\.example\.com/)
    }
  })

  it("AUTH_BOXYHQ_SAML_ISSUER alone builds the endpoints", () => {
    const p = auth({}, { AUTH_BOXYHQ_SAML_ISSUER: base }).providers.get("boxyhq-saml")
    expect([p?.authorization.url, p?.token.url, p?.userinfo.url]).toEqual([
      `${base}/api/oauth/authorize`,
      `${base}/api/oauth/token`,
      `${base}/api/oauth/userinfo`,
    ])
  })

  it("tenant and product passed at sign-in reach Jackson's authorize request", async () => {
    const a = auth({ issuer: base })
    const csrf = await a.handler(new Request("http://localhost:3000/api/auth/csrf"))
    const { csrfToken } = (await csrf.json()) as { csrfToken: string }
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ")
    const start = await a.handler(
      new Request("http://localhost:3000/api/auth/signin/boxyhq-saml?tenant=acme.com&product=crm", {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken }).toString(),
      }),
    )
    const to = new URL(start.headers.get("location")!)
    expect(to.origin + to.pathname).toBe(`${base}/api/oauth/authorize`)
    expect([
      to.searchParams.get("tenant"),
      to.searchParams.get("product"),
      to.searchParams.get("client_id"),
    ]).toEqual(["acme.com", "crm", "dummy"])
    expect(to.searchParams.has("scope")).toBe(false)
  })
})
