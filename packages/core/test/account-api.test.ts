/**
 * The account API: GET accounts, POST unlink/:id (CSRF for cookie sessions, refuses the last account),
 * the server helpers, and incremental scopes through POST signin/:id with `scope`.
 * The provider hosts are mocked with nock; the adapter is core's memory adapter.
 */
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { memoryAdapter, type Adapter, type AdapterAccount } from "../src/adapters/index.js"
import {
  browserHeaders,
  errorOf,
  idp,
  IDP_API,
  IDP_AUTH,
  Jar,
  makeAuth as makeCoreAuth,
  mockIdp,
  request,
  signInWith,
  startSignIn,
} from "./helpers.js"
import { accountApi } from "../src/accounts.js"

const makeAuth = (config: Parameters<typeof makeCoreAuth>[0]) =>
  makeCoreAuth({ extensions: [accountApi], ...config })

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

/**
 * The memory adapter plus `updateAccount` (the optional contract method; core's own memory
 * implementation lands with getAccessToken), written over the adapter's public methods.
 */
function adapterWithUpdate(): Adapter {
  const base = memoryAdapter()
  return {
    ...base,
    async updateAccount(fields) {
      const user = await base.getUserByAccount(fields)
      if (!user) return null
      const old = (await base.getAccountsByUser!(user.id)).find(
        (a) => a.provider === fields.provider && a.providerAccountId === fields.providerAccountId,
      )!
      const next: AdapterAccount = { ...old }
      for (const [key, value] of Object.entries(fields))
        if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value
      await base.unlinkAccount(fields)
      await base.linkAccount(next)
      return next
    },
  }
}

const second = () =>
  idp({
    id: "idp2",
    name: "Second",
    authorization: `${IDP_AUTH}/two/authorize`,
    token: `${IDP_AUTH}/two/token`,
    userinfo: `${IDP_API}/two/me`,
  })

async function setup(adapter: Adapter = memoryAdapter()) {
  const auth = makeAuth({ providers: [idp(), second()], adapter })
  const jar = new Jar()
  mockIdp({
    tokens: {
      access_token: "at-1",
      refresh_token: "rt-1",
      token_type: "bearer",
      expires_in: 3600,
      scope: "profile",
    },
  })
  expect((await signInWith(auth, jar, "idp")).status).toBe(302)
  return { auth, jar, adapter }
}

async function csrf(auth: ReturnType<typeof makeAuth>, jar: Jar): Promise<string> {
  return ((await (await request(auth, jar, "/api/auth/csrf")).json()) as { csrfToken: string })
    .csrfToken
}

describe("GET accounts", () => {
  it("signed out -> 401 SESSION_REQUIRED", async () => {
    const auth = makeAuth({ providers: [idp()], adapter: memoryAdapter() })
    const response = await request(auth, new Jar(), "/api/auth/accounts")
    expect([response.status, ((await response.json()) as any).code]).toEqual([
      401,
      "SESSION_REQUIRED",
    ])
  })

  it("lists provider, account id, scopes and whether tokens are stored, never the tokens", async () => {
    const { auth, jar } = await setup()
    const response = await request(auth, jar, "/api/auth/accounts")
    const text = await response.text()
    expect(JSON.parse(text)).toEqual([
      {
        provider: "idp",
        providerAccountId: "42",
        type: "oauth",
        scopes: ["profile"],
        hasAccessToken: true,
        hasRefreshToken: true,
        expiresAt: expect.any(Number),
      },
    ])
    expect(text).not.toContain("at-1")
    expect(text).not.toContain("rt-1")
    expect(await auth.listAccounts(browserHeaders(jar.header()))).toEqual(JSON.parse(text))
    expect(await auth.listAccounts(browserHeaders(""))).toBeNull()
  })
})

