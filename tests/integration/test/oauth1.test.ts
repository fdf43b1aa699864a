/**
 * OAuth 1.0A sign-ins against the local OAuth 1.0a server from @auth/testkit, which verifies every
 * signature with an independent library (oauth-sign), and every attack ending in a precise code.
 */
import type { Account, OAuthConfig } from "@auth/core"
import { signInWith, sessionOf, startOAuth1Server, type RunningOAuth1Server } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type App, ORIGIN, errorParams, hasSession, makeApp } from "./setup.js"
import { oauth1 as oauth1Flow } from "@auth/core/oauth1"

let server: RunningOAuth1Server
let legacy: RunningOAuth1Server
beforeAll(async () => {
  server = await startOAuth1Server({
    consumers: [{ key: "consumer-key", secret: "consumer-secret" }],
  })
  legacy = await startOAuth1Server({
    consumers: [{ key: "old-key", secret: "old-secret" }],
    version: "1.0",
  })
})
afterAll(async () => {
  await server.stop()
  await legacy.stop()
})

function oauth1Provider(s: RunningOAuth1Server, over: Partial<OAuthConfig> = {}): OAuthConfig {
  return {
    id: "oauth1",
    name: "OAuth1 IdP",
    type: "oauth",
    version: "1.0A",
    oauth1: oauth1Flow,
    clientId: "consumer-key",
    clientSecret: "consumer-secret",
    requestTokenUrl: s.endpoints.requestToken,
    authorization: s.endpoints.authenticate,
    accessTokenUrl: s.endpoints.accessToken,
    profileUrl: `${s.endpoints.profile}?include_email=true&skip_status=true`,
    profile: (p: any) => ({
      id: p.id_str,
      name: p.name,
      email: p.email ?? null,
      image: p.profile_image_url_https ?? null,
    }),
    ...over,
  }
}

function appWith(over: Partial<OAuthConfig> = {}, s = server) {
  const accounts: Account[] = []
  const app = makeApp({
    providers: [oauth1Provider(s, over)],
    events: { signIn: ({ account }) => void accounts.push(account) },
  })
  return Object.assign(app, { accounts })
}

async function held(app: App) {
  app.holdCallback = true
  await signInWith(app.browser, "oauth1")
  app.holdCallback = false
  return new URL(app.callbacks.at(-1)!)
}

describe("OAuth 1.0A sign-in", () => {
  it("request token -> authenticate -> access token -> signed profile -> session; the Account keeps the token pair", async () => {
    const app = appWith()
    const before = server.log.length
    const result = await signInWith(app.browser, "oauth1", { callbackUrl: "/home" })
    expect(app.errors.map((e) => e.message)).toEqual([])
    expect(result.url).toBe(`${ORIGIN}/home`)
    expect((await sessionOf(app.browser))?.user).toMatchObject({
      name: "Alice Example",
      email: "alice@example.test",
    })
    // every signed request passed the server's independent verification
    expect(server.log.slice(before).map((l) => [l.path, l.ok])).toEqual([
      ["/oauth/request_token", true],
      ["/oauth/authenticate", true],
      ["/oauth/access_token", true],
      ["/1.1/account/verify_credentials.json", true],
    ])
    expect(app.accounts[0]).toMatchObject({
      provider: "oauth1",
      providerAccountId: "1001",
      oauth_token: expect.any(String),
      oauth_token_secret: expect.any(String),
    })
    // the request-token secret never appears in a URL
    expect(result.history.join(" ")).not.toMatch(/oauth_token_secret/)
    expect(app.browser.cookies.list().some((c) => c.name === "auth.oauth1")).toBe(false)
  })

  it("PLAINTEXT signatures work too", async () => {
    const app = appWith({ client: { oauth_signature_method: "PLAINTEXT" } as never })
    const result = await signInWith(app.browser, "oauth1")
    expect(app.errors.map((e) => e.message)).toEqual([])
    expect(result.url).toBe(`${ORIGIN}/`)
  })

  it("userinfo.request gets a fetch that signs each request with the access token", async () => {
    const app = appWith({
      profileUrl: undefined,
      userinfo: {
        async request({ fetch, tokens }) {
          expect(tokens.oauth_token).toBeTruthy()
          const response = await fetch(`${server.endpoints.profile}?include_email=true`)
          if (!response.ok) throw new Error(`profile ${response.status}`)
          return response.json()
        },
      },
    })
    const before = server.log.length
    const result = await signInWith(app.browser, "oauth1")
    expect(app.errors.map((e) => e.message)).toEqual([])
    expect(result.url).toBe(`${ORIGIN}/`)
    expect((await sessionOf(app.browser))?.user.email).toBe("alice@example.test")
    expect(
      server.log.slice(before).find((l) => l.path === "/1.1/account/verify_credentials.json")?.ok,
    ).toBe(true)
  })

  it('version "1.0" (no callback confirmation, no verifier) against a 1.0 server', async () => {
    const app = appWith({ version: "1.0", clientId: "old-key", clientSecret: "old-secret" }, legacy)
    const result = await signInWith(app.browser, "oauth1")
    expect(app.errors.map((e) => e.message)).toEqual([])
    expect(result.url).toBe(`${ORIGIN}/`)
    expect(hasSession(app)).toBe(true)
  })

  it("two Auth instances sharing only the secret: start on one, finish on the other", async () => {
    const one = appWith()
    const url = await held(one)
    const two = appWith()
    for (const c of one.browser.cookies.list())
      two.browser.cookies.set(ORIGIN, [`${c.name}=${c.value}; Path=${c.path}`])
    const result = await two.browser.navigate(url.href)
    expect(result.url).toBe(`${ORIGIN}/`)
    expect((await sessionOf(two.browser))?.user.name).toBe("Alice Example")
  })
})

