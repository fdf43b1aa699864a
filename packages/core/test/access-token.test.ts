/**
 * getAccessToken's refresh request at the provider's edge (nock on its hostname): the grant's body
 * and client authentication, the `refresh` endpoint's three forms, what is stored, the errors.
 * The flows against a real IdP (single flight, processes, rotation) are in tests/integration.
 */
import nock from "nock"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import type { AuthError, OAuthConfig } from "../src/index.js"
import { memoryAdapter, type Adapter, type AdapterAccount } from "../src/adapters/index.js"
import { IDP_AUTH, browserHeaders, idp, makeAuth as makeCoreAuth } from "./helpers.js"
import { tokenApi } from "../src/tokens.js"

/** The features under test are in the tokens extension. */
const makeAuth: typeof makeCoreAuth = (config) =>
  makeCoreAuth({ extensions: [tokenApi], ...config })

const KEY = { provider: "idp", providerAccountId: "42" }

beforeEach(() => nock.disableNetConnect())
afterEach(() => {
  nock.cleanAll()
  nock.enableNetConnect()
})

/** An app with a signed-in user whose idp account is stored as `account`. */
async function setup(over: Partial<OAuthConfig> = {}, account: Partial<AdapterAccount> = {}) {
  const auth = makeAuth({ adapter: memoryAdapter(), providers: [idp(over)] })
  // The adapter as core uses it (tokens encrypted at rest): the test reads and writes plaintext through it.
  const adapter: Adapter = auth.adapter!
  const user = await adapter.createUser({
    name: "Ann",
    email: "ann@idp.example.com",
    emailVerified: null,
    image: null,
  })
  await adapter.linkAccount({
    ...KEY,
    userId: user.id,
    type: "oauth",
    access_token: "at-old",
    refresh_token: "rt-old",
    expires_at: Math.floor(Date.now() / 1000) + 30,
    token_type: "bearer",
    ...account,
  })
  const session = await adapter.createSession({
    sessionToken: "s".repeat(43),
    userId: user.id,
    expires: new Date(Date.now() + 3600_000),
  })
  return { auth, adapter, headers: browserHeaders(`auth.session-token=${session.sessionToken}`) }
}

function mockToken(path: string, reply: [number, Record<string, unknown>]) {
  const seen: { body?: URLSearchParams; authorization?: string } = {}
  nock(IDP_AUTH)
    .post(path)
    .reply(function (_uri, body) {
      seen.body = new URLSearchParams(body as string)
      seen.authorization = this.req.headers.authorization as string | undefined
      return reply
    })
  return seen
}

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise
  } catch (error) {
    return error as AuthError
  }
  throw new Error("expected a rejection")
}

describe("getAccessToken: the refresh request", () => {
  it("a token valid beyond minValidity (or without expires_at) is returned without any request", async () => {
    const { auth, adapter, headers } = await setup()
    expect(await auth.getAccessToken(headers, "idp", { minValidity: 10 })).toEqual({
      accessToken: "at-old",
      expiresAt: expect.any(Number),
      tokenType: "bearer",
    })
    await adapter.updateAccount!({ ...KEY, expires_at: null } as unknown as typeof KEY)
    expect((await auth.getAccessToken(headers, "idp", { minValidity: 3600 })).accessToken).toBe(
      "at-old",
    )
  })

  it("sends the refresh_token grant to the token endpoint with the client's auth, and stores the answer", async () => {
    const { auth, adapter, headers } = await setup({
      client: { token_endpoint_auth_method: "client_secret_post" },
    })
    const seen = mockToken("/oauth/token", [
      200,
      {
        access_token: "at-new",
        token_type: "bearer",
        expires_in: 600,
        refresh_token: "rt-new",
        scope: "profile",
      },
    ])
    const token = await auth.getAccessToken(headers, "idp")
    expect(Object.fromEntries(seen.body!)).toEqual({
      grant_type: "refresh_token",
      refresh_token: "rt-old",
      client_id: "idp-client",
      client_secret: "idp-secret",
    })
    expect(seen.authorization).toBeUndefined()
    const now = Math.floor(Date.now() / 1000)
    expect(token).toEqual({
      accessToken: "at-new",
      expiresAt: expect.any(Number),
      tokenType: "bearer",
      scope: "profile",
    })
    expect(Math.abs(token.expiresAt! - (now + 600))).toBeLessThanOrEqual(1)
    expect(await adapter.getAccount!(KEY)).toMatchObject({
      access_token: "at-new",
      refresh_token: "rt-new",
      expires_at: token.expiresAt,
      scope: "profile",
    })
  })

  it("refresh as a URL string: its own endpoint, its query as extra parameters, client_secret_basic", async () => {
    const { auth, adapter, headers } = await setup({
      refresh: `${IDP_AUTH}/oauth/refresh?audience=api`,
    })
    const seen = mockToken("/oauth/refresh", [200, { access_token: "at-r", token_type: "bearer" }])
    expect((await auth.getAccessToken(headers, "idp")).accessToken).toBe("at-r")
    expect(seen.body!.get("audience")).toBe("api")
    // RFC 6749 §2.3.1: id and secret form-encoded, then Basic
    expect(
      atob(seen.authorization!.replace(/^Basic /, ""))
        .split(":")
        .map(decodeURIComponent),
    ).toEqual(["idp-client", "idp-secret"])
    // no refresh_token in the answer keeps the old one; no expires_in leaves no expiry
    const stored = await adapter.getAccount!(KEY)
    expect(stored).toMatchObject({ access_token: "at-r", refresh_token: "rt-old" })
    expect(stored).not.toHaveProperty("expires_at")
  })

  it("refresh.request is honoured, with the stored refresh token and the params", async () => {
    const calls: Array<{ refreshToken: string; params: Record<string, string | undefined> }> = []
    const { auth, adapter, headers } = await setup({
      refresh: {
        params: { resource: "x" },
        request: ({ refreshToken, params }) => (
          calls.push({ refreshToken, params }),
          { tokens: { access_token: "at-hook", expires_in: 100, refresh_token: "rt-hook" } }
        ),
      },
    })
    expect((await auth.getAccessToken(headers, "idp")).accessToken).toBe("at-hook")
    expect(calls).toEqual([{ refreshToken: "rt-old", params: { resource: "x" } }])
    expect((await adapter.getAccount!(KEY))!.refresh_token).toBe("rt-hook")
  })
})

