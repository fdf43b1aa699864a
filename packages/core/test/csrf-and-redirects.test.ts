import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import type { AuthConfig } from "../src/index.js"
import {
  Jar,
  ORIGIN,
  errorOf,
  idp,
  makeAuth,
  mockIdp,
  request,
  setCookieNamed,
  setCookies,
  signInWith,
  startSignIn,
  browserHeaders,
} from "./helpers.js"

beforeAll(() => {
  nock.disableNetConnect()
})
afterEach(() => {
  nock.cleanAll()
})

const CHECK_COOKIES = /^(__Host-)?auth\.(state|pkce\.code_verifier|nonce|callback-url)$/

async function csrf(auth: ReturnType<typeof makeAuth>, jar: Jar, origin = ""): Promise<string> {
  const response = await request(auth, jar, `${origin}/api/auth/csrf`)
  expect(response.status).toBe(200)
  return ((await response.json()) as { csrfToken: string }).csrfToken
}

async function signedIn(config: Partial<AuthConfig> = {}) {
  const auth = makeAuth({ providers: [idp()], ...config })
  const jar = new Jar()
  mockIdp()
  expect((await signInWith(auth, jar, "idp")).status).toBe(302)
  expect(jar.cookies.has("auth.session-token")).toBe(true)
  return { auth, jar }
}

/** Sign-in where the browser asked to come back to `callbackUrl`; returns where the callback sends it. */
async function landing(
  callbackUrl: string,
  config: Partial<AuthConfig> = {},
  via: "form" | "query" = "form",
) {
  const auth = makeAuth({ providers: [idp()], ...config })
  const jar = new Jar()
  mockIdp()
  let cb: Response
  if (via === "form") {
    cb = await signInWith(auth, jar, "idp", { form: { callbackUrl } })
  } else {
    // the callbackUrl given in the query of POST signin/:id
    const url = await startSignIn(
      auth,
      jar,
      "idp",
      {},
      `?callbackUrl=${encodeURIComponent(callbackUrl)}`,
    )
    expect(url.searchParams.has("callbackUrl")).toBe(false) // not forwarded to the provider
    cb = await request(
      auth,
      jar,
      `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`,
    )
  }
  expect(cb.status).toBe(302)
  expect(jar.cookies.has("auth.session-token")).toBe(true)
  expect(jar.cookies.has("auth.callback-url")).toBe(false) // consumed
  return { location: cb.headers.get("location"), jar }
}

