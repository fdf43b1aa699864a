import nock from "nock"
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { Auth, type AuthConfig, type Session } from "../src/index.js"
import {
  Jar,
  ORIGIN,
  SECRET,
  idp,
  makeAuth,
  mockIdp,
  request,
  sealSession,
  setCookieNamed,
  setCookies,
  signInWith,
  browserHeaders,
} from "./helpers.js"

const DAY = 24 * 3600
const SECRET_B = "second-secret-abcdefghijklmnop-0123456789"

beforeAll(() => {
  nock.disableNetConnect()
})
afterEach(() => {
  vi.useRealTimers()
  nock.cleanAll()
})

async function signedIn(config: Partial<AuthConfig> = {}, profile?: Record<string, unknown>) {
  const auth = makeAuth({ providers: [idp()], ...config })
  const jar = new Jar()
  mockIdp({
    profile: profile ?? {
      id: 42,
      name: "Ann",
      email: "ann@idp.example.com",
      avatar: "https://cdn.idp.example.com/ann.png",
    },
  })
  const cb = await signInWith(auth, jar, "idp")
  expect(cb.status).toBe(302)
  expect(nock.isDone()).toBe(true)
  return { auth, jar }
}

async function readSessionRoute(auth: ReturnType<typeof makeAuth>, jar: Jar) {
  const response = await request(auth, jar, "/api/auth/session")
  const body = (await response.clone().json()) as Session | null
  return { response, body }
}

/** Moves Date (only Date) forward by `seconds`. */
function advance(seconds: number) {
  const now = Date.now()
  vi.useFakeTimers({ toFake: ["Date"] })
  vi.setSystemTime(now + seconds * 1000)
}

