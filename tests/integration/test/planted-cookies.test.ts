/**
 * Cookie planting against the real IdP (issue 17). The attacker runs their own sign-in up to the
 * callback, then makes the victim's browser finish it: with the attacker's check cookies planted
 * from a sibling subdomain (the browser's own prefix rules apply), or, worst case, copied straight
 * into the victim's jar. Either way: no session for the attacker's account, nothing linked to the
 * victim, and an error page with a precise code. The legitimate flows on `__Host-` cookies still work.
 */
import { type AuthInstance } from "@auth/core"
import { memoryAdapter, type Adapter } from "@auth/core/adapters"
import { TestBrowser, signInWith, sessionOf, type RunningOidcProvider } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  CLIENTS,
  ORIGIN,
  errorParams,
  hasSession,
  idpProvider,
  makeApp,
  startIdp,
} from "./setup.js"

const SIBLING_APP = "http://app.localhost:3000"
const SIBLING = "http://evil.localhost:3000"

let idp: RunningOidcProvider
beforeAll(async () => {
  idp = await startIdp({
    clients: [
      ...CLIENTS,
      {
        client_id: "sib",
        client_secret: "sib-secret",
        redirect_uris: [`${SIBLING_APP}/api/auth/callback/idp`],
      },
    ],
  })
})
afterAll(async () => {
  await idp.stop()
})

/** A second browser on the same app that stops at the callback: the attacker's. */
function attackerBrowser(auth: AuthInstance, origin = ORIGIN) {
  const held: string[] = []
  const browser = new TestBrowser({
    origin,
    handler: async (request) => {
      if (new URL(request.url).pathname.startsWith("/api/auth/callback/")) {
        held.push(request.url)
        return new Response("held")
      }
      return auth.handler(request)
    },
  })
  return { browser, held }
}

const CHECK_COOKIE = /auth\.(state|pkce\.code_verifier|nonce)$/