describe("CSRF on POST signin/:id", () => {
  it("without csrfToken: 302 to the error page (MissingCSRF / CSRF_MISSING) and no check cookies", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const jar = new Jar()
    await csrf(auth, jar)
    const response = await request(auth, jar, "/api/auth/signin/idp", {
      method: "POST",
      form: { callbackUrl: "/x" },
    })
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe(
      "/api/auth/error?error=MissingCSRF&code=CSRF_MISSING",
    )
    expect(setCookies(response).filter((c) => CHECK_COOKIES.test(c.name))).toEqual([])
    expect([...jar.cookies.keys()]).toEqual(["auth.csrf-token"])
  })

  it("without any CSRF cookie (token taken from another browser): CSRF_MISSING", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const token = await csrf(auth, new Jar())
    const jar = new Jar()
    const response = await request(auth, jar, "/api/auth/signin/idp", {
      method: "POST",
      form: { csrfToken: token },
    })
    expect(errorOf(response)).toEqual({ error: "MissingCSRF", code: "CSRF_MISSING" })
    expect(jar.cookies.size()).toBe(0)
  })

  it("with a wrong token: CSRF_MISMATCH, no check cookies", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const jar = new Jar()
    const token = await csrf(auth, jar)
    const response = await request(auth, jar, "/api/auth/signin/idp", {
      method: "POST",
      form: { csrfToken: `${token}x` },
    })
    expect(response.status).toBe(302)
    expect(errorOf(response)).toEqual({ error: "MissingCSRF", code: "CSRF_MISMATCH" })
    expect(setCookies(response).filter((c) => CHECK_COOKIES.test(c.name))).toEqual([])
  })

  it("a forged CSRF cookie (token|bad-mac, or another app's secret) is refused even when the field matches", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const other = makeAuth({ providers: [idp()], secret: "another-apps-secret-0123456789-abcdef" })
    const otherJar = new Jar()
    const otherToken = await csrf(other, otherJar)
    for (const cookie of [
      "planted|bad-mac",
      "planted|",
      "planted",
      otherJar.cookies.get("auth.csrf-token")!,
    ]) {
      const jar = new Jar()
      jar.cookies.set("auth.csrf-token", cookie)
      const submitted = cookie.split("|")[0]!
      const response = await request(auth, jar, "/api/auth/signin/idp", {
        method: "POST",
        form: { csrfToken: submitted },
      })
      expect(errorOf(response), cookie).toEqual({ error: "MissingCSRF", code: "CSRF_MISSING" })
      expect(setCookies(response).filter((c) => CHECK_COOKIES.test(c.name))).toEqual([])
    }
    expect(otherToken).toBeTruthy()
    // GET csrf replaces a forged cookie with a valid one
    const jar = new Jar()
    jar.cookies.set("auth.csrf-token", "planted|bad-mac")
    const token = await csrf(auth, jar)
    expect(token).not.toBe("planted")
    expect(jar.cookies.get("auth.csrf-token")!.startsWith(`${token}|`)).toBe(true)
  })

  it("GET csrf keeps a valid token (no new cookie) and the JSON mode answers 403 with type and code", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const jar = new Jar()
    const token = await csrf(auth, jar)
    const again = await request(auth, jar, "/api/auth/csrf")
    expect(((await again.json()) as { csrfToken: string }).csrfToken).toBe(token)
    expect(again.headers.getSetCookie()).toEqual([])
    const response = await request(auth, jar, "/api/auth/signin/idp", {
      method: "POST",
      form: { csrfToken: "nope", json: "true" },
    })
    expect(response.status).toBe(403)
    expect(await response.json()).toEqual({ error: "MissingCSRF", code: "CSRF_MISMATCH" })
    // a valid token with the JSON mode answers the provider URL
    const ok = await request(auth, jar, "/api/auth/signin/idp", {
      method: "POST",
      form: { csrfToken: token, json: "true" },
    })
    expect(ok.status).toBe(200)
    expect(new URL(((await ok.json()) as { url: string }).url).host).toBe("auth.idp.example.com")
  })
})

describe("CSRF on POST signout", () => {
  it("without or with a wrong token: refused, the session survives", async () => {
    const { auth, jar } = await signedIn()
    const token = await csrf(auth, jar)
    for (const [form, code] of [
      [{}, "CSRF_MISSING"],
      [{ csrfToken: "wrong" }, "CSRF_MISMATCH"],
    ] as const) {
      const response = await request(auth, jar, "/api/auth/signout", { method: "POST", form })
      expect(response.status).toBe(302)
      expect(errorOf(response)).toEqual({ error: "MissingCSRF", code })
      expect(setCookieNamed(response, "auth.session-token")).toBeUndefined()
    }
    expect(jar.cookies.has("auth.session-token")).toBe(true)
    expect((await auth.getSession(browserHeaders(jar.header())))?.user.name).toBe("Ann")
    // a forged CSRF cookie is refused too
    const forged = new Jar()
    forged.cookies.set("auth.session-token", jar.cookies.get("auth.session-token")!)
    forged.cookies.set("auth.csrf-token", "planted|bad")
    expect(
      errorOf(
        await request(auth, forged, "/api/auth/signout", {
          method: "POST",
          form: { csrfToken: "planted" },
        }),
      ).code,
    ).toBe("CSRF_MISSING")
    expect(token).toBeTruthy()
  })

  it("with the token: clears the session, fires signOut with the token, and honours a relative callbackUrl only", async () => {
    const events: unknown[] = []
    const { auth, jar } = await signedIn({
      events: { signOut: ({ token }) => void events.push(token?.name) },
    })
    const token = await csrf(auth, jar)
    const response = await request(auth, jar, "/api/auth/signout", {
      method: "POST",
      form: { csrfToken: token, callbackUrl: "/bye?x=1" },
    })
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe(`${ORIGIN}/bye?x=1`)
    expect(setCookieNamed(response, "auth.session-token")?.attributes["max-age"]).toBe("0")
    expect(jar.cookies.has("auth.session-token")).toBe(false)
    expect(events).toEqual(["Ann"])
    const evil = await request(auth, jar, "/api/auth/signout", {
      method: "POST",
      form: { csrfToken: token, callbackUrl: "https://evil.test/x" },
    })
    expect(evil.headers.get("location")).toBe(ORIGIN)
  })
})

