import nock from "nock"
import { SignJWT, generateKeyPair } from "jose"
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import type { AuthConfig, OAuthConfig } from "../src/index.js"
import {
  IDP_AUTH,
  Jar,
  ORIGIN,
  errorOf,
  idp,
  makeAuth,
  mockIdp,
  request,
  setCookieNamed,
  setCookies,
  startSignIn,
  browserHeaders,
} from "./helpers.js"

const CHECK_NAMES = ["auth.state", "auth.pkce.code_verifier", "auth.nonce"]

beforeAll(() => {
  nock.disableNetConnect()
})
afterEach(() => {
  vi.useRealTimers()
  nock.cleanAll()
})

function setup(providers: OAuthConfig[] = [idp()], config: Partial<AuthConfig> = {}) {
  return { auth: makeAuth({ providers, ...config }), jar: new Jar() }
}

/** Asserts a failed callback: error type/code, no session cookie, check cookies cleared, token endpoint not called. */
function expectFailure(response: Response, jar: Jar, error: string, code: string) {
  expect(response.status).toBe(302)
  expect(errorOf(response)).toEqual({ error, code })
  expect(response.headers.get("location")).toBe(`/api/auth/error?error=${error}&code=${code}`)
  expect(setCookies(response).some((c) => c.name.includes("session-token"))).toBe(false)
  expect([...jar.cookies.keys()].filter((k) => k.includes("session-token"))).toEqual([])
  for (const name of CHECK_NAMES) expect(jar.cookies.has(name), name).toBe(false)
  for (const c of setCookies(response))
    if (CHECK_NAMES.includes(c.name)) expect(c.attributes["max-age"]).toBe("0")
}

/** A token endpoint that must not be called: its interceptor stays pending. */
function tokenEndpointMustNotBeCalled() {
  return nock(IDP_AUTH)
    .post("/oauth/token")
    .reply(200, { access_token: "should-not-happen", token_type: "bearer" })
}

