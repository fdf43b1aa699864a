import { Auth } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import workos from "../src/index.js"

const api = "https://api.workos.com"
const profile = {
  object: "profile",
  id: "prof_01DMC79VCBZ0NY2099737PSVF1",
  organization_id: "org_01EHQMYV6MBK39QC5PZXHY59C3",
  connection_id: "conn_01E4ZCR3C56J083X43JQXF3JK5",
  connection_type: "OktaSAML",
  idp_id: "00u1a0ufowBJlzPlk357",
  email: "todd@example.com",
  first_name: "Todd",
  last_name: "Rundgren",
  role: { slug: "admin" },
  groups: ["Engineering", "Admins"],
  custom_attributes: {},
  raw_attributes: {},
}
const tokenBody = {
  token_type: "Bearer",
  access_token: "eyJhbGciOiJSUzI1NiIsImtpZCI6InNzby.workos-at",
  expires_in: 600,
  profile,
}

runProviderContract({
  provider: workos({
    clientId: "client_01HZBC6N1EB1ZY7KG32X",
    clientSecret: "sk_example_123456789",
    connection: "conn_01E4ZCR3C56J083X43JQXF3JK5",
  }),
  authorization: {
    url: `${api}/sso/authorize`,
    params: { connection: "conn_01E4ZCR3C56J083X43JQXF3JK5", code_challenge_method: "S256" },
    absentParams: ["scope", "organization", "nonce"],
  },
  token: { url: `${api}/sso/token`, clientAuth: "client_secret_post", body: tokenBody },
  // No userinfo request: the profile comes with the token.
  userinfo: null,
  expectUser: { id: profile.id, name: "Todd Rundgren", email: "todd@example.com", image: null },
  expectAccount: { providerAccountId: profile.id, access_token: tokenBody.access_token },
  scenarios: [
    {
      name: "IdP sent no names and no email",
      token: {
        body: {
          ...tokenBody,
          profile: { ...profile, email: undefined, first_name: null, last_name: null },
        },
      },
      expectUser: { id: profile.id, name: null, email: null },
    },
    {
      name: "organization without an active connection (organization_invalid at the callback) -> AUTHORIZATION_ERROR",
      callbackParams: {
        error: "organization_invalid",
        error_description: "No connection associated with organization",
        code: false,
      },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
    {
      name: "code already used (invalid_grant 400) -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: {
          error: "invalid_grant",
          error_description: "The code 'abc' has expired or is invalid.",
        },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})

describe("workos issuer and sign-in parameters", () => {
  const auth = (options: Parameters<typeof workos>[0], env: Record<string, string> = {}) =>
    Auth({
      secret: "s".repeat(32),
      env,
      providers: [workos({ clientId: "client_1", clientSecret: "sk_test", ...options })],
    })

  it("the default issuer is https://api.workos.com; AUTH_WORKOS_ISSUER moves every endpoint", () => {
    expect(auth({}).providers.get("workos")?.token.url).toBe(`${api}/sso/token`)
    const p = auth({}, { AUTH_WORKOS_ISSUER: "https://auth.example.com/" }).providers.get("workos")
    expect([p?.authorization.url, p?.token.url]).toEqual([
      "https://auth.example.com/sso/authorize",
      "https://auth.example.com/sso/token",
    ])
  })

  it("an organization passed at sign-in reaches the authorize request", async () => {
    const a = auth({})
    const csrf = await a.handler(new Request("http://localhost:3000/api/auth/csrf"))
    const { csrfToken } = (await csrf.json()) as { csrfToken: string }
    const cookie = csrf.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ")
    const start = await a.handler(
      new Request(
        "http://localhost:3000/api/auth/signin/workos?organization=org_01EHQMYV6MBK39QC5PZXHY59C3",
        {
          method: "POST",
          headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ csrfToken }).toString(),
        },
      ),
    )
    const to = new URL(start.headers.get("location")!)
    expect(to.origin + to.pathname).toBe(`${api}/sso/authorize`)
    expect(to.searchParams.get("organization")).toBe("org_01EHQMYV6MBK39QC5PZXHY59C3")
    expect(to.searchParams.has("connection")).toBe(false)
  })
})
