import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { Auth, type OAuthConfig } from "../src/index.js"
import { Jar, errorOf, idp, IDP_API, IDP_AUTH, makeAuth, request, startSignIn } from "./helpers.js"
import { oauth1 as oauth1Flow } from "../src/oauth1.js"

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

/** One full sign-in against the mocked IdP; returns what the token endpoint received. */
async function signIn(provider: OAuthConfig) {
  const auth = makeAuth({ providers: [provider] })
  const jar = new Jar()
  const url = await startSignIn(auth, jar, "idp")
  const seen = { authorization: "", body: new URLSearchParams() }
  nock(IDP_AUTH)
    .post("/oauth/token")
    .reply(function (_uri, body) {
      seen.authorization = String(this.req.headers.authorization ?? "")
      seen.body = new URLSearchParams(String(body))
      return [200, { access_token: "at", token_type: "bearer" }]
    })
  nock(IDP_API).get("/v1/me").reply(200, { id: 7, name: "Ann" })
  const done = await request(
    auth,
    jar,
    `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`,
  )
  return { done, seen }
}

describe("clientSecret as a function", () => {
  it("is called for every token request (Basic auth), with the resolved provider", async () => {
    const calls: string[] = []
    const provider = idp({
      clientSecret: (p) => {
        calls.push(p.clientId)
        return Promise.resolve(`secret-${calls.length}`)
      },
    })
    for (const n of [1, 2]) {
      const { done, seen } = await signIn(provider)
      expect(errorOf(done)).toEqual({ error: null, code: null })
      const [, pass] = Buffer.from(seen.authorization.replace(/^Basic /, ""), "base64")
        .toString()
        .split(":")
      expect(decodeURIComponent(pass!)).toBe(`secret-${n}`)
    }
    expect(calls).toEqual(["idp-client", "idp-client"])
  })

  it("works with client_secret_post", async () => {
    const { seen } = await signIn(
      idp({
        clientSecret: () => "posted-secret",
        client: { token_endpoint_auth_method: "client_secret_post" },
      }),
    )
    expect(seen.authorization).toBe("")
    expect(seen.body.get("client_secret")).toBe("posted-secret")
  })

  it("a throwing secret function fails the sign-in (no session)", async () => {
    const { done } = await signIn(
      idp({ clientSecret: () => Promise.reject(new Error("key unreadable")) }),
    )
    expect(errorOf(done).error).toBe("OAuthCallbackError")
  })

  it("is refused for OAuth 1 providers at Auth() time", () => {
    const oauth1: OAuthConfig = {
      id: "o1",
      name: "O1",
      type: "oauth",
      version: "1.0A",
      oauth1: oauth1Flow,
      clientId: "k",
      clientSecret: () => "s",
      requestTokenUrl: "https://o1.example.com/request_token",
      authorization: "https://o1.example.com/authorize",
      accessTokenUrl: "https://o1.example.com/access_token",
      profileUrl: "https://o1.example.com/me",
    }
    expect(() => Auth({ providers: [oauth1], secret: "x".repeat(32), env: {} })).toThrow(
      /consumer secret must be a string/,
    )
  })

  it("an OAuth 1 provider without the oauth1 flow is refused at Auth() time with OAUTH1_FLOW_MISSING", () => {
    const provider: OAuthConfig = {
      id: "o1",
      name: "O1",
      type: "oauth",
      version: "1.0A",
      clientId: "k",
      clientSecret: "s",
      requestTokenUrl: "https://o1.example.com/request_token",
      authorization: "https://o1.example.com/authorize",
      accessTokenUrl: "https://o1.example.com/access_token",
    }
    expect(() => Auth({ providers: [provider], secret: "x".repeat(32), env: {} })).toThrow(
      expect.objectContaining({
        code: "OAUTH1_FLOW_MISSING",
        message: expect.stringContaining('"@auth/core/oauth1"'),
      }),
    )
    expect(() =>
      Auth({ providers: [{ ...provider, oauth1: oauth1Flow }], secret: "x".repeat(32), env: {} }),
    ).not.toThrow()
  })
})