describe("state and PKCE", () => {
  it("the sign-in start seals state and PKCE into 15-minute HttpOnly Lax cookies", async () => {
    const { auth, jar } = setup()
    const url = await startSignIn(auth, jar, "idp")
    expect(url.searchParams.get("state")).toMatch(/^[\w-]{43}$/)
    expect(url.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/)
    expect(url.searchParams.get("code_challenge_method")).toBe("S256")
    expect(url.searchParams.has("nonce")).toBe(false)
    const csrf = (await (await request(auth, jar, "/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const start = await request(auth, jar, "/api/auth/signin/idp", {
      method: "POST",
      form: { csrfToken: csrf.csrfToken },
    })
    for (const name of ["auth.state", "auth.pkce.code_verifier"]) {
      const c = setCookieNamed(start, name)
      expect(c?.attributes).toMatchObject({
        path: "/",
        "max-age": "900",
        httponly: true,
        samesite: "Lax",
      })
      expect(c?.attributes.secure).toBeUndefined()
      expect(c?.value.split(".")).toHaveLength(5) // a compact JWE, not the value in clear
    }
    // a second start replaces the values (a new state)
    expect(new URL(start.headers.get("location")!).searchParams.get("state")).not.toBe(
      url.searchParams.get("state"),
    )
  })

  it("the PKCE verifier sent to the token endpoint matches the S256 challenge", async () => {
    const { auth, jar } = setup()
    const url = await startSignIn(auth, jar, "idp")
    const seen = mockIdp()
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`,
    )
    expect(cb.status).toBe(302)
    const verifier = seen.tokenBodies[0]!.get("code_verifier")!
    const challenge = Buffer.from(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)),
    ).toString("base64url")
    expect(challenge).toBe(url.searchParams.get("code_challenge"))
  })

  it("state tampered in the callback URL -> InvalidCheck / STATE_MISMATCH, no session, checks cleared", async () => {
    const { auth, jar } = setup()
    const url = await startSignIn(auth, jar, "idp")
    const scope = tokenEndpointMustNotBeCalled()
    const state = url.searchParams.get("state")!
    const tampered = `${state.slice(0, -1)}${state.endsWith("A") ? "B" : "A"}`
    const cb = await request(auth, jar, `/api/auth/callback/idp?code=c&state=${tampered}`)
    expectFailure(cb, jar, "InvalidCheck", "STATE_MISMATCH")
    expect(scope.isDone()).toBe(false)
  })

  it("state missing from the callback -> STATE_MISSING", async () => {
    const { auth, jar } = setup()
    await startSignIn(auth, jar, "idp")
    const scope = tokenEndpointMustNotBeCalled()
    expectFailure(
      await request(auth, jar, "/api/auth/callback/idp?code=c"),
      jar,
      "InvalidCheck",
      "STATE_MISSING",
    )
    expect(scope.isDone()).toBe(false)
  })

  it("state cookie missing -> STATE_COOKIE_MISSING (and the PKCE cookie is cleared anyway)", async () => {
    const { auth, jar } = setup()
    const url = await startSignIn(auth, jar, "idp")
    jar.cookies.delete("auth.state")
    const scope = tokenEndpointMustNotBeCalled()
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`,
    )
    expectFailure(cb, jar, "InvalidCheck", "STATE_COOKIE_MISSING")
    expect(setCookieNamed(cb, "auth.pkce.code_verifier")?.attributes["max-age"]).toBe("0")
    expect(scope.isDone()).toBe(false)
  })

  it("PKCE cookie deleted -> PKCE_COOKIE_MISSING (and the state cookie is cleared anyway)", async () => {
    const { auth, jar } = setup()
    const url = await startSignIn(auth, jar, "idp")
    jar.cookies.delete("auth.pkce.code_verifier")
    const scope = tokenEndpointMustNotBeCalled()
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`,
    )
    expectFailure(cb, jar, "InvalidCheck", "PKCE_COOKIE_MISSING")
    expect(setCookieNamed(cb, "auth.state")?.attributes["max-age"]).toBe("0")
    expect(scope.isDone()).toBe(false)
  })

  it("a replayed callback (same URL, same jar) fails with a *_COOKIE_MISSING code", async () => {
    const { auth, jar } = setup()
    const url = await startSignIn(auth, jar, "idp")
    mockIdp()
    const callback = `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`
    const first = await request(auth, jar, callback)
    expect(first.headers.get("location")).toBe(ORIGIN)
    expect(setCookieNamed(first, "auth.session-token")).toBeDefined()
    // the first callback cleared the check cookies
    for (const name of ["auth.state", "auth.pkce.code_verifier"])
      expect(setCookieNamed(first, name)?.attributes["max-age"]).toBe("0")
    const session = jar.cookies.get("auth.session-token")
    const scope = tokenEndpointMustNotBeCalled()
    const second = await request(auth, jar, callback)
    expect(second.status).toBe(302)
    const { error, code } = errorOf(second)
    expect(error).toBe("InvalidCheck")
    expect(code).toMatch(/^(STATE|PKCE)_COOKIE_MISSING$/)
    expect(setCookies(second).some((c) => c.name.includes("session-token"))).toBe(false)
    expect(jar.cookies.get("auth.session-token")).toBe(session) // untouched
    expect(scope.isDone()).toBe(false)
  })

  it("a tampered check cookie -> CHECK_COOKIE_INVALID", async () => {
    const { auth, jar } = setup()
    const url = await startSignIn(auth, jar, "idp")
    const parts = jar.cookies.get("auth.pkce.code_verifier")!.split(".")
    const ct = parts[3]!
    const mid = Math.floor(ct.length / 2)
    parts[3] = ct.slice(0, mid) + (ct[mid] === "A" ? "B" : "A") + ct.slice(mid + 1) // a fully used base64url digit
    jar.cookies.set("auth.pkce.code_verifier", parts.join("."))
    const scope = tokenEndpointMustNotBeCalled()
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`,
    )
    expectFailure(cb, jar, "InvalidCheck", "CHECK_COOKIE_INVALID")
    expect(scope.isDone()).toBe(false)
  })

  it("a check cookie moved to another check's name, or sealed with another secret, is CHECK_COOKIE_INVALID", async () => {
    const { auth, jar } = setup()
    const url = await startSignIn(auth, jar, "idp")
    jar.cookies.set("auth.pkce.code_verifier", jar.cookies.get("auth.state")!)
    expectFailure(
      await request(
        auth,
        jar,
        `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`,
      ),
      jar,
      "InvalidCheck",
      "CHECK_COOKIE_INVALID",
    )

    const other = setup([idp()], { secret: "another-secret-for-checks-0123456789" })
    await startSignIn(other.auth, other.jar, "idp")
    const again = new Jar()
    const url2 = await startSignIn(auth, again, "idp")
    again.cookies.set("auth.pkce.code_verifier", other.jar.cookies.get("auth.pkce.code_verifier")!)
    expectFailure(
      await request(
        auth,
        again,
        `/api/auth/callback/idp?code=c&state=${url2.searchParams.get("state")}`,
      ),
      again,
      "InvalidCheck",
      "CHECK_COOKIE_INVALID",
    )
  })

  it("a check cookie sealed for provider A presented on provider B's callback -> CHECK_PROVIDER_MISMATCH", async () => {
    const b = idp({ id: "idp-b", name: "B", clientId: "b-client" })
    const { auth, jar } = setup([idp(), b])
    const url = await startSignIn(auth, jar, "idp")
    const scope = tokenEndpointMustNotBeCalled()
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/idp-b?code=c&state=${url.searchParams.get("state")}`,
    )
    expectFailure(cb, jar, "InvalidCheck", "CHECK_PROVIDER_MISMATCH")
    expect(scope.isDone()).toBe(false)
  })

  it("check cookies expire after 15 minutes: at 14 min the callback works, at 16 min it is a *_COOKIE_MISSING", async () => {
    const start = Date.now()
    for (const [minutes, ok] of [
      [14, true],
      [16, false],
    ] as const) {
      vi.useRealTimers()
      const { auth, jar } = setup()
      const url = await startSignIn(auth, jar, "idp")
      vi.useFakeTimers({ toFake: ["Date"] })
      vi.setSystemTime(start + minutes * 60_000)
      nock.cleanAll()
      const seen = mockIdp()
      const cb = await request(
        auth,
        jar,
        `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`,
      )
      if (ok) {
        expect(cb.headers.get("location")).toBe(ORIGIN)
        expect(seen.tokenBodies).toHaveLength(1)
      } else {
        expectFailure(cb, jar, "InvalidCheck", "PKCE_COOKIE_MISSING")
        expect(seen.tokenBodies).toHaveLength(0)
      }
    }
  })
})

describe("configured checks", () => {
  it('checks: ["none"] sends no state or code_challenge, sets no check cookie and completes', async () => {
    const { auth, jar } = setup([idp({ checks: ["none"] })])
    const url = await startSignIn(auth, jar, "idp")
    for (const p of ["state", "code_challenge", "code_challenge_method", "nonce"])
      expect(url.searchParams.has(p), p).toBe(false)
    expect([...jar.cookies.keys()]).toEqual(["auth.csrf-token"])
    const seen = mockIdp()
    const cb = await request(auth, jar, "/api/auth/callback/idp?code=c")
    expect(cb.headers.get("location")).toBe(ORIGIN)
    expect(seen.tokenBodies[0]?.has("code_verifier")).toBe(false)
    expect(jar.cookies.has("auth.session-token")).toBe(true)
  })

  it('checks: "state" (string form) sends state only; checks: ["pkce"] sends the challenge only', async () => {
    const stateOnly = setup([idp({ checks: "state" })])
    const u1 = await startSignIn(stateOnly.auth, stateOnly.jar, "idp")
    expect(u1.searchParams.has("state")).toBe(true)
    expect(u1.searchParams.has("code_challenge")).toBe(false)
    const seen1 = mockIdp()
    expect(
      (
        await request(
          stateOnly.auth,
          stateOnly.jar,
          `/api/auth/callback/idp?code=c&state=${u1.searchParams.get("state")}`,
        )
      ).headers.get("location"),
    ).toBe(ORIGIN)
    expect(seen1.tokenBodies[0]?.has("code_verifier")).toBe(false)

    const pkceOnly = setup([idp({ checks: ["pkce"] })])
    const u2 = await startSignIn(pkceOnly.auth, pkceOnly.jar, "idp")
    expect(u2.searchParams.has("state")).toBe(false)
    expect(u2.searchParams.has("code_challenge")).toBe(true)
    const seen2 = mockIdp()
    expect(
      (await request(pkceOnly.auth, pkceOnly.jar, "/api/auth/callback/idp?code=c")).headers.get(
        "location",
      ),
    ).toBe(ORIGIN)
    expect(seen2.tokenBodies[0]?.get("code_verifier")).toMatch(/^[\w-]{43,128}$/)
  })
})

describe("nonce on an OIDC-style provider (id_token)", () => {
  const ISSUER = IDP_AUTH // no discovery: the issuer is the authorization endpoint's origin
  let privateKey: CryptoKey

  beforeAll(async () => {
    ;({ privateKey } = await generateKeyPair("RS256"))
  })

  const oidcIdp = () =>
    idp({
      id: "oidc-idp",
      idToken: true,
      checks: ["nonce", "state"],
      authorization: `${IDP_AUTH}/oauth/authorize`,
      userinfo: undefined,
      profile: (p: any) => ({ id: p.sub, name: p.name, email: p.email }),
    })

  function idToken(claims: Record<string, unknown>) {
    return new SignJWT({ name: "Olga", email: "olga@idp.example.com", ...claims })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(ISSUER)
      .setAudience("idp-client")
      .setSubject("olga-1")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(privateKey)
  }

  it("adds nonce to the authorization URL (sealed in auth.nonce) and the default OIDC scope", async () => {
    const { auth, jar } = setup([oidcIdp()])
    const url = await startSignIn(auth, jar, "oidc-idp")
    expect(url.searchParams.get("nonce")).toMatch(/^[\w-]{43}$/)
    expect(url.searchParams.get("scope")).toBe("openid profile email")
    expect(url.searchParams.has("code_challenge")).toBe(false)
    expect(jar.cookies.get("auth.nonce")).toBeTruthy()
    expect(jar.cookies.get("auth.nonce")).not.toContain(url.searchParams.get("nonce"))
  })

  it("an id_token carrying the nonce signs in; another nonce -> NONCE_MISMATCH; no nonce cookie -> NONCE_COOKIE_MISSING", async () => {
    for (const [variant, expected] of [
      ["ok", null],
      ["wrong", "NONCE_MISMATCH"],
      ["no-cookie", "NONCE_COOKIE_MISSING"],
    ] as const) {
      const { auth, jar } = setup([oidcIdp()])
      const url = await startSignIn(auth, jar, "oidc-idp")
      const nonce = variant === "wrong" ? "someone-elses-nonce" : url.searchParams.get("nonce")!
      if (variant === "no-cookie") jar.cookies.delete("auth.nonce")
      nock.cleanAll()
      const token = nock(IDP_AUTH)
        .post("/oauth/token")
        .reply(200, {
          access_token: "at",
          token_type: "Bearer",
          id_token: await idToken({ nonce }),
        })
      const cb = await request(
        auth,
        jar,
        `/api/auth/callback/oidc-idp?code=c&state=${url.searchParams.get("state")}`,
      )
      if (expected === null) {
        expect(cb.headers.get("location"), variant).toBe(ORIGIN)
        expect((await auth.getSession(browserHeaders(jar.header())))?.user).toEqual({
          name: "Olga",
          email: "olga@idp.example.com",
          image: null,
        })
        expect(jar.cookies.has("auth.nonce")).toBe(false)
      } else {
        expectFailure(cb, jar, "InvalidCheck", expected)
        expect(token.isDone()).toBe(expected === "NONCE_MISMATCH")
      }
    }
  })
})

describe("response_mode=form_post", () => {
  const formPostIdp = () =>
    idp({
      authorization: {
        url: `${IDP_AUTH}/oauth/authorize`,
        params: { scope: "profile", response_mode: "form_post" },
      },
    })

  it("check cookies are SameSite=None; Secure, so they survive the provider's cross-site POST", async () => {
    const { auth, jar } = setup([formPostIdp()])
    const csrf = (await (await request(auth, jar, "/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const start = await request(auth, jar, "/api/auth/signin/idp", {
      method: "POST",
      form: { csrfToken: csrf.csrfToken },
    })
    expect(new URL(start.headers.get("location")!).searchParams.get("response_mode")).toBe(
      "form_post",
    )
    for (const name of ["auth.state", "auth.pkce.code_verifier"]) {
      const c = setCookieNamed(start, name)
      expect(c?.attributes).toMatchObject({
        samesite: "None",
        secure: true,
        httponly: true,
        "max-age": "900",
      })
    }
    expect(setCookieNamed(start, "auth.check-binding")?.attributes).toMatchObject({
      samesite: "None",
      secure: true,
      httponly: true,
    })
    // a provider without form_post keeps SameSite=Lax
    const plain = setup()
    const csrf2 = (await (await request(plain.auth, plain.jar, "/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const start2 = await request(plain.auth, plain.jar, "/api/auth/signin/idp", {
      method: "POST",
      form: { csrfToken: csrf2.csrfToken },
    })
    expect(setCookieNamed(start2, "auth.state")?.attributes.samesite).toBe("Lax")
    expect(setCookieNamed(start2, "auth.check-binding")?.attributes.samesite).toBe("Lax")
  })

  it("on https every cookie that must reach the POSTed callback is __Host- and SameSite=None; Secure, the binding cookie too", async () => {
    const { auth, jar } = setup([formPostIdp(), idp({ id: "lax", name: "Lax" })])
    const https = "https://app.example.com"
    const csrf = (await (await request(auth, jar, `${https}/api/auth/csrf`)).json()) as {
      csrfToken: string
    }
    const start = await request(auth, jar, `${https}/api/auth/signin/idp`, {
      method: "POST",
      form: { csrfToken: csrf.csrfToken, callbackUrl: "/after" },
    })
    for (const name of [
      "__Host-auth.state",
      "__Host-auth.pkce.code_verifier",
      "__Host-auth.callback-url",
      "__Host-auth.check-binding",
    ]) {
      expect(setCookieNamed(start, name)?.attributes, name).toMatchObject({
        samesite: "None",
        secure: true,
        httponly: true,
        path: "/",
      })
    }
    // a sign-in with a Lax provider on the same https deployment keeps the binding cookie SameSite=None,
    // so a form_post sign-in under way in another tab still gets it on its cross-site POST
    const lax = await request(auth, jar, `${https}/api/auth/signin/lax`, {
      method: "POST",
      form: { csrfToken: csrf.csrfToken },
    })
    expect(setCookieNamed(lax, "__Host-auth.state")?.attributes.samesite).toBe("Lax")
    expect(setCookieNamed(lax, "__Host-auth.check-binding")?.attributes.samesite).toBe("None")
    expect(setCookieNamed(lax, "__Host-auth.check-binding")?.value).toBe(
      setCookieNamed(start, "__Host-auth.check-binding")?.value,
    )
  })

  it("the callback-url cookie is SameSite=None; Secure too (it must reach the POSTed callback)", async () => {
    const { auth, jar } = setup([formPostIdp()])
    const { csrfToken } = (await (await request(auth, jar, "/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const start = await request(auth, jar, "/api/auth/signin/idp", {
      method: "POST",
      form: { csrfToken, callbackUrl: "/after" },
    })
    const c = setCookieNamed(start, "auth.callback-url")
    expect(decodeURIComponent(c!.value)).toBe(`${ORIGIN}/after`)
    expect(c?.attributes).toMatchObject({
      samesite: "None",
      secure: true,
      httponly: true,
      "max-age": "900",
    })
  })

  it("the callback works as a POST with an application/x-www-form-urlencoded body", async () => {
    const { auth, jar } = setup([formPostIdp()])
    const url = await startSignIn(auth, jar, "idp", { callbackUrl: "/after" })
    const seen = mockIdp()
    const cb = await request(auth, jar, "/api/auth/callback/idp", {
      method: "POST",
      form: { code: "posted-code", state: url.searchParams.get("state")! },
    })
    expect(cb.status).toBe(302)
    expect(cb.headers.get("location")).toBe(`${ORIGIN}/after`)
    expect(seen.tokenBodies[0]?.get("code")).toBe("posted-code")
    expect(jar.cookies.has("auth.session-token")).toBe(true)
    for (const name of CHECK_NAMES) expect(jar.cookies.has(name)).toBe(false)
    // the check cookies are cleared with the same SameSite=None; Secure attributes
    expect(setCookieNamed(cb, "auth.state")?.attributes).toMatchObject({
      "max-age": "0",
      samesite: "None",
      secure: true,
    })
  })

  it("a POSTed callback with a tampered state fails like a GET one", async () => {
    const { auth, jar } = setup([formPostIdp()])
    await startSignIn(auth, jar, "idp")
    const scope = tokenEndpointMustNotBeCalled()
    const cb = await request(auth, jar, "/api/auth/callback/idp", {
      method: "POST",
      form: { code: "c", state: "forged" },
    })
    expectFailure(cb, jar, "InvalidCheck", "STATE_MISMATCH")
    expect(scope.isDone()).toBe(false)
  })
})
