/**
 * Every check tampered, missing or replayed against the real IdP: each ends on the error page with
 * a code naming the failed check, and no session is ever issued.
 */
import { signInWith, sessionOf, type RunningOidcProvider } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type App,
  ORIGIN,
  errorParams,
  hasSession,
  idpProvider,
  makeApp,
  startIdp,
} from "./setup.js"

let idp: RunningOidcProvider
beforeAll(async () => {
  idp = await startIdp()
})
afterAll(async () => {
  await idp.stop()
})

/** Runs a sign-in up to the callback and returns the callback URL without handling it. */
async function heldCallback(app: App): Promise<URL> {
  app.holdCallback = true
  await signInWith(app.browser, "idp")
  app.holdCallback = false
  return new URL(app.callbacks.at(-1)!)
}

function dropCookie(app: App, fragment: string) {
  const jar = app.browser.cookies
  const keep = jar.list().filter((c) => !c.name.includes(fragment))
  const all = jar.list()
  jar.clear()
  jar.set(
    ORIGIN,
    keep.map(
      (c) =>
        `${c.name}=${c.value}; Path=${c.path}${c.sameSite ? `; SameSite=${c.sameSite}` : ""}${c.secure ? "; Secure" : ""}`,
    ),
  )
  return all.length - keep.length
}

async function finish(app: App, url: URL) {
  return app.browser.navigate(url.href, { initiator: idp.issuer })
}

describe("checks against the real IdP", () => {
  it("the untouched held callback completes (control for the cases below)", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const url = await heldCallback(app)
    const result = await finish(app, url)
    expect(result.url).toBe(`${ORIGIN}/`)
    expect(hasSession(app)).toBe(true)
  })

  it("state tampered in the callback URL -> STATE_MISMATCH", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const url = await heldCallback(app)
    url.searchParams.set("state", "attacker-chosen")
    const result = await finish(app, url)
    expect(errorParams(result.url)).toEqual({ error: "InvalidCheck", code: "STATE_MISMATCH" })
    expect(hasSession(app)).toBe(false)
  })

  it("state missing from the callback -> STATE_MISSING", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const url = await heldCallback(app)
    url.searchParams.delete("state")
    expect(errorParams((await finish(app, url)).url).code).toBe("STATE_MISSING")
    expect(hasSession(app)).toBe(false)
  })

  for (const [fragment, code] of [
    ["auth.state", "STATE_COOKIE_MISSING"],
    ["pkce", "PKCE_COOKIE_MISSING"],
    ["nonce", "NONCE_COOKIE_MISSING"],
  ] as const) {
    it(`${fragment} cookie missing -> ${code}`, async () => {
      const app = makeApp({ providers: [idpProvider(idp.issuer)] })
      const url = await heldCallback(app)
      expect(dropCookie(app, fragment)).toBe(1)
      const result = await finish(app, url)
      expect(errorParams(result.url)).toEqual({ error: "InvalidCheck", code })
      expect(hasSession(app)).toBe(false)
      // every check cookie is cleared after a failed callback
      expect(app.browser.cookies.list().filter((c) => /state|pkce|nonce/.test(c.name))).toEqual([])
    })
  }

  it("a check cookie altered by one character -> CHECK_COOKIE_INVALID", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const url = await heldCallback(app)
    const pkce = app.browser.cookies.list().find((c) => c.name.includes("pkce"))!
    const flipped =
      pkce.value.slice(0, -2) + (pkce.value.at(-2) === "A" ? "B" : "A") + pkce.value.at(-1)
    app.browser.cookies.set(ORIGIN, [`${pkce.name}=${flipped}; Path=/`])
    expect(errorParams((await finish(app, url)).url).code).toBe("CHECK_COOKIE_INVALID")
    expect(hasSession(app)).toBe(false)
  })

  it("a nonce cookie from another sign-in -> NONCE_MISMATCH (validated inside the id_token)", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    // sign-in #1 held: keep its nonce cookie
    await heldCallback(app)
    const oldNonce = app.browser.cookies.list().find((c) => c.name.includes("nonce"))!
    // sign-in #2 held: swap in the nonce cookie of #1
    const url = await heldCallback(app)
    app.browser.cookies.set(ORIGIN, [`${oldNonce.name}=${oldNonce.value}; Path=/`])
    expect(errorParams((await finish(app, url)).url)).toEqual({
      error: "InvalidCheck",
      code: "NONCE_MISMATCH",
    })
    expect(hasSession(app)).toBe(false)
  })

  it("replaying a used callback URL fails, and does not disturb the session it already made", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const url = await heldCallback(app)
    await finish(app, url)
    const first = await sessionOf(app.browser)
    expect(first).not.toBeNull()
    const replay = await finish(app, url)
    expect(errorParams(replay.url).code).toMatch(/_COOKIE_MISSING$/)
    // the original session is still the one the browser has: the replay issued nothing new
    expect((await sessionOf(app.browser))?.user).toEqual(first?.user)
  })

  it("a callback URL replayed in another browser (an attacker's) fails and signs nobody in", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const url = await heldCallback(app)
    const attacker = makeApp({ providers: [idpProvider(idp.issuer)] })
    const result = await finish(attacker, url)
    expect(errorParams(result.url).error).toBe("InvalidCheck")
    expect(hasSession(attacker)).toBe(false)
  })

  it("`iss` of another server in the callback (RFC 9207) -> ISSUER_MISMATCH", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const url = await heldCallback(app)
    url.searchParams.set("iss", "https://evil.example")
    expect(errorParams((await finish(app, url)).url)).toEqual({
      error: "InvalidCheck",
      code: "ISSUER_MISMATCH",
    })
    expect(hasSession(app)).toBe(false)
  })

  it("an authorization code that was never issued -> TOKEN_ENDPOINT_ERROR (invalid_grant)", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const url = await heldCallback(app)
    url.searchParams.set("code", "forged-code")
    const result = await finish(app, url)
    expect(errorParams(result.url)).toEqual({
      error: "OAuthCallbackError",
      code: "TOKEN_ENDPOINT_ERROR",
    })
    expect(app.errors.at(-1)?.message).toContain("invalid_grant")
    expect(hasSession(app)).toBe(false)
  })

  it("two Auth instances sharing only the secret complete one sign-in between them", async () => {
    const first = makeApp({ providers: [idpProvider(idp.issuer)] })
    const url = await heldCallback(first)
    const second = makeApp({ providers: [idpProvider(idp.issuer)] })
    for (const c of first.browser.cookies.list())
      second.browser.cookies.set(ORIGIN, [`${c.name}=${c.value}; Path=${c.path}`])
    const result = await finish(second, url)
    expect(result.url).toBe(`${ORIGIN}/`)
    expect((await sessionOf(second.browser))?.user.email).toBe("alice@example.test")
  })
})