describe("POST unlink/:id", () => {
  it("refuses to remove the last way to sign in (LAST_ACCOUNT), the account stays", async () => {
    const { auth, jar, adapter } = await setup()
    const response = await request(auth, jar, "/api/auth/unlink/idp", {
      method: "POST",
      form: { csrfToken: await csrf(auth, jar), callbackUrl: "/account" },
    })
    expect(errorOf(response)).toEqual({ error: "AccessDenied", code: "LAST_ACCOUNT" })
    const session = await auth.getSession(browserHeaders(jar.header()))
    expect((await adapter.getAccountsByUser!(session!.user.id!)).length).toBe(1)
    await expect(auth.unlinkAccount(browserHeaders(jar.header()), "idp")).rejects.toMatchObject({
      code: "LAST_ACCOUNT",
    })
  })

  it("with two accounts: without the CSRF token refused; with it the account goes and the browser returns", async () => {
    const { auth, jar, adapter } = await setup()
    mockIdp({
      tokenPath: "/two/token",
      userinfoPath: "/two/me",
      profile: { id: 7, name: "Ann", email: "ann2@idp.example.com" },
    })
    expect((await signInWith(auth, jar, "idp2")).status).toBe(302)
    const userId = (await auth.getSession(browserHeaders(jar.header())))!.user.id!
    expect((await adapter.getAccountsByUser!(userId)).length).toBe(2)

    const forged = await request(auth, jar, "/api/auth/unlink/idp2", {
      method: "POST",
      form: { callbackUrl: "/account" },
    })
    expect(errorOf(forged)).toEqual({ error: "MissingCSRF", code: "CSRF_MISSING" })
    const unknown = await request(auth, jar, "/api/auth/unlink/github", {
      method: "POST",
      form: { csrfToken: await csrf(auth, jar) },
    })
    expect(errorOf(unknown)).toEqual({ error: "AccessDenied", code: "ACCOUNT_NOT_FOUND" })
    expect((await adapter.getAccountsByUser!(userId)).length).toBe(2)

    const done = await request(auth, jar, "/api/auth/unlink/idp2", {
      method: "POST",
      form: { csrfToken: await csrf(auth, jar), callbackUrl: "/account" },
    })
    expect(done.headers.get("location")).toBe("http://localhost:3000/account")
    expect((await adapter.getAccountsByUser!(userId)).map((a) => a.provider)).toEqual(["idp"])
  })

  it("signed out -> 401 SESSION_REQUIRED; the server helper throws the same", async () => {
    const auth = makeAuth({ providers: [idp()], adapter: memoryAdapter() })
    const response = await request(auth, new Jar(), "/api/auth/unlink/idp", {
      method: "POST",
      form: { csrfToken: "x" },
    })
    expect(response.status).toBe(401)
    await expect(auth.unlinkAccount(browserHeaders(""), "idp")).rejects.toMatchObject({
      code: "SESSION_REQUIRED",
    })
  })

  it("without an adapter -> MISSING_ADAPTER (no accounts are stored)", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const jar = new Jar()
    mockIdp()
    await signInWith(auth, jar, "idp")
    const response = await request(auth, jar, "/api/auth/accounts")
    expect([response.status, ((await response.json()) as any).code]).toEqual([
      400,
      "MISSING_ADAPTER",
    ])
  })
})

describe("incremental scopes: POST signin/:id with scope while signed in", () => {
  it("requests the provider's scopes plus the new ones and stores the grant on the existing account", async () => {
    const { auth, jar, adapter } = await setup(adapterWithUpdate())
    const url = await startSignIn(auth, jar, "idp", { scope: "calendar.read" })
    expect(url.searchParams.get("scope")).toBe("profile calendar.read")
    mockIdp({
      tokens: {
        access_token: "at-2",
        token_type: "bearer",
        expires_in: 3600,
        scope: "profile calendar.read",
      },
    })
    const query = new URLSearchParams({ code: "c2", state: url.searchParams.get("state")! })
    expect((await request(auth, jar, `/api/auth/callback/idp?${query}`)).status).toBe(302)
    const userId = (await auth.getSession(browserHeaders(jar.header())))!.user.id!
    const [account] = await adapter.getAccountsByUser!(userId)
    expect(account).toMatchObject({
      scope: "profile calendar.read",
      access_token: "at-2",
      refresh_token: "rt-1",
    })
    expect((await auth.listAccounts(browserHeaders(jar.header())))![0]!.scopes).toEqual([
      "profile",
      "calendar.read",
    ])
  })
})

describe("the account API is opt in (@auth/core/accounts)", () => {
  it("without extensions: [accountApi] its routes are 404 UNKNOWN_ACTION and the helpers say what to add", async () => {
    const auth = makeCoreAuth({ providers: [idp()], adapter: memoryAdapter() })
    for (const [path, method] of [
      ["/api/auth/accounts", "GET"],
      ["/api/auth/unlink/idp", "POST"],
      ["/api/auth/id-token/idp", "POST"],
    ] as const) {
      const response = await request(auth, new Jar(), path, { method })
      expect([path, response.status]).toEqual([path, 404])
    }
    await expect(auth.listAccounts(browserHeaders("a=b"))).rejects.toMatchObject({
      code: "ACCOUNT_API_MISSING",
    })
    await expect(auth.unlinkAccount(browserHeaders("a=b"), "idp")).rejects.toMatchObject({
      code: "ACCOUNT_API_MISSING",
    })
  })
})