describe("callbackUrl after sign-in", () => {
  it("a relative callbackUrl (form field or query) is honoured, query string included", async () => {
    expect((await landing("/dashboard?tab=1#top")).location).toBe(`${ORIGIN}/dashboard?tab=1#top`)
    expect((await landing("/dashboard", {}, "query")).location).toBe(`${ORIGIN}/dashboard`)
    expect((await landing(`${ORIGIN}/same-origin`)).location).toBe(`${ORIGIN}/same-origin`)
  })

  it("other origins are replaced by the app's origin: absolute, protocol-relative, backslash, javascript:", async () => {
    for (const evil of [
      "https://evil.test/x",
      "//evil.test",
      "//evil.test/path",
      "/\\evil.test",
      "javascript:alert(1)",
      "http://localhost:3001/x",
      "https://localhost:3000/x",
    ]) {
      const { location } = await landing(evil)
      expect(location, evil).toBe(ORIGIN)
    }
  })

  it("the stored callback-url cookie already holds the checked URL, not the raw input", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const jar = new Jar()
    await startSignIn(auth, jar, "idp", { callbackUrl: "https://evil.test/x" })
    expect(decodeURIComponent(jar.cookies.get("auth.callback-url")!)).toBe(ORIGIN)
  })

  it("a custom callbacks.redirect decides (called with url and baseUrl)", async () => {
    const calls: Array<{ url: string; baseUrl: string }> = []
    const redirect = (p: { url: string; baseUrl: string }) => {
      calls.push(p)
      return p.url.startsWith("https://partner.example.org/") ? p.url : `${p.baseUrl}/fallback`
    }
    const { location } = await landing("https://partner.example.org/welcome", {
      callbacks: { redirect },
    })
    expect(location).toBe("https://partner.example.org/welcome")
    expect(calls[0]).toEqual({ url: "https://partner.example.org/welcome", baseUrl: ORIGIN })
    expect((await landing("/somewhere", { callbacks: { redirect } })).location).toBe(
      `${ORIGIN}/fallback`,
    )
  })

  it("a signIn callback returning a URL sends the person there (through the redirect rules)", async () => {
    expect(
      (await landing("/dashboard", { callbacks: { signIn: () => "/welcome" } })).location,
    ).toBe(`${ORIGIN}/welcome`)
    expect(
      (await landing("/dashboard", { callbacks: { signIn: () => "https://evil.test/" } })).location,
    ).toBe(ORIGIN)
  })
})