describe("a signed-in victim made to finish the attacker's sign-in (__Host- cookies: useSecureCookies on localhost)", () => {
  function linkingApp(adapter: Adapter, events: string[]) {
    return makeApp({
      adapter,
      useSecureCookies: true,
      providers: [
        idpProvider(idp.issuer),
        idpProvider(idp.issuer, { id: "idp2", name: "Second IdP" }),
      ],
      events: {
        linkAccount: ({ account }) =>
          void events.push(`${account.provider}:${account.providerAccountId}`),
      },
    })
  }

  it("the legitimate flows are unchanged: sign in, link a second account while signed in, all on __Host- cookies", async () => {
    const adapter = memoryAdapter()
    const events: string[] = []
    const app = linkingApp(adapter, events)
    await signInWith(app.browser, "idp", { params: { login_hint: "alice", prompt: "login" } })
    const alice = (await sessionOf(app.browser))!.user
    expect(alice.email).toBe("alice@example.test")
    await signInWith(app.browser, "idp2", { params: { login_hint: "bob", prompt: "login" } })
    expect(
      (await adapter.getUserByAccount({ provider: "idp2", providerAccountId: "bob" }))?.id,
    ).toBe(alice.id)
    expect(events).toEqual(["idp:alice", "idp2:bob"])
    const names = app.browser.cookies.list("localhost").map((c) => c.name)
    expect(names).toContain("__Host-auth.session-token")
    expect(names).toContain("__Host-auth.check-binding")
    expect(names.filter((n) => !n.startsWith("__Host-"))).toEqual([])
  })

  it("checks copied from the attacker's jar: CHECK_BROWSER_MISMATCH, the attacker's account is not linked to the victim", async () => {
    const adapter = memoryAdapter()
    const events: string[] = []
    const app = linkingApp(adapter, events)
    await signInWith(app.browser, "idp", { params: { login_hint: "alice", prompt: "login" } })
    const alice = (await sessionOf(app.browser))!.user

    const attacker = attackerBrowser(app.auth)
    await signInWith(attacker.browser, "idp2", { params: { login_hint: "bob", prompt: "login" } })
    const callback = attacker.held.at(-1)!
    const planted = attacker.browser.cookies.list().filter((c) => CHECK_COOKIE.test(c.name))
    expect(planted.map((c) => c.name).sort()).toEqual([
      "__Host-auth.nonce",
      "__Host-auth.pkce.code_verifier",
      "__Host-auth.state",
    ])
    // worst case: the attacker's __Host- check cookies land in the victim's jar as they are
    app.browser.cookies.set(
      ORIGIN,
      planted.map((c) => `${c.name}=${c.value}; Path=/; Secure; HttpOnly; SameSite=Lax`),
    )

    const result = await app.browser.navigate(callback, { initiator: "http://attacker.example" })
    expect(errorParams(result.url)).toEqual({
      error: "InvalidCheck",
      code: "CHECK_BROWSER_MISMATCH",
    })
    expect(
      await adapter.getUserByAccount({ provider: "idp2", providerAccountId: "bob" }),
    ).toBeNull()
    expect(events).toEqual(["idp:alice"])
    expect((await sessionOf(app.browser))?.user.id).toBe(alice.id)
    expect(app.browser.cookies.list().filter((c) => CHECK_COOKIE.test(c.name))).toEqual([])
    expect(app.errors.at(-1)?.code).toBe("CHECK_BROWSER_MISMATCH")
  })

  it("checks copied into a browser that never started a sign-in (login CSRF): CHECK_BROWSER_COOKIE_MISSING, no session", async () => {
    const adapter = memoryAdapter()
    const app = linkingApp(adapter, [])
    const attacker = attackerBrowser(app.auth)
    await signInWith(attacker.browser, "idp2", { params: { login_hint: "bob", prompt: "login" } })
    const planted = attacker.browser.cookies.list().filter((c) => CHECK_COOKIE.test(c.name))
    app.browser.cookies.set(
      ORIGIN,
      planted.map((c) => `${c.name}=${c.value}; Path=/; Secure; HttpOnly; SameSite=Lax`),
    )
    const result = await app.browser.navigate(attacker.held.at(-1)!, {
      initiator: "http://attacker.example",
    })
    expect(errorParams(result.url)).toEqual({
      error: "InvalidCheck",
      code: "CHECK_BROWSER_COOKIE_MISSING",
    })
    expect(hasSession(app)).toBe(false)
    expect(
      await adapter.getUserByAccount({ provider: "idp2", providerAccountId: "bob" }),
    ).toBeNull()
  })
})

