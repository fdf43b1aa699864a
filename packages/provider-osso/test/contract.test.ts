import { Auth, isAuthError } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import osso from "../src/index.js"

const base = "https://osso.example.com"
const me = {
  id: "0f4c5d1e-7a2b-4c3d-9e8f-1a2b3c4d5e6f",
  email: "ann@acme.com",
  idp: "Okta",
  requested: { domain: "acme.com" },
}

const contract = (issuer: string) => ({
  provider: osso({
    clientId: "e1d2c3b4-a5f6-4789-8012-3456789abcde",
    clientSecret: "osso-secret",
    issuer,
  }),
  authorization: { url: `${base}/oauth/authorize`, absentParams: ["scope", "nonce"] },
  token: {
    url: `${base}/oauth/token`,
    clientAuth: "client_secret_basic" as const,
    body: { access_token: "osso-at", token_type: "bearer", expires_in: 600 },
  },
  userinfo: { url: `${base}/oauth/me`, body: me },
  expectUser: { id: me.id, name: null, email: "ann@acme.com", image: null },
  expectAccount: { providerAccountId: me.id, access_token: "osso-at" },
})

// The issuer with a trailing slash...
runProviderContract({
  ...contract(`${base}/`),
  scenarios: [
    {
      name: "IdP asserted no email: email null",
      userinfo: { body: { id: me.id, idp: "Azure" } },
      expectUser: { id: me.id, email: null },
    },
    {
      name: "no IdP configured for the domain (Osso answers invalid_request at the callback) -> AUTHORIZATION_ERROR",
      callbackParams: {
        error: "invalid_request",
        error_description: "No identity provider for domain",
        code: false,
      },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
    {
      name: "access token expired before /oauth/me (401) -> USERINFO_ERROR",
      userinfo: { status: 401, body: { error: "invalid_token" } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
// ...and without it reach the same endpoints.
runProviderContract({ ...contract(base), scenarios: [] })

describe("osso issuer option", () => {
  const auth = (options: Parameters<typeof osso>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [osso({ clientId: "c", clientSecret: "x", ...options })],
    })

  it("a missing issuer fails at Auth() with INVALID_PROVIDER_CONFIG naming the option and an example", () => {
    try {
      auth({})
      expect.unreachable()
    } catch (error) {
      expect(isAuthError(error) && error.code).toBe("INVALID_PROVIDER_CONFIG")
      expect((error as Error).message).toMatch(/`issuer`.*https:\/\/osso\.example\.com/)
    }
  })

  it("AUTH_OSSO_ISSUER alone builds the endpoints", () => {
    const p = auth({}, { AUTH_OSSO_ISSUER: `${base}/` }).providers.get("osso")
    expect([p?.authorization.url, p?.token.url, p?.userinfo.url]).toEqual([
      `${base}/oauth/authorize`,
      `${base}/oauth/token`,
      `${base}/oauth/me`,
    ])
  })

  it("a domain passed at sign-in reaches Osso's authorize request", async () => {
    const a = auth({ issuer: base })
    const csrf = await a.handler(new Request("http://localhost:3000/api/auth/csrf"))
    const { csrfToken } = (await csrf.json()) as { csrfToken: string }
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ")
    const start = await a.handler(
      new Request("http://localhost:3000/api/auth/signin/osso?domain=acme.com", {
        method: "POST",
        headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken }).toString(),
      }),
    )
    const to = new URL(start.headers.get("location")!)
    expect(to.origin + to.pathname).toBe(`${base}/oauth/authorize`)
    expect(to.searchParams.get("domain")).toBe("acme.com")
  })
})