describe("getAccessToken: errors of the refresh", () => {
  it("invalid_grant: REFRESH_TOKEN_INVALID with the provider's description; the account is marked", async () => {
    const { auth, adapter, headers } = await setup()
    mockToken("/oauth/token", [
      400,
      { error: "invalid_grant", error_description: "Token has been expired or revoked." },
    ])
    const error = await rejection(auth.getAccessToken(headers, "idp"))
    expect(error).toMatchObject({
      type: "AccessTokenError",
      code: "REFRESH_TOKEN_INVALID",
      providerId: "idp",
    })
    expect(error.message).toContain("Token has been expired or revoked.")
    const stored = await adapter.getAccount!(KEY)
    expect(stored).not.toHaveProperty("refresh_token")
    expect(stored!.extras).toMatchObject({
      refresh_error: { error: "invalid_grant", description: "Token has been expired or revoked." },
    })
    expect((await rejection(auth.getAccessToken(headers, "idp"))).code).toBe(
      "REFRESH_TOKEN_INVALID",
    )
  })

  it("another OAuth error or a 5xx: TOKEN_ENDPOINT_ERROR with the provider's message, the refresh token kept", async () => {
    const { auth, adapter, headers } = await setup()
    mockToken("/oauth/token", [
      400,
      { error: "invalid_client", error_description: "Unknown client." },
    ])
    const error = await rejection(auth.getAccessToken(headers, "idp"))
    expect(error).toMatchObject({ type: "AccessTokenError", code: "TOKEN_ENDPOINT_ERROR" })
    expect(error.message).toMatch(/invalid_client.*Unknown client\./)
    expect((await adapter.getAccount!(KEY))!.refresh_token).toBe("rt-old")
    nock(IDP_AUTH).post("/oauth/token").reply(503, "down")
    expect((await rejection(auth.getAccessToken(headers, "idp"))).code).toBe("TOKEN_ENDPOINT_ERROR")
    expect((await adapter.getAccount!(KEY))!.refresh_token).toBe("rt-old")
  })

  it("an answer without access_token: TOKEN_RESPONSE_INVALID, nothing stored", async () => {
    const { auth, adapter, headers } = await setup({
      refresh: { request: () => ({ tokens: { token_type: "bearer" } }) },
    })
    expect((await rejection(auth.getAccessToken(headers, "idp"))).code).toBe(
      "TOKEN_RESPONSE_INVALID",
    )
    expect(await adapter.getAccount!(KEY)).toMatchObject({
      access_token: "at-old",
      refresh_token: "rt-old",
    })
  })

  it("a lease left by a crashed instance is taken over once it expired", async () => {
    const { auth, adapter, headers } = await setup(
      {},
      { refresh_token: `auth.refreshing:${Date.now() - 1}:nonce:rt-old` },
    )
    const seen = mockToken("/oauth/token", [
      200,
      { access_token: "at-new", token_type: "bearer", expires_in: 600 },
    ])
    expect((await auth.getAccessToken(headers, "idp")).accessToken).toBe("at-new")
    expect(seen.body!.get("refresh_token")).toBe("rt-old")
    expect((await adapter.getAccount!(KEY))!.refresh_token).toBe("rt-old")
  })
})