describe("OAuth 1.0A attacks and failures: a precise code, no session", () => {
  const expectFailure = (app: App, url: string, error: string, code: string) => {
    expect(errorParams(url)).toEqual({ error, code })
    expect(hasSession(app)).toBe(false)
  }

  it("tampered oauth_token in the callback -> OAUTH1_TOKEN_MISMATCH", async () => {
    const app = appWith()
    const url = await held(app)
    url.searchParams.set("oauth_token", "attacker-token")
    expectFailure(
      app,
      (await app.browser.navigate(url.href)).url,
      "InvalidCheck",
      "OAUTH1_TOKEN_MISMATCH",
    )
  })

  it("replayed callback -> OAUTH1_COOKIE_MISSING (the sealed cookie was used up)", async () => {
    const app = appWith()
    const url = await held(app)
    expect((await app.browser.navigate(url.href)).url).toBe(`${ORIGIN}/`)
    app.browser.cookies.clear()
    expectFailure(
      app,
      (await app.browser.navigate(url.href)).url,
      "InvalidCheck",
      "OAUTH1_COOKIE_MISSING",
    )
  })

  it("missing token-secret cookie -> OAUTH1_COOKIE_MISSING", async () => {
    const app = appWith()
    const url = await held(app)
    app.browser.cookies.clear()
    expectFailure(
      app,
      (await app.browser.navigate(url.href)).url,
      "InvalidCheck",
      "OAUTH1_COOKIE_MISSING",
    )
  })

  it("a token-secret cookie from another sign-in -> OAUTH1_TOKEN_MISMATCH; from another provider -> CHECK_PROVIDER_MISMATCH", async () => {
    const app = appWith()
    await held(app)
    const first = app.browser.cookies.list().find((c) => c.name === "auth.oauth1")!
    const url = await held(app)
    app.browser.cookies.set(ORIGIN, [`auth.oauth1=${first.value}; Path=/`])
    expectFailure(
      app,
      (await app.browser.navigate(url.href)).url,
      "InvalidCheck",
      "OAUTH1_TOKEN_MISMATCH",
    )

    const other = makeApp({
      providers: [oauth1Provider(server, { id: "other" }), oauth1Provider(server)],
    })
    other.holdCallback = true
    await signInWith(other.browser, "other")
    const foreign = other.browser.cookies.list().find((c) => c.name === "auth.oauth1")!
    const url2 = await held(app)
    app.browser.cookies.set(ORIGIN, [`auth.oauth1=${foreign.value}; Path=/`])
    expectFailure(
      app,
      (await app.browser.navigate(url2.href)).url,
      "InvalidCheck",
      "CHECK_PROVIDER_MISMATCH",
    )
  })

  it("the attacker's request-token cookie planted in another browser -> CHECK_BROWSER_MISMATCH, nothing signed in", async () => {
    const victim = appWith()
    await signInWith(victim.browser, "oauth1") // the victim's browser holds its own binding cookie
    victim.browser.cookies.set(ORIGIN, ["auth.session-token=; Path=/; Max-Age=0"])
    const attacker = appWith()
    const url = await held(attacker)
    const planted = attacker.browser.cookies
      .list("localhost")
      .find((c) => c.name === "auth.oauth1")!
    victim.browser.cookies.set(ORIGIN, [`auth.oauth1=${planted.value}; Path=/`])
    const before = server.log.length
    expectFailure(
      victim,
      (await victim.browser.navigate(url.href)).url,
      "InvalidCheck",
      "CHECK_BROWSER_MISMATCH",
    )
    expect(server.log.slice(before).map((l) => l.path)).toEqual([]) // the access token was never requested
  })

  it("a wrong verifier -> TOKEN_ENDPOINT_ERROR with the server's answer logged", async () => {
    const app = appWith()
    const url = await held(app)
    url.searchParams.set("oauth_verifier", "wrong-verifier")
    expectFailure(
      app,
      (await app.browser.navigate(url.href)).url,
      "OAuthCallbackError",
      "TOKEN_ENDPOINT_ERROR",
    )
    expect(app.errors.at(-1)?.message).toContain("verifier_invalid")
  })

  it("missing verifier on 1.0A -> OAUTH1_VERIFIER_MISSING", async () => {
    const app = appWith()
    const url = await held(app)
    url.searchParams.delete("oauth_verifier")
    expectFailure(
      app,
      (await app.browser.navigate(url.href)).url,
      "InvalidCheck",
      "OAUTH1_VERIFIER_MISSING",
    )
  })

  it("the person denies access -> AccessDenied", async () => {
    const app = appWith({ authorization: `${server.endpoints.authenticate}?deny=1` })
    const result = await signInWith(app.browser, "oauth1")
    expectFailure(app, result.url, "AccessDenied", "ACCESS_DENIED")
  })

  it("a wrong consumer secret: the server rejects the signature -> OAUTH1_REQUEST_TOKEN_FAILED, nothing redirected", async () => {
    const app = appWith({ clientSecret: "not-the-secret" })
    const result = await signInWith(app.browser, "oauth1")
    expectFailure(app, result.url, "OAuthSignInError", "OAUTH1_REQUEST_TOKEN_FAILED")
    expect(result.history.some((u) => u.startsWith(server.url))).toBe(false)
  })

  it("the server rejecting the access-token signature -> TOKEN_ENDPOINT_ERROR", async () => {
    const app = appWith()
    const url = await held(app)
    server.misbehave("accessToken", "reject-signature")
    expectFailure(
      app,
      (await app.browser.navigate(url.href)).url,
      "OAuthCallbackError",
      "TOKEN_ENDPOINT_ERROR",
    )
  })

  it("a non-form (HTML) access-token body -> TOKEN_RESPONSE_NOT_FORM", async () => {
    const app = appWith()
    const url = await held(app)
    server.misbehave("accessToken", "html-body")
    expectFailure(
      app,
      (await app.browser.navigate(url.href)).url,
      "OAuthCallbackError",
      "TOKEN_RESPONSE_NOT_FORM",
    )
  })

  it("a 1.0A server that does not confirm the callback -> OAUTH1_CALLBACK_NOT_CONFIRMED", async () => {
    const app = appWith()
    server.misbehave("requestToken", "no-callback-confirmed")
    expectFailure(
      app,
      (await signInWith(app.browser, "oauth1")).url,
      "OAuthSignInError",
      "OAUTH1_CALLBACK_NOT_CONFIRMED",
    )
  })

  it("the profile endpoint failing -> USERINFO_ERROR", async () => {
    const app = appWith()
    const url = await held(app)
    server.misbehave("profile", "http-500")
    expectFailure(
      app,
      (await app.browser.navigate(url.href)).url,
      "OAuthCallbackError",
      "USERINFO_ERROR",
    )
  })
})