describe("the public origin: trustHost and a fixed url", () => {
  const forwarded = { "x-forwarded-host": "app.example.com", "x-forwarded-proto": "https" }

  async function start(config: Partial<AuthConfig>, headers: Record<string, string>) {
    const auth = makeAuth({ providers: [idp()], ...config })
    const jar = new Jar()
    const csrfResponse = await request(auth, jar, "/api/auth/csrf", { headers })
    const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string }
    const response = await request(auth, jar, "/api/auth/signin/idp", {
      method: "POST",
      headers,
      form: { csrfToken },
    })
    expect(response.status).toBe(302)
    return { auth, jar, csrfResponse, response, url: new URL(response.headers.get("location")!) }
  }

  it("X-Forwarded-Host/-Proto change redirect_uri and cookie security only with trustHost", async () => {
    const trusted = await start({ trustHost: true }, forwarded)
    expect(trusted.url.searchParams.get("redirect_uri")).toBe(
      "https://app.example.com/api/auth/callback/idp",
    )
    expect(setCookieNamed(trusted.csrfResponse, "__Host-auth.csrf-token")?.attributes.secure).toBe(
      true,
    )
    expect(setCookieNamed(trusted.response, "__Host-auth.state")?.attributes.secure).toBe(true)

    const untrusted = await start({ trustHost: false }, forwarded)
    expect(untrusted.url.searchParams.get("redirect_uri")).toBe(
      "http://localhost:3000/api/auth/callback/idp",
    )
    expect(
      setCookieNamed(untrusted.csrfResponse, "auth.csrf-token")?.attributes.secure,
    ).toBeUndefined()
    expect(setCookieNamed(untrusted.response, "auth.state")).toBeDefined()
    expect(setCookies(untrusted.response).some((c) => c.name.startsWith("__"))).toBe(false)

    // AUTH_TRUST_HOST=true in the environment counts as trustHost
    const fromEnv = await start({ env: { AUTH_TRUST_HOST: "true" } }, forwarded)
    expect(fromEnv.url.searchParams.get("redirect_uri")).toBe(
      "https://app.example.com/api/auth/callback/idp",
    )
  })

  it("trusted forwarded headers also drive the token request's redirect_uri and the landing URL", async () => {
    const { auth, jar, url } = await start({ trustHost: true }, forwarded)
    const seen = mockIdp()
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}`,
      { headers: forwarded },
    )
    expect(cb.status).toBe(302)
    expect(cb.headers.get("location")).toBe("https://app.example.com")
    expect(seen.tokenBodies[0]?.get("redirect_uri")).toBe(
      "https://app.example.com/api/auth/callback/idp",
    )
    expect(setCookieNamed(cb, "__Host-auth.session-token")?.attributes.secure).toBe(true)
  })

  it("url: 'https://app.example' fixes redirect_uri whatever the request says, with __Host- Secure cookies", async () => {
    const fixed = await start(
      { url: "https://app.example", trustHost: true },
      { "x-forwarded-host": "evil.test", "x-forwarded-proto": "http" },
    )
    expect(fixed.url.searchParams.get("redirect_uri")).toBe(
      "https://app.example/api/auth/callback/idp",
    )
    const csrfCookie = setCookieNamed(fixed.csrfResponse, "__Host-auth.csrf-token")
    expect(csrfCookie?.attributes).toMatchObject({ path: "/", secure: true, httponly: true })
    expect(csrfCookie?.attributes.domain).toBeUndefined()
    const names = setCookies(fixed.response)
      .map((c) => c.name)
      .sort()
    expect(names).toEqual([
      "__Host-auth.check-binding",
      "__Host-auth.pkce.code_verifier",
      "__Host-auth.state",
    ])
    for (const c of setCookies(fixed.response))
      expect(c.attributes).toMatchObject({ secure: true, path: "/" })
    // and the whole flow works on those names
    const seen = mockIdp()
    const cb = await request(
      fixed.auth,
      fixed.jar,
      `/api/auth/callback/idp?code=c&state=${fixed.url.searchParams.get("state")}`,
    )
    expect(cb.headers.get("location")).toBe("https://app.example")
    expect(seen.tokenBodies[0]?.get("redirect_uri")).toBe(
      "https://app.example/api/auth/callback/idp",
    )
    const session = setCookieNamed(cb, "__Host-auth.session-token")
    expect(session?.attributes.secure).toBe(true)
    expect((await fixed.auth.getSession(browserHeaders(fixed.jar.header())))?.user.name).toBe("Ann")
  })

  it("a url with a path sets the base path (as AUTH_URL does in Auth.js)", async () => {
    const auth = makeAuth({
      providers: [idp()],
      env: { AUTH_URL: "https://app.example/custom/auth" },
    })
    const jar = new Jar()
    const list = (await (await request(auth, jar, "/custom/auth/providers")).json()) as Record<
      string,
      { callbackUrl: string }
    >
    expect(list.idp?.callbackUrl).toBe("https://app.example/custom/auth/callback/idp")
    expect((await request(auth, jar, "/api/auth/providers")).status).toBe(404)
  })
})

describe("trusted forwarded headers that are not a host", () => {
  it.each(["a b", "evil.com/path", "[", "host:99999", "x@evil.com"])(
    "X-Forwarded-Host %j is ignored (the request's own origin is used), never a crash",
    async (host) => {
      const auth = makeAuth({ providers: [idp()], trustHost: true })
      for (const path of [
        "/api/auth/session",
        "/api/auth/error?error=x",
        "/api/auth/callback/idp?code=c&state=s",
        "/api/auth/signin/idp",
      ]) {
        const init = path.endsWith("signin/idp")
          ? { method: "POST", body: new URLSearchParams({ csrfToken: "x" }) }
          : {}
        const response = await auth.handler(
          new Request(`http://localhost:3000${path}`, {
            ...init,
            headers: { "x-forwarded-host": host, "x-forwarded-proto": "https" },
          }),
        )
        expect(response.status).toBeLessThan(500)
        const location = response.headers.get("location")
        if (location)
          expect(new URL(location, "http://localhost:3000").origin).toBe("http://localhost:3000")
      }
    },
  )
})
