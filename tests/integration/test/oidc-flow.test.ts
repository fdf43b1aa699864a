import { signInWith, sessionOf, type RunningOidcProvider } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ORIGIN, errorParams, hasSession, idpProvider, makeApp, startIdp } from "./setup.js"

let idp: RunningOidcProvider
beforeAll(async () => {
  idp = await startIdp()
})
afterAll(async () => {
  await idp.stop()
})

describe("full OIDC sign-in against a real OpenID Provider", () => {
  it("PKCE + state + nonce: signs in, lands on callbackUrl, session has the IdP's user", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const result = await signInWith(app.browser, "idp", { callbackUrl: "/dashboard" })
    expect(app.errors).toEqual([])
    expect(result.url).toBe(`${ORIGIN}/dashboard`)
    expect(await result.response.text()).toBe("app page /dashboard")
    // the authorization request really carried the three checks, and the callback carried iss (RFC 9207)
    const authorize = new URL(result.history.find((u) => u.startsWith(`${idp.issuer}/auth?`))!)
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256")
    expect(authorize.searchParams.get("state")).toBeTruthy()
    expect(authorize.searchParams.get("nonce")).toBeTruthy()
    const callback = new URL(app.callbacks[0]!)
    expect(callback.searchParams.get("iss")).toBe(idp.issuer)
    const session = await sessionOf(app.browser)
    expect(session?.user).toEqual({
      name: "Alice Example",
      email: "alice@example.test",
      image: expect.any(String),
    })
    // check cookies are gone after use
    expect(
      app.browser.cookies
        .list()
        .map((c) => c.name)
        .filter((n) => /state|pkce|nonce/.test(n)),
    ).toEqual([])
  })

  it("login_hint picks the user; the second user signs in as themselves", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    await signInWith(app.browser, "idp", { params: { login_hint: "bob" } })
    expect((await sessionOf(app.browser))?.user.name).toBe(idp.users[1]!.name)
  })

  it("discovery is fetched once and cached, never per sign-in", async () => {
    const { clearDiscoveryCache } = await import("@auth/core")
    clearDiscoveryCache()
    const seen: string[] = []
    const counting: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input))
      return fetch(input, init)
    }
    const app = makeApp({ providers: [idpProvider(idp.issuer, { fetch: counting })] })
    for (let i = 0; i < 3; i++) {
      app.browser.cookies.clear()
      await signInWith(app.browser, "idp")
      expect(hasSession(app)).toBe(true)
    }
    expect(seen.filter((u) => u.includes("/.well-known/openid-configuration"))).toHaveLength(1)
    expect(seen.filter((u) => u.endsWith("/token"))).toHaveLength(3)
  })

  it("client_secret_post is honoured (the IdP rejects any other method for this client)", async () => {
    const app = makeApp({
      providers: [
        idpProvider(idp.issuer, {
          id: "idp-csp",
          clientId: "post-client",
          clientSecret: "post-secret",
          client: { token_endpoint_auth_method: "client_secret_post" },
        }),
      ],
    })
    const result = await signInWith(app.browser, "idp-csp")
    expect(app.errors.map((e) => e.message)).toEqual([])
    expect(result.url).toBe(`${ORIGIN}/`)
    expect(hasSession(app)).toBe(true)
  })

  it("a wrong client secret ends with TOKEN_ENDPOINT_ERROR and no session", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer, { clientSecret: "wrong" })] })
    const result = await signInWith(app.browser, "idp")
    expect(errorParams(result.url)).toEqual({
      error: "OAuthCallbackError",
      code: "TOKEN_ENDPOINT_ERROR",
    })
    expect(app.errors[0]?.message).toContain("invalid_client")
    expect(result.response.status).toBe(400)
    expect(hasSession(app)).toBe(false)
  })

  it("a configured issuer that differs from the discovered one is refused before any redirect", async () => {
    const app = makeApp({
      providers: [
        idpProvider(idp.issuer, {
          wellKnown: `${idp.issuer}/.well-known/openid-configuration`,
          issuer: `${idp.issuer}/other`,
        }),
      ],
    })
    const result = await signInWith(app.browser, "idp")
    expect(errorParams(result.url).code).toBe("ISSUER_MISMATCH")
    expect(result.history.some((u) => u.startsWith(`${idp.issuer}/auth`))).toBe(false)
  })

  it("sign-out clears the session (CSRF-checked form post)", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    await signInWith(app.browser, "idp")
    expect(await sessionOf(app.browser)).not.toBeNull()
    const page = await app.browser.fetch("/api/auth/signout")
    const html = await page.text()
    const result = await app.browser.submitForm(html, `${ORIGIN}/api/auth/signout`)
    expect(result.url).toBe(`${ORIGIN}/`)
    expect(await sessionOf(app.browser)).toBeNull()
  })

  it("the built-in sign-in page's button starts the flow (no JavaScript needed)", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const page = await app.browser.fetch("/api/auth/signin?callbackUrl=%2Fwelcome")
    const html = await page.text()
    expect(html).toContain("Sign in with Local IdP")
    const result = await app.browser.submitForm(html, `${ORIGIN}/api/auth/signin`)
    expect(result.url).toBe(`${ORIGIN}/welcome`)
    expect(hasSession(app)).toBe(true)
  })
})

describe("the IdP's real login form", () => {
  let formIdp: RunningOidcProvider
  beforeAll(async () => {
    formIdp = await startIdp({ login: "form" })
  })
  afterAll(async () => {
    await formIdp.stop()
  })

  it("a person types their login and password, consents, and is signed in", async () => {
    const app = makeApp({ providers: [idpProvider(formIdp.issuer)] })
    const login = await signInWith(app.browser, "idp")
    expect(login.url.startsWith(formIdp.issuer)).toBe(true)
    const consent = await app.browser.submitForm(await login.response.text(), login.url, {
      login: "bob@example.test",
      password: "password",
    })
    const done = await app.browser.submitForm(await consent.response.text(), consent.url)
    expect(done.url).toBe(`${ORIGIN}/`)
    expect((await sessionOf(app.browser))?.user.email).toBe("bob@example.test")
  })

  it("a person who cancels at the IdP gets AccessDenied and no session", async () => {
    const app = makeApp({ providers: [idpProvider(formIdp.issuer)] })
    const login = await signInWith(app.browser, "idp")
    const html = await login.response.text()
    const forms = (await import("@auth/testkit")).parseForms(html, login.url)
    const abortIndex = forms.findIndex((f) =>
      /abort|cancel/i.test(f.action + JSON.stringify(f.fields)),
    )
    expect(abortIndex).toBeGreaterThanOrEqual(0)
    const result = await app.browser.submitForm(html, login.url, {}, abortIndex)
    expect(errorParams(result.url)).toEqual({ error: "AccessDenied", code: "ACCESS_DENIED" })
    expect(result.response.status).toBe(403)
    expect(hasSession(app)).toBe(false)
  })
})
