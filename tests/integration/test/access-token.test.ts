/**
 * `auth.getAccessToken` against the real IdP (short-lived access tokens, rotating refresh tokens,
 * a counter of token-endpoint requests): single flight in one process and across two processes
 * sharing one SQLite file, rotation, invalid_grant and recovery by signing in again, the errors.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { sqliteAdapter } from "@auth/adapter-sqlite"
import type { AuthError, OAuthConfig } from "@auth/core"
import { memoryAdapter, type Adapter } from "@auth/core/adapters"
import { signInWith, type RunningOidcProvider } from "@auth/testkit"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type App, ORIGIN, SECRET, idpProvider, makeApp as makeCoreApp, startIdp } from "./setup.js"
import { tokenApi } from "@auth/core/tokens"

/** The features under test are in the tokens extension (@auth/core/tokens). */
const makeApp: typeof makeCoreApp = (config) => makeCoreApp({ extensions: [tokenApi], ...config })

const TTL = 2
let idp: RunningOidcProvider
let userinfo: string
const dir = mkdtempSync(join(tmpdir(), "auth-access-token-"))

beforeAll(async () => {
  idp = await startIdp({
    accessTokenTtl: TTL,
    issueRefreshToken: "always",
    rotateRefreshToken: true,
  })
  userinfo = (
    (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as {
      userinfo_endpoint: string
    }
  ).userinfo_endpoint
})
afterAll(async () => {
  await idp.stop()
  rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => idp.resetCounters())

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const untilExpired = () => sleep(TTL * 1000 + 200)

async function signIn(app: App, user = "alice") {
  await signInWith(app.browser, "idp", { params: { login_hint: user, prompt: "login" } })
}

function requestOf(app: App): Request {
  return new Request(`${ORIGIN}/`, { headers: { cookie: app.browser.cookies.get(`${ORIGIN}/`) } })
}

async function accountOf(adapter: Adapter, provider = "idp") {
  const [account] = await adapter.getAccountsByUser!(
    (await adapter.getUserByEmail("alice@example.test"))!.id,
  )
  expect(account?.provider).toBe(provider)
  return account!
}

async function callUserinfo(accessToken: string): Promise<{ status: number; sub?: string }> {
  const response = await fetch(userinfo, { headers: { authorization: `Bearer ${accessToken}` } })
  return {
    status: response.status,
    sub: response.status === 200 ? ((await response.json()) as { sub: string }).sub : undefined,
  }
}

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise
  } catch (error) {
    return error as AuthError
  }
  throw new Error("expected a rejection")
}

const SETUPS: Record<string, () => { adapter: Adapter; strategy: "jwt" | "database" }> = {
  "database sessions, memory adapter": () => ({ adapter: memoryAdapter(), strategy: "database" }),
  "jwt sessions, memory adapter": () => ({ adapter: memoryAdapter(), strategy: "jwt" }),
  "database sessions, SQLite file": () => ({
    adapter: sqliteAdapter(join(dir, `${Math.random().toString(36).slice(2)}.db`)),
    strategy: "database",
  }),
  "jwt sessions, SQLite file": () => ({
    adapter: sqliteAdapter(join(dir, `${Math.random().toString(36).slice(2)}.db`)),
    strategy: "jwt",
  }),
}