describe("response_mode=form_post (the callback is a cross-site POST)", () => {
  const formPost = () =>
    idpProvider(idp.issuer, {
      id: "idp-post",
      authorization: { params: { response_mode: "form_post" } },
    })

  it("check cookies are SameSite=None; Secure, survive the cross-site POST, and the sign-in completes", async () => {
    const app = makeApp({ providers: [formPost()] })
    app.holdCallback = true
    await signInWith(app.browser, "idp-post")
    const checks = app.browser.cookies.list().filter((c) => /state|pkce|nonce/.test(c.name))
    expect(checks.map((c) => [c.sameSite?.toLowerCase(), c.secure])).toEqual([
      ["none", true],
      ["none", true],
      ["none", true],
    ])
    app.browser.cookies.clear()
    app.holdCallback = false
    app.callbacks.length = 0
    const result = await signInWith(app.browser, "idp-post", { callbackUrl: "/after" })
    expect(app.errors.map((e) => e.message)).toEqual([])
    expect(result.url).toBe(`${ORIGIN}/after`)
    expect(result.history.some((u) => u === `${ORIGIN}/api/auth/callback/idp-post`)).toBe(true)
    expect(hasSession(app)).toBe(true)
  })

  it("replayed cross-site: with the None cookies it completes; re-stored as Lax they are withheld -> PKCE_COOKIE_MISSING", async () => {
    for (const sameSite of ["None", "Lax"] as const) {
      const app = makeApp({ providers: [formPost()] })
      app.holdCallback = true
      await signInWith(app.browser, "idp-post")
      app.holdCallback = false
      const body = app.callbackBodies.at(-1)!
      expect(new URLSearchParams(body).get("code")).toBeTruthy()
      if (sameSite === "Lax") {
        const checks = app.browser.cookies
          .list()
          .filter((c) => /state|pkce|nonce|callback-url/.test(c.name))
        app.browser.cookies.set(
          ORIGIN,
          checks.map((c) => `${c.name}=${c.value}; Path=/; SameSite=Lax`),
        )
      }
      // the IdP's auto-submitting form posts from the IdP's site
      const result = await app.browser.navigate(`${ORIGIN}/api/auth/callback/idp-post`, {
        initiator: idp.issuer,
        body,
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      })
      if (sameSite === "None") {
        expect(result.url).toBe(`${ORIGIN}/`)
        expect(hasSession(app)).toBe(true)
      } else {
        expect(errorParams(result.url)).toEqual({
          error: "InvalidCheck",
          code: "PKCE_COOKIE_MISSING",
        })
        expect(hasSession(app)).toBe(false)
      }
    }
  })
})