describe("a sibling subdomain plants cookies with Domain= (the browser's prefix rules apply)", () => {
  it("it cannot set __Host- cookies, and the __Secure-/unprefixed ones it can set are never read: PKCE_COOKIE_MISSING", async () => {
    const auth = makeAuthAt([])
    const victim = new TestBrowser({ origin: SIBLING_APP, handler: auth.handler })
    const attacker = attackerBrowser(auth, SIBLING_APP)
    await signInWith(attacker.browser, "idp", { params: { login_hint: "bob", prompt: "login" } })
    const checks = attacker.browser.cookies
      .list()
      .filter((c) => CHECK_COOKIE.test(c.name) || c.name.endsWith("check-binding"))
    expect(checks.length).toBe(4)
    // from evil.localhost, scoped to the parent domain: __Host- is refused by the browser...
    victim.cookies.set(
      SIBLING,
      checks.map((c) => `${c.name}=${c.value}; Domain=localhost; Path=/; Secure`),
    )
    expect(victim.cookies.list(SIBLING_APP)).toEqual([])
    // ...and the names a sibling can set reach the app but are not the deployment's names
    const unprefixed = checks.map((c) => c.name.replace("__Host-", ""))
    victim.cookies.set(
      SIBLING,
      checks.map(
        (c, i) => `__Secure-${unprefixed[i]}=${c.value}; Domain=localhost; Path=/; Secure`,
      ),
    )
    victim.cookies.set(
      SIBLING,
      checks.map((c, i) => `${unprefixed[i]}=${c.value}; Domain=localhost; Path=/`),
    )
    expect(victim.cookies.list(SIBLING_APP).length).toBe(8)
    const result = await victim.navigate(attacker.held.at(-1)!, { initiator: SIBLING })
    expect(errorParams(result.url)).toEqual({ error: "InvalidCheck", code: "PKCE_COOKIE_MISSING" })
    expect(victim.cookies.list(SIBLING_APP).some((c) => c.name.includes("session-token"))).toBe(
      false,
    )
  })

  it("a session cookie a sibling plants (unprefixed or __Secure-, a valid token of the attacker's) is no session", async () => {
    const errors: unknown[] = []
    const auth = makeAuthAt(errors)
    const attacker = new TestBrowser({ origin: SIBLING_APP, handler: auth.handler })
    await signInWith(attacker, "idp", { params: { login_hint: "bob", prompt: "login" } })
    const token = attacker.cookies.list().find((c) => c.name === "__Host-auth.session-token")!.value
    expect(
      (
        await auth.getSession(
          new Request(`${SIBLING_APP}/`, {
            headers: { cookie: `__Host-auth.session-token=${token}` },
          }),
        )
      )?.user.email,
    ).toBe("bob@example.test")

    const victim = new TestBrowser({ origin: SIBLING_APP, handler: auth.handler })
    victim.cookies.set(SIBLING, [
      `auth.session-token=${token}; Domain=localhost; Path=/`,
      `__Secure-auth.session-token=${token}; Domain=localhost; Path=/; Secure`,
    ])
    expect(victim.cookies.list(SIBLING_APP).length).toBe(2)
    expect(await sessionOf(victim)).toBeNull()
    const cookie = victim.cookies.get(`${SIBLING_APP}/`)
    expect(
      await auth.getSession(new Request(`${SIBLING_APP}/`, { headers: { cookie } })),
    ).toBeNull()
    expect(await auth.getSession(new Headers({ cookie, host: "app.localhost:3000" }))).toBeNull()
  })
})

/** The app on app.localhost:3000 with __Host- cookies (secure context on a loopback name). */
function makeAuthAt(errors: unknown[]): AuthInstance {
  return makeApp({
    useSecureCookies: true,
    url: SIBLING_APP,
    logger: { error: (e) => void errors.push(e), warn() {}, debug() {} },
    providers: [idpProvider(idp.issuer, { clientId: "sib", clientSecret: "sib-secret" })],
  }).auth
}

describe("form_post on __Host- cookies", () => {
  const formPost = () =>
    idpProvider(idp.issuer, {
      id: "idp-post",
      authorization: { params: { response_mode: "form_post" } },
    })

  it("the checks, callback URL and binding cookies are __Host-; SameSite=None; Secure, and the cross-site POST completes", async () => {
    const app = makeApp({ useSecureCookies: true, providers: [formPost()] })
    const result = await signInWith(app.browser, "idp-post", { callbackUrl: "/after" })
    expect(app.errors.map((e) => e.code)).toEqual([])
    expect(result.url).toBe(`${ORIGIN}/after`)
    expect(
      app.browser.cookies.list().find((c) => c.name === "__Host-auth.check-binding"),
    ).toMatchObject({ sameSite: "None", secure: true, path: "/" })
    expect(hasSession(app)).toBe(true)
  })

  it("re-stored as Lax, the binding cookie does not survive the cross-site POST: CHECK_BROWSER_COOKIE_MISSING", async () => {
    const app = makeApp({ useSecureCookies: true, providers: [formPost()] })
    app.holdCallback = true
    await signInWith(app.browser, "idp-post")
    app.holdCallback = false
    const binding = app.browser.cookies.list().find((c) => c.name === "__Host-auth.check-binding")!
    app.browser.cookies.set(ORIGIN, [
      `${binding.name}=${binding.value}; Path=/; Secure; SameSite=Lax`,
    ])
    const result = await app.browser.navigate(`${ORIGIN}/api/auth/callback/idp-post`, {
      initiator: idp.issuer,
      body: app.callbackBodies.at(-1)!,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    })
    expect(errorParams(result.url)).toEqual({
      error: "InvalidCheck",
      code: "CHECK_BROWSER_COOKIE_MISSING",
    })
    expect(hasSession(app)).toBe(false)
  })
})