describe("GET /api/auth/session", () => {
  it("returns the user and expires (30 days) for a signed-in session, with no Set-Cookie while fresh", async () => {
    const { auth, jar } = await signedIn()
    const before = jar.cookies.get("auth.session-token")
    const { response, body } = await readSessionRoute(auth, jar)
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toBe("application/json")
    expect(response.headers.get("cache-control")).toContain("no-store")
    expect(body!.user).toEqual({
      name: "Ann",
      email: "ann@idp.example.com",
      image: "https://cdn.idp.example.com/ann.png",
    })
    const expires = Date.parse(body!.expires)
    expect(expires).toBeGreaterThan(Date.now() + 30 * DAY * 1000 - 60_000)
    expect(expires).toBeLessThanOrEqual(Date.now() + 30 * DAY * 1000)
    expect(response.headers.getSetCookie()).toEqual([])
    expect(jar.cookies.get("auth.session-token")).toBe(before)
  })

  it("answers null without cookies, and sets none", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const { response, body } = await readSessionRoute(auth, new Jar())
    expect(response.status).toBe(200)
    expect(body).toBeNull()
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it("does not re-issue the cookie before updateAge (default 24 h) has passed", async () => {
    const { auth, jar } = await signedIn()
    advance(23 * 3600)
    const { response, body } = await readSessionRoute(auth, jar)
    expect(body?.user.name).toBe("Ann")
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it("re-issues the cookie (new expiry) once updateAge has passed", async () => {
    const { auth, jar } = await signedIn()
    const first = jar.cookies.get("auth.session-token")
    const { body: before } = await readSessionRoute(auth, jar)
    advance(25 * 3600)
    const { response, body } = await readSessionRoute(auth, jar)
    const cookie = setCookieNamed(response, "auth.session-token")
    expect(cookie).toBeDefined()
    expect(cookie!.value).not.toBe(first)
    expect(cookie!.attributes["max-age"]).toBe(String(30 * DAY))
    expect(cookie!.attributes.httponly).toBe(true)
    expect(cookie!.attributes.samesite).toBe("Lax")
    expect(Date.parse(body!.expires) - Date.parse(before!.expires)).toBeGreaterThanOrEqual(
      25 * 3600 * 1000 - 2000,
    )
    expect(body!.user.name).toBe("Ann")
    // the renewed cookie reads back
    expect((await auth.getSession(browserHeaders(jar.header())))?.user.email).toBe(
      "ann@idp.example.com",
    )
  })

  it("session: { updateAge: 0 } re-issues on every read", async () => {
    const { auth, jar } = await signedIn({ session: { updateAge: 0 } })
    const a = await readSessionRoute(auth, jar)
    const b = await readSessionRoute(auth, jar)
    expect(setCookieNamed(a.response, "auth.session-token")).toBeDefined()
    expect(setCookieNamed(b.response, "auth.session-token")).toBeDefined()
    expect(b.body?.user.name).toBe("Ann")
  })

  it("an expired token reads as null and its cookie is cleared", async () => {
    const { auth, jar } = await signedIn({ session: { maxAge: 3600 } })
    const token = jar.cookies.get("auth.session-token")!
    advance(3601)
    // the jar drops the cookie at its Max-Age; a browser with a slow clock still sends it
    jar.cookies.set("auth.session-token", token)
    const { response, body } = await readSessionRoute(auth, jar)
    expect(body).toBeNull()
    const cleared = setCookieNamed(response, "auth.session-token")
    expect(cleared?.value).toBe("")
    expect(cleared?.attributes["max-age"]).toBe("0")
    expect(jar.cookies.has("auth.session-token")).toBe(false)
  })

  it("a token past its own exp (sealed independently with jose) is refused", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const now = Math.floor(Date.now() / 1000)
    const jar = new Jar()
    jar.cookies.set(
      "auth.session-token",
      await sealSession({ name: "Old" }, { iat: now - 100, exp: now - 1 }),
    )
    expect((await readSessionRoute(auth, jar)).body).toBeNull()
    expect(jar.cookies.size()).toBe(0)
    // while the same recipe with a future exp is accepted (the refusal above is the expiry)
    jar.cookies.set(
      "auth.session-token",
      await sealSession({ name: "Fresh", email: "f@example.com" }),
    )
    expect((await readSessionRoute(auth, jar)).body?.user).toEqual({
      name: "Fresh",
      email: "f@example.com",
      image: null,
    })
  })

  it("garbage, a foreign secret's token and broken chunks read as null and are cleared", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const foreign = await sealSession(
      { name: "Mallory" },
      { secret: "someone-elses-secret-0123456789-abcdef" },
    )
    const otherSalt = await sealSession({ name: "Mallory" }, { cookieName: "auth.state" })
    for (const cookies of [
      { "auth.session-token": "garbage" },
      { "auth.session-token": foreign },
      { "auth.session-token": otherSalt },
      {
        "auth.session-token.0": foreign.slice(0, 50),
        "auth.session-token.1": foreign.slice(50) + "x",
      },
    ]) {
      const jar = new Jar()
      for (const [k, v] of Object.entries(cookies)) jar.cookies.set(k, v)
      const { response, body } = await readSessionRoute(auth, jar)
      expect(body).toBeNull()
      const cleared = setCookies(response)
        .filter((c) => c.attributes["max-age"] === "0")
        .map((c) => c.name)
      expect(cleared.sort()).toEqual(Object.keys(cookies).sort())
      expect(
        await auth.getSession(
          browserHeaders(
            Object.entries(cookies)
              .map(([k, v]) => `${k}=${v}`)
              .join("; "),
          ),
        ),
      ).toBeNull()
    }
  })

  it("secret rotation: a session made under secret A is read by Auth({ secret: [B, A] }) and renewed under B", async () => {
    const { jar } = await signedIn({ secret: SECRET })
    const rotated = Auth({
      secret: [SECRET_B, SECRET],
      env: {},
      providers: [idp()],
      session: { updateAge: 0 },
      logger: { error() {} },
    })
    const onlyB = Auth({ secret: SECRET_B, env: {}, providers: [idp()], logger: { error() {} } })
    const headers = browserHeaders(jar.header())
    expect(await onlyB.getSession(headers)).toBeNull()
    expect((await rotated.getSession(headers))?.user.name).toBe("Ann")
    const { response, body } = await readSessionRoute(rotated, jar)
    expect(body?.user.name).toBe("Ann")
    expect(setCookieNamed(response, "auth.session-token")).toBeDefined()
    // the re-issued cookie is sealed with the newest secret
    expect((await onlyB.getSession(browserHeaders(jar.header())))?.user.email).toBe(
      "ann@idp.example.com",
    )
  })

  it("a jwt callback adding a 6 KB claim makes the session cookie chunked, and it still reads back", async () => {
    const big = Buffer.from(crypto.getRandomValues(new Uint8Array(4500))).toString("base64") // 6000 chars
    const seen: string[] = []
    const { auth, jar } = await signedIn({
      callbacks: {
        jwt: ({ token, trigger }) => {
          seen.push(trigger ?? "read")
          return trigger === "signIn" ? { ...token, blob: big } : token
        },
        session: ({ session, token }) => ({ ...session, blob: token.blob }),
      },
    })
    expect(seen).toEqual(["signIn"])
    const names = [...jar.cookies.keys()].filter((k) => k.startsWith("auth.session-token")).sort()
    expect(names).toEqual(["auth.session-token.0", "auth.session-token.1", "auth.session-token.2"])
    for (const name of names)
      expect(Buffer.byteLength(`${name}=${jar.cookies.get(name)}`)).toBeLessThan(4096)
    const { response, body } = await readSessionRoute(auth, jar)
    expect(response.headers.getSetCookie()).toEqual([])
    expect(body?.blob).toBe(big)
    expect(body?.user.name).toBe("Ann")
    expect((await auth.getSession(browserHeaders(jar.header())))?.blob).toBe(big)
    expect(seen).toEqual(["signIn", "read", "read"])
  })

  it("signing in again replaces the previous session, also when the old one was chunked", async () => {
    const big = "x".repeat(6000)
    const auth = makeAuth({
      providers: [idp()],
      callbacks: { jwt: ({ token, user }) => (user?.id === "1" ? { ...token, blob: big } : token) },
    })
    const jar = new Jar()
    mockIdp({ profile: { id: 1, name: "Ann", email: "ann@idp.example.com" } })
    await signInWith(auth, jar, "idp")
    expect(
      [...jar.cookies.keys()].filter((k) => k.startsWith("auth.session-token")).sort(),
    ).toEqual(["auth.session-token.0", "auth.session-token.1", "auth.session-token.2"])
    mockIdp({ profile: { id: 2, name: "Bob", email: "bob@idp.example.com" } })
    const cb = await signInWith(auth, jar, "idp")
    // the short session is written whole and the stale chunks are expired
    expect(
      setCookies(cb)
        .filter((c) => c.attributes["max-age"] === "0" && c.name.startsWith("auth.session-token."))
        .map((c) => c.name)
        .sort(),
    ).toEqual(["auth.session-token.0", "auth.session-token.1", "auth.session-token.2"])
    expect([...jar.cookies.keys()].filter((k) => k.startsWith("auth.session-token"))).toEqual([
      "auth.session-token",
    ])
    expect((await readSessionRoute(auth, jar)).body?.user.name).toBe("Bob")
    mockIdp({ profile: { id: 3, name: "Cy", email: "cy@idp.example.com" } })
    await signInWith(auth, jar, "idp")
    expect((await readSessionRoute(auth, jar)).body?.user.name).toBe("Cy")
  })

  it("signing out clears every chunk of a chunked session", async () => {
    const { auth, jar } = await signedIn({
      callbacks: { jwt: ({ token }) => ({ ...token, blob: "y".repeat(6000) }) },
    })
    const chunks = [...jar.cookies.keys()].filter((k) => k.startsWith("auth.session-token.")).sort()
    expect(chunks.length).toBeGreaterThanOrEqual(2)
    const { csrfToken } = (await (await request(auth, jar, "/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const out = await request(auth, jar, "/api/auth/signout", {
      method: "POST",
      form: { csrfToken },
    })
    expect(out.status).toBe(302)
    expect(
      setCookies(out)
        .filter((c) => c.attributes["max-age"] === "0")
        .map((c) => c.name)
        .sort(),
    ).toEqual(chunks)
    expect([...jar.cookies.keys()].some((k) => k.startsWith("auth.session-token"))).toBe(false)
    expect((await readSessionRoute(auth, jar)).body).toBeNull()
  })

  it("a jwt callback returning null on a read signs the session out (null + cleared)", async () => {
    let allow = true
    const { auth, jar } = await signedIn({
      callbacks: { jwt: ({ token }) => (allow ? token : null) },
    })
    expect((await readSessionRoute(auth, jar)).body?.user.name).toBe("Ann")
    allow = false
    const { response, body } = await readSessionRoute(auth, jar)
    expect(body).toBeNull()
    expect(setCookieNamed(response, "auth.session-token")?.attributes["max-age"]).toBe("0")
  })

  it("the session callback shapes the result (and receives the token)", async () => {
    const { auth, jar } = await signedIn({
      callbacks: {
        session: ({ session, token }) => ({
          ...session,
          user: { ...session.user, id: token.sub },
          role: "admin",
          tokenHasExp: typeof token.exp === "number",
        }),
      },
    })
    const { body } = await readSessionRoute(auth, jar)
    expect(body).toMatchObject({
      user: { id: "42", name: "Ann", email: "ann@idp.example.com" },
      role: "admin",
      tokenHasExp: true,
    })
    expect(typeof body!.expires).toBe("string")
    expect(await auth.getSession(browserHeaders(jar.header()))).toEqual(body)
  })
})

describe("auth.getSession", () => {
  it("works with Headers and with a Request, sets nothing, and answers null without a cookie", async () => {
    const { auth, jar } = await signedIn()
    const fromHeaders = await auth.getSession(browserHeaders(jar.header()))
    const fromRequest = await auth.getSession(
      new Request(`${ORIGIN}/dashboard`, { headers: { cookie: jar.header() } }),
    )
    expect(fromHeaders?.user).toEqual({
      name: "Ann",
      email: "ann@idp.example.com",
      image: "https://cdn.idp.example.com/ann.png",
    })
    expect(fromRequest).toEqual(fromHeaders)
    expect(await auth.getSession(new Headers())).toBeNull()
    expect(await auth.getSession(new Request(`${ORIGIN}/x`))).toBeNull()
    expect(await auth.getSession(browserHeaders("other=1"))).toBeNull()
  })

  it("reads the __Host- session cookie of an https deployment (Request, or Headers with an https Host)", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const jar = new Jar()
    mockIdp()
    const cb = await signInWith(auth, jar, "idp", { origin: "https://app.example.com" })
    // the callback ran on https: the session cookie is __Host- prefixed, Secure, Path=/ and has no Domain
    expect(cb.status).toBe(302)
    const cookie = setCookieNamed(cb, "__Host-auth.session-token")
    expect(cookie?.attributes).toMatchObject({ secure: true, path: "/" })
    expect(cookie?.attributes.domain).toBeUndefined()
    const header = `__Host-auth.session-token=${cookie!.value}`
    expect(
      (
        await auth.getSession(
          new Request("https://app.example.com/", { headers: { cookie: header } }),
        )
      )?.user.name,
    ).toBe("Ann")
    expect((await auth.getSession(browserHeaders(header, "app.example.com")))?.user.name).toBe(
      "Ann",
    )
    // bare Headers (no Host, no url/useSecureCookies) fail closed: https names
    expect((await auth.getSession(new Headers({ cookie: header })))?.user.name).toBe("Ann")
    const route = await auth.handler(
      new Request("https://app.example.com/api/auth/session", { headers: { cookie: header } }),
    )
    expect(((await route.json()) as Session).user.name).toBe("Ann")
  })

  it("an expired or foreign token gives null", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const now = Math.floor(Date.now() / 1000)
    const expired = await sealSession({ name: "x" }, { iat: now - 10, exp: now - 5 })
    const foreign = await sealSession(
      { name: "x" },
      { secret: "someone-elses-secret-0123456789-abcdef" },
    )
    expect(await auth.getSession(browserHeaders(`auth.session-token=${expired}`))).toBeNull()
    expect(await auth.getSession(browserHeaders(`auth.session-token=${foreign}`))).toBeNull()
    expect(
      await auth.getSession(
        browserHeaders(`auth.session-token=${await sealSession({ name: "x" })}`),
      ),
    ).not.toBeNull()
  })
})
