/**
 * Edge cases of sessions (chunk growth), timeouts, sign-in params, the portable JWE path, error pages,
 * routing and provider factories: each test failed before its fix.
 */
import { CompactEncrypt } from "jose"
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { deriveKey } from "../src/crypto/hkdf.js"
import { decryptJwe } from "../src/crypto/jwe.js"
import {
  IDP_AUTH,
  Jar,
  errorOf,
  idp,
  makeAuth,
  mockIdp,
  request,
  signInWith,
  startSignIn,
  browserHeaders,
} from "./helpers.js"

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

describe("edge cases: sessions, timeouts, params, JWE, routing, factories", () => {
  it("growing a session from one cookie to chunks replaces the old session", async () => {
    const auth = makeAuth({
      providers: [idp()],
      callbacks: {
        jwt: ({ token, user }) => (user?.id === "2" ? { ...token, blob: "x".repeat(6000) } : token),
      },
    })
    const jar = new Jar()
    mockIdp({ profile: { id: 1, name: "Ann" } })
    await signInWith(auth, jar, "idp")
    mockIdp({ profile: { id: 2, name: "Bob" } })
    await signInWith(auth, jar, "idp")
    expect((await auth.getSession(browserHeaders(jar.header())))?.user.name).toBe("Bob")
  })

  it("a token request that times out is TOKEN_TIMEOUT", async () => {
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
      globalThis.fetch(input, {
        ...init,
        signal: AbortSignal.timeout(50),
      })) as typeof globalThis.fetch
    const auth = makeAuth({ providers: [idp({ fetch })] })
    const jar = new Jar()
    const url = await startSignIn(auth, jar, "idp")
    nock(IDP_AUTH)
      .post("/oauth/token")
      .delay(1000)
      .reply(200, { access_token: "a", token_type: "bearer" })
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`,
    )
    expect(errorOf(cb)).toEqual({ error: "OAuthCallbackError", code: "TOKEN_TIMEOUT" })
  })

  it("sign-in query parameters cannot override protocol parameters, but pass through others", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const url = await startSignIn(
      auth,
      new Jar(),
      "idp",
      {},
      "?redirect_uri=https://evil.test/cb&response_type=token&client_id=evil&state=x&login_hint=bob",
    )
    expect(url.searchParams.get("redirect_uri")).toBe("http://localhost:3000/api/auth/callback/idp")
    expect(url.searchParams.get("response_type")).toBe("code")
    expect(url.searchParams.get("client_id")).toBe("idp-client")
    expect(url.searchParams.get("state")).not.toBe("x")
    expect(url.searchParams.get("login_hint")).toBe("bob")
  })

  it("the portable JWE path refuses zip tokens like the fast path", async () => {
    const key = await deriveKey("some-secret-0123456789abcdef", "salt")
    const zipped = await new CompactEncrypt(new TextEncoder().encode('{"a":1}'))
      .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512", zip: "DEF" })
      .encrypt(key)
    expect(await decryptJwe(zipped, [key], { portable: true })).toBeNull()
    expect(await decryptJwe(zipped, [key])).toBeNull()
  })

  it("an absolute pages.error keeps its origin", async () => {
    const auth = makeAuth({
      providers: [idp()],
      pages: { error: "https://errors.example.org/auth-error" },
    })
    const response = await request(auth, new Jar(), "/api/auth/signin/idp", {
      method: "POST",
      form: {},
    })
    expect(response.headers.get("location")).toBe(
      "https://errors.example.org/auth-error?error=MissingCSRF&code=CSRF_MISSING",
    )
  })

  it("a malformed percent-encoded provider id is a 404, not a crash", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const response = await request(auth, new Jar(), "/api/auth/signin/%E0%A4%A")
    expect(response.status).toBe(404)
  })

  it("two instances of one factory do not share nested objects", async () => {
    const { defineProvider } = await import("../src/index.js")
    const factory = defineProvider({
      id: "f",
      name: "F",
      type: "oauth",
      checks: ["pkce"],
      authorization: { url: "https://f.example/a", params: { scope: "a" } },
    })
    const one = factory()
    const two = factory()
    ;(one.checks as string[]).push("nonce")
    ;(one.authorization as { params: Record<string, string> }).params.scope = "changed"
    expect(two.checks).toEqual(["pkce"])
    expect((two.authorization as { params: Record<string, string> }).params.scope).toBe("a")
  })
})