for (const [name, setup] of Object.entries(SETUPS)) {
  describe(`getAccessToken (${name})`, () => {
    function newApp(over: Partial<OAuthConfig> = {}) {
      const { adapter, strategy } = setup()
      const app = makeApp({
        adapter,
        session: { strategy },
        providers: [idpProvider(idp.issuer, over)],
      })
      // The adapter as core uses it (tokens decrypted on read): the test compares plaintext tokens.
      return { adapter: app.auth.adapter!, app }
    }

    it("a fresh token is returned as stored, with no request to the IdP; it works at userinfo", async () => {
      const { adapter, app } = newApp()
      await signIn(app)
      idp.resetCounters()
      const stored = await accountOf(adapter)
      const token = await app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 0 })
      expect(token).toEqual({
        accessToken: stored.access_token,
        expiresAt: stored.expires_at,
        tokenType: stored.token_type,
        scope: stored.scope,
      })
      expect(idp.tokenRequests).toEqual({})
      expect(await callUserinfo(token.accessToken)).toEqual({ status: 200, sub: "alice" })
    })

    it("50 concurrent calls after expiry make exactly one refresh grant, and all get the same working token", async () => {
      const { adapter, app } = newApp()
      await signIn(app)
      const before = await accountOf(adapter)
      await untilExpired()
      expect(await callUserinfo(before.access_token!)).toMatchObject({ status: 401 })
      idp.resetCounters()
      const request = requestOf(app)
      const tokens = await Promise.all(
        Array.from({ length: 50 }, () =>
          app.auth.getAccessToken(request, "idp", { minValidity: 0 }),
        ),
      )
      expect(idp.tokenRequests).toEqual({ refresh_token: 1 })
      expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1)
      expect(tokens[0]!.accessToken).not.toBe(before.access_token)
      expect(await callUserinfo(tokens[0]!.accessToken)).toEqual({ status: 200, sub: "alice" })
    })

    it("rotation: the new refresh token and expires_at are stored; the next refresh uses them", async () => {
      const { adapter, app } = newApp()
      await signIn(app)
      const before = await accountOf(adapter)
      const first = await app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 60 })
      const after = await accountOf(adapter)
      expect(after.refresh_token).toBeTruthy()
      expect(after.refresh_token).not.toBe(before.refresh_token)
      expect(after.access_token).toBe(first.accessToken)
      expect(after.expires_at).toBe(first.expiresAt)
      expect(
        Math.abs(first.expiresAt! - (Math.floor(Date.now() / 1000) + TTL)),
      ).toBeLessThanOrEqual(1)
      expect(after.extras?.refresh_error).toBeUndefined()
      // the rotated token works (the old one was consumed: using it again would revoke the grant)
      const second = await app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 60 })
      expect(second.accessToken).not.toBe(first.accessToken)
      expect(idp.tokenRequests.refresh_token).toBe(2)
      expect(await callUserinfo(second.accessToken)).toEqual({ status: 200, sub: "alice" })
    })

    it("minValidity: no refresh while the token has that long left, a refresh when it has less", async () => {
      const { adapter, app } = newApp()
      await signIn(app)
      const stored = await accountOf(adapter)
      idp.resetCounters()
      expect(
        (await app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 0 })).accessToken,
      ).toBe(stored.access_token)
      expect(idp.tokenRequests).toEqual({})
      // the token lives TTL (2) seconds: asking for 60 more seconds of validity refreshes it (the default, 60, too)
      expect((await app.auth.getAccessToken(requestOf(app), "idp")).accessToken).not.toBe(
        stored.access_token,
      )
      expect(idp.tokenRequests).toEqual({ refresh_token: 1 })
    })

    it("a revoked refresh token gives REFRESH_TOKEN_INVALID, marks the account, and signing in again recovers", async () => {
      const { adapter, app } = newApp()
      await signIn(app)
      expect(idp.revokeRefreshTokens()).toBeGreaterThan(0)
      idp.resetCounters()
      const error = await rejection(
        app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 60 }),
      )
      expect(error).toMatchObject({
        name: "AuthError",
        type: "AccessTokenError",
        code: "REFRESH_TOKEN_INVALID",
        providerId: "idp",
      })
      expect(error.message).toMatch(/invalid_grant.*sign in/s)
      const marked = await accountOf(adapter)
      expect(marked.refresh_token).toBeUndefined()
      expect(marked.extras?.refresh_error).toMatchObject({ error: "invalid_grant" })
      // later calls fail fast, without asking the IdP again
      expect(
        (await rejection(app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 60 }))).code,
      ).toBe("REFRESH_TOKEN_INVALID")
      expect(idp.tokenRequests).toEqual({ refresh_token: 1 })
      // the way back: sign in again; the new tokens are stored and the mark is gone
      await signIn(app)
      const recovered = await accountOf(adapter)
      expect(recovered.refresh_token).toBeTruthy()
      expect(recovered.extras?.refresh_error).toBeUndefined()
      const token = await app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 60 })
      expect(await callUserinfo(token.accessToken)).toEqual({ status: 200, sub: "alice" })
    })
  })
}

describe("getAccessToken: a provider answering no refresh token keeps the stored one", () => {
  let steady: RunningOidcProvider
  beforeAll(async () => {
    steady = await startIdp({
      accessTokenTtl: TTL,
      issueRefreshToken: "always",
      rotateRefreshToken: false,
    })
  })
  afterAll(() => steady.stop())

  it("stores the new access token and expiry, keeps the refresh token, and refreshes with it again", async () => {
    // The provider's own fetch, as a vendor that omits refresh_token from refresh answers behaves.
    const omitRefreshToken: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      if (!String(init?.body ?? "").includes("grant_type=refresh_token")) return response
      const { refresh_token: _dropped, ...body } = (await response.json()) as Record<
        string,
        unknown
      >
      return new Response(JSON.stringify(body), {
        status: response.status,
        headers: { "content-type": "application/json" },
      })
    }
    const adapter = memoryAdapter()
    const app = makeApp({
      adapter,
      providers: [idpProvider(steady.issuer, { fetch: omitRefreshToken })],
    })
    await signIn(app)
    const before = await accountOf(app.auth.adapter!)
    const first = await app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 60 })
    const after = await accountOf(app.auth.adapter!)
    expect(after.refresh_token).toBe(before.refresh_token)
    expect(after.access_token).toBe(first.accessToken)
    expect(first.accessToken).not.toBe(before.access_token)
    const second = await app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 60 })
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(steady.tokenRequests.refresh_token).toBe(2)
  })
})

describe("getAccessToken errors", () => {
  it("SESSION_REQUIRED without a session", async () => {
    const app = makeApp({ adapter: memoryAdapter(), providers: [idpProvider(idp.issuer)] })
    const error = await rejection(app.auth.getAccessToken(new Request(`${ORIGIN}/`), "idp"))
    expect(error).toMatchObject({ type: "AccessDenied", code: "SESSION_REQUIRED", status: 401 })
  })

  it("NO_PROVIDER_ACCOUNT when the user has no account at that provider", async () => {
    const app = makeApp({
      adapter: memoryAdapter(),
      providers: [idpProvider(idp.issuer), idpProvider(idp.issuer, { id: "idp2", name: "Second" })],
    })
    await signIn(app)
    const error = await rejection(app.auth.getAccessToken(requestOf(app), "idp2"))
    expect(error).toMatchObject({
      type: "AccessTokenError",
      code: "NO_PROVIDER_ACCOUNT",
      providerId: "idp2",
    })
    expect((await rejection(app.auth.getAccessToken(requestOf(app), "nope"))).code).toBe(
      "UNKNOWN_PROVIDER",
    )
  })

  it("NO_REFRESH_TOKEN when the token expired and none was stored, saying how to get one", async () => {
    const app = makeApp({
      adapter: memoryAdapter(),
      providers: [
        idpProvider(idp.issuer, { account: ({ refresh_token: _none, ...tokens }) => tokens }),
      ],
    })
    await signIn(app)
    const error = await rejection(
      app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 60 }),
    )
    expect(error).toMatchObject({ type: "AccessTokenError", code: "NO_REFRESH_TOKEN" })
    expect(error.message).toMatch(/offline_access/)
  })

  it("the token endpoint's error and description, and the refresh token kept for the next try", async () => {
    const adapter = memoryAdapter()
    // An extra parameter the IdP refuses: a real OAuth error answer from its token endpoint.
    const app = makeApp({
      adapter,
      providers: [
        idpProvider(idp.issuer, { refresh: { params: { scope: "openid no-such-scope" } } }),
      ],
    })
    await signIn(app)
    const before = await accountOf(app.auth.adapter!)
    const error = await rejection(
      app.auth.getAccessToken(requestOf(app), "idp", { minValidity: 60 }),
    )
    expect(error).toMatchObject({
      type: "AccessTokenError",
      code: "TOKEN_ENDPOINT_ERROR",
      providerId: "idp",
    })
    expect(error.message).toMatch(/invalid_scope/)
    expect((await accountOf(app.auth.adapter!)).refresh_token).toBe(before.refresh_token)
  })

  it("MISSING_ADAPTER with the jwt strategy and no adapter, saying to configure one", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    await signIn(app)
    const error = await rejection(app.auth.getAccessToken(requestOf(app), "idp"))
    expect(error).toMatchObject({ type: "Configuration", code: "MISSING_ADAPTER" })
    expect(error.message).toMatch(/adapter/)
  })

  it("ADAPTER_METHODS_MISSING for an adapter without getAccount/updateAccount", async () => {
    const { getAccount: _g, updateAccount: _u, ...older } = memoryAdapter()
    const app = makeApp({ adapter: older as Adapter, providers: [idpProvider(idp.issuer)] })
    await signIn(app)
    const error = await rejection(app.auth.getAccessToken(requestOf(app), "idp"))
    expect(error).toMatchObject({ type: "Configuration", code: "ADAPTER_METHODS_MISSING" })
    expect(error.message).toMatch(/getAccount, updateAccount/)
  })
})

describe("getAccessToken across instances sharing one SQLite file", () => {
  it("two Auth instances in one process: one grant, the same token", async () => {
    const file = join(dir, "two-instances.db")
    const a = makeApp({ adapter: sqliteAdapter(file), providers: [idpProvider(idp.issuer)] })
    const b = makeApp({ adapter: sqliteAdapter(file), providers: [idpProvider(idp.issuer)] })
    await signIn(a)
    await untilExpired()
    idp.resetCounters()
    const request = requestOf(a)
    const tokens = await Promise.all([
      ...Array.from({ length: 10 }, () =>
        a.auth.getAccessToken(request, "idp", { minValidity: 0 }),
      ),
      ...Array.from({ length: 10 }, () =>
        b.auth.getAccessToken(request, "idp", { minValidity: 0 }),
      ),
    ])
    expect(idp.tokenRequests).toEqual({ refresh_token: 1 })
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1)
  })

  it("two Node processes race: at most one grant per rotation, both end with the same valid token", async () => {
    const file = join(dir, "two-processes.db")
    const adapter = sqliteAdapter(file)
    const app = makeApp({ adapter, providers: [idpProvider(idp.issuer)] })
    await signIn(app)
    const rounds = 3
    const first = Date.now() + TTL * 1000 + 1500
    const starts = Array.from({ length: rounds }, (_, i) => first + i * (TTL * 1000 + 500))
    idp.resetCounters()
    const env = {
      ...process.env,
      ISSUER: idp.issuer,
      DB_FILE: file,
      COOKIE: app.browser.cookies.get(`${ORIGIN}/`),
      SECRET,
      ORIGIN,
      STARTS: starts.join(","),
      CONCURRENCY: "5",
    }
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [new URL("./fixtures/access-token-child.mjs", import.meta.url).pathname],
          { env, stdio: ["ignore", "pipe", "pipe"] },
        )
        let out = ""
        let err = ""
        child.stdout.on("data", (d) => (out += d))
        child.stderr.on("data", (d) => (err += d))
        child.on("close", (code) =>
          code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`)),
        )
      })
    const outputs = await Promise.all([run(), run()])
    const lines = outputs.map((out) =>
      out
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as Array<{ token?: string; code?: string }>),
    )
    expect(lines.map((l) => l.length)).toEqual([rounds, rounds])
    for (let round = 0; round < rounds; round++) {
      const all = [...lines[0]![round]!, ...lines[1]![round]!]
      expect(all.filter((r) => !r.token)).toEqual([])
      expect(new Set(all.map((r) => r.token)).size).toBe(1)
    }
    // one grant per round (the token expires between rounds), never two on one refresh token
    expect(idp.tokenRequests).toEqual({ refresh_token: rounds })
    const last = lines[0]![rounds - 1]![0]!.token!
    expect((await accountOf(app.auth.adapter!)).access_token).toBe(last)
    expect(await callUserinfo(last)).toEqual({ status: 200, sub: "alice" })
  }, 30_000)
})
