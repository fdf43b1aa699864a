/**
 * Cookies an attacker can plant (issue 17): a sibling subdomain or a plain-http man in the middle
 * can add cookies to the victim's browser, but not `__Host-` ones, and cannot read any. Each test
 * plants cookies the way such an attacker would (copies them from the attacker's own jar, or sets
 * an unprefixed one on an https deployment) and shows: no session, no link, a precise error code.
 */
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { memoryAdapter, type Adapter } from "../src/adapters/index.js"
import { resolveConfig } from "../src/config/resolve.js"
import { decodeSession, encodeSession } from "../src/session/jwt.js"
import {
  IDP_API,
  IDP_AUTH,
  Jar,
  SECRET,
  browserHeaders,
  errorOf,
  idp,
  makeAuth,
  mockIdp,
  request,
  sealSession,
  setCookieNamed,
  setCookies,
  signInWith,
} from "./helpers.js"

const HTTPS = "https://app.example.com"
const SESSION = "__Host-auth.session-token"
const CHECKS = ["__Host-auth.state", "__Host-auth.pkce.code_verifier", "__Host-auth.nonce"]

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

const victimProfile = { id: 1, name: "Vic", email: "vic@idp.example.com" }
const attackerProfile = { id: 666, name: "Mallory", email: "mallory@idp.example.com" }

/** The provider's token and userinfo endpoints, for `profile`; `calls` counts token requests. */
function provider(profile: Record<string, unknown>) {
  const seen = { calls: 0 }
  nock(IDP_AUTH)
    .post("/oauth/token")
    .reply(() => {
      seen.calls++
      return [200, { access_token: `at-${profile.id}`, token_type: "bearer" }]
    })
  nock(IDP_API).get("/v1/me").reply(200, profile)
  return seen
}

/** The attacker starts a sign-in in their own browser and stops at the callback URL. */
async function attackerStarts(auth: ReturnType<typeof makeAuth>) {
  const jar = new Jar(HTTPS)
  const { csrfToken } = (await (await request(auth, jar, `${HTTPS}/api/auth/csrf`)).json()) as {
    csrfToken: string
  }
  const start = await request(auth, jar, `${HTTPS}/api/auth/signin/idp`, {
    method: "POST",
    form: { csrfToken },
  })
  const state = new URL(start.headers.get("location")!).searchParams.get("state")!
  return { jar, callback: `${HTTPS}/api/auth/callback/idp?code=attacker-code&state=${state}` }
}

describe("only the deployment's session cookie is read", () => {
  it("on https an unprefixed auth.session-token (or an old __Secure- one) is no session: getSession and GET session", async () => {
    const auth = makeAuth({ providers: [idp()] })
    // valid tokens, each sealed with the key of the name it is planted under
    const plain = `auth.session-token=${await sealSession({ name: "Mallory" }, { cookieName: "auth.session-token" })}`
    const legacy = `__Secure-auth.session-token=${await sealSession({ name: "Mallory" }, { cookieName: "__Secure-auth.session-token" })}`
    for (const cookie of [plain, legacy, `${plain}; ${legacy}`]) {
      expect(
        await auth.getSession(new Request(`${HTTPS}/dashboard`, { headers: { cookie } })),
      ).toBeNull()
      expect(await auth.getSession(browserHeaders(cookie, "app.example.com"))).toBeNull()
      expect(await auth.getSession(new Headers({ cookie }))).toBeNull() // no Host: https assumed (fail closed)
      const route = await auth.handler(
        new Request(`${HTTPS}/api/auth/session`, { headers: { cookie } }),
      )
      expect(await route.json()).toBeNull()
    }
    // the same planted cookie next to the victim's own session: the victim's is the one read
    const own = `${SESSION}=${await sealSession({ name: "Vic" }, { cookieName: SESSION })}`
    expect(
      (await auth.getSession(new Request(`${HTTPS}/`, { headers: { cookie: `${plain}; ${own}` } })))
        ?.user.name,
    ).toBe("Vic")
  })

  it("the session cache is keyed by (cookie name, token): a cached __Host- token copied under another name is decrypted afresh, and fails", async () => {
    const auth = resolveConfig({ secret: SECRET, env: {}, providers: [idp()] })
    const raw = await encodeSession(auth, SESSION, { sub: "mallory" })
    expect((await decodeSession(auth, SESSION, raw))?.sub).toBe("mallory")
    expect(auth.sessionCache.has(SESSION, raw)).toBe(true)
    expect(await decodeSession(auth, "auth.session-token", raw)).toBeNull()
    expect(auth.sessionCache.has("auth.session-token", raw)).toBe(false)
    // and through the handler of an instance serving both http and https (no url configured)
    const app = makeAuth({ providers: [idp()] })
    const jar = new Jar(HTTPS)
    provider(attackerProfile)
    await signInWith(app, jar, "idp", { origin: HTTPS })
    const token = jar.cookies.get(SESSION)!
    expect(
      (
        await app.getSession(
          new Request(`${HTTPS}/`, { headers: { cookie: `${SESSION}=${token}` } }),
        )
      )?.user.name,
    ).toBe("Mallory")
    expect(
      await app.getSession(
        new Request("http://localhost:3000/", {
          headers: { cookie: `auth.session-token=${token}` },
        }),
      ),
    ).toBeNull()
  })

  it("database sessions: a planted unprefixed token is no session on https, and a sign-in is never linked to its user", async () => {
    const adapter = memoryAdapter()
    const auth = makeAuth({ providers: [idp()], adapter })
    // the attacker's real database session, made on the http side of the same instance
    const attacker = new Jar(HTTPS)
    provider(attackerProfile)
    await signInWith(auth, attacker, "idp", { origin: "http://localhost:3000" })
    const planted = `auth.session-token=${attacker.cookies.get("auth.session-token")}`
    expect((await auth.getSession(browserHeaders(planted)))?.user.name).toBe("Mallory") // it is a real session on http
    expect(
      await auth.getSession(new Request(`${HTTPS}/`, { headers: { cookie: planted } })),
    ).toBeNull()
    expect(await auth.getSession(browserHeaders(planted, "app.example.com"))).toBeNull()

    // the victim, signed out on https, signs in with the planted cookie in the jar: a user of their own
    const victim = new Jar(HTTPS)
    victim.cookies.set("auth.session-token", attacker.cookies.get("auth.session-token")!)
    provider(victimProfile)
    const cb = await signInWith(auth, victim, "idp", { origin: HTTPS })
    expect(cb.status).toBe(302)
    const attackerUser = await adapter.getUserByAccount({
      provider: "idp",
      providerAccountId: "666",
    })
    const victimUser = await adapter.getUserByAccount({ provider: "idp", providerAccountId: "1" })
    expect(victimUser).not.toBeNull()
    expect(victimUser!.id).not.toBe(attackerUser!.id)
    expect(
      (await auth.getSession(new Request(`${HTTPS}/`, { headers: { cookie: victim.header() } })))
        ?.user.name,
    ).toBe("Vic")
  })

  it("getSession(headers) takes the scheme from config, the Request, trusted forwarded headers or the Host", async () => {
    const plainToken = await sealSession({ name: "Plain" }, { cookieName: "auth.session-token" })
    const hostToken = await sealSession({ name: "Host" }, { cookieName: SESSION })
    const cookie = `auth.session-token=${plainToken}; ${SESSION}=${hostToken}`
    const read = async (config: Parameters<typeof makeAuth>[0], input: Request | Headers) =>
      (await makeAuth(config).getSession(input))?.user.name
    const providers = [idp()]
    expect(await read({ providers }, new Headers({ cookie }))).toBe("Host")
    expect(await read({ providers }, new Headers({ cookie, host: "localhost:3000" }))).toBe("Plain")
    expect(await read({ providers }, new Headers({ cookie, host: "127.0.0.1:8080" }))).toBe("Plain")
    expect(await read({ providers }, new Headers({ cookie, host: "[::1]:3000" }))).toBe("Plain")
    expect(await read({ providers }, new Headers({ cookie, host: "app.example.com" }))).toBe("Host")
    expect(
      await read({ providers }, new Request("http://intranet.example/", { headers: { cookie } })),
    ).toBe("Plain")
    expect(
      await read(
        { providers, useSecureCookies: false },
        new Headers({ cookie, host: "app.example.com" }),
      ),
    ).toBe("Plain")
    expect(
      await read({ providers, useSecureCookies: true }, new Headers({ cookie, host: "localhost" })),
    ).toBe("Host")
    expect(await read({ providers, url: "http://intranet.example" }, new Headers({ cookie }))).toBe(
      "Plain",
    )
    expect(
      await read(
        { providers, url: "https://app.example.com" },
        new Request("http://localhost/", { headers: { cookie } }),
      ),
    ).toBe("Host")
    const forwarded = {
      cookie,
      host: "localhost:3000",
      "x-forwarded-host": "app.example.com",
      "x-forwarded-proto": "https",
    }
    expect(await read({ providers, trustHost: true }, new Headers(forwarded))).toBe("Host")
    expect(await read({ providers }, new Headers(forwarded))).toBe("Plain") // untrusted: the Host decides
    expect(
      await read(
        { providers, trustHost: true },
        new Request("http://localhost:3000/", { headers: forwarded }),
      ),
    ).toBe("Host")
  })

  it("warns once when it ignores a session cookie under another name", async () => {
    const warnings: string[] = []
    const auth = makeAuth({
      providers: [idp()],
      logger: { error() {}, warn: (code) => warnings.push(code) },
    })
    const cookie = `auth.session-token=${await sealSession({ name: "Mallory" })}`
    // a damaged session of the deployment's own name is not "another name"
    await auth.getSession(browserHeaders("__Host-auth.session-token.1=x", "app.example.com"))
    expect(warnings).toEqual([])
    await auth.getSession(browserHeaders(cookie, "app.example.com"))
    await auth.getSession(browserHeaders(cookie, "app.example.com"))
    expect(warnings).toEqual(["SESSION_COOKIE_IGNORED"])
  })
})

describe("check cookies are __Host- and bound to the browser that started the sign-in", () => {
  it("every cookie of a sign-in on https is __Host-, Secure, Path=/, without Domain", async () => {
    const auth = makeAuth({ providers: [idp({ checks: ["pkce", "state", "nonce"] })] })
    const jar = new Jar(HTTPS)
    const csrf = await request(auth, jar, `${HTTPS}/api/auth/csrf`)
    const { csrfToken } = (await csrf.json()) as { csrfToken: string }
    const start = await request(auth, jar, `${HTTPS}/api/auth/signin/idp`, {
      method: "POST",
      form: { csrfToken, callbackUrl: "/after" },
    })
    const cb = await request(
      auth,
      jar,
      `${HTTPS}/api/auth/callback/idp?error=access_denied&state=x`,
    )
    const all = [...setCookies(csrf), ...setCookies(start), ...setCookies(cb)]
    expect(new Set(all.map((c) => c.name))).toEqual(
      new Set([
        "__Host-auth.csrf-token",
        "__Host-auth.check-binding",
        "__Host-auth.callback-url",
        ...CHECKS,
      ]),
    )
    for (const c of all) {
      expect(c.attributes, c.name).toMatchObject({ secure: true, path: "/", httponly: true })
      expect(c.attributes.domain, c.name).toBeUndefined()
    }
    // the binding cookie outlives the sign-in (it belongs to the browser), the checks do not
    expect(setCookieNamed(start, "__Host-auth.check-binding")?.attributes["max-age"]).toBe(
      String(400 * 24 * 3600),
    )
    expect(setCookieNamed(cb, "__Host-auth.check-binding")).toBeUndefined()
  })

  it("checks planted in a signed-in victim's browser: CHECK_BROWSER_MISMATCH, nothing linked, the victim's session untouched", async () => {
    const adapter: Adapter = memoryAdapter()
    const auth = makeAuth({ providers: [idp()], adapter })
    const victim = new Jar(HTTPS)
    provider(victimProfile)
    await signInWith(auth, victim, "idp", { origin: HTTPS })
    const victimSession = victim.cookies.get(SESSION)
    const victimUser = await adapter.getUserByAccount({ provider: "idp", providerAccountId: "1" })
    expect(victimSession && victim.cookies.has("__Host-auth.check-binding")).toBeTruthy()

    const attack = await attackerStarts(auth)
    for (const name of ["__Host-auth.state", "__Host-auth.pkce.code_verifier"])
      victim.cookies.set(name, attack.jar.cookies.get(name)!)
    const seen = provider(attackerProfile) // the attacker's provider account, if the checks let the code through
    const cb = await request(auth, victim, attack.callback)
    expect(errorOf(cb)).toEqual({ error: "InvalidCheck", code: "CHECK_BROWSER_MISMATCH" })
    expect(seen.calls).toBe(0) // the code was never redeemed
    expect(await adapter.getUserByAccount({ provider: "idp", providerAccountId: "666" })).toBeNull()
    expect(setCookies(cb).some((c) => c.name === SESSION)).toBe(false)
    expect(victim.cookies.get(SESSION)).toBe(victimSession)
    expect(
      (await auth.getSession(new Request(`${HTTPS}/`, { headers: { cookie: victim.header() } })))
        ?.user.id,
    ).toBe(victimUser!.id)
    for (const name of CHECKS) expect(victim.cookies.has(name)).toBe(false) // the planted checks are cleared
  })

  it("checks planted in a browser that never started a sign-in: CHECK_BROWSER_COOKIE_MISSING, no session", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const attack = await attackerStarts(auth)
    const victim = new Jar(HTTPS)
    for (const name of ["__Host-auth.state", "__Host-auth.pkce.code_verifier"])
      victim.cookies.set(name, attack.jar.cookies.get(name)!)
    const seen = provider(attackerProfile)
    const cb = await request(auth, victim, attack.callback)
    expect(errorOf(cb)).toEqual({ error: "InvalidCheck", code: "CHECK_BROWSER_COOKIE_MISSING" })
    expect(seen.calls).toBe(0)
    expect([...victim.cookies.keys()].some((k) => k.includes("session-token"))).toBe(false)
  })

  it("check cookies under names a sibling subdomain can set (__Secure-, unprefixed) are not read on https", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const attack = await attackerStarts(auth)
    const victim = new Jar(HTTPS)
    // a sibling can set these with Domain=.example.com; it cannot set __Host- ones
    for (const prefix of ["__Secure-", ""]) {
      victim.cookies.set(`${prefix}auth.state`, attack.jar.cookies.get("__Host-auth.state")!)
      victim.cookies.set(
        `${prefix}auth.pkce.code_verifier`,
        attack.jar.cookies.get("__Host-auth.pkce.code_verifier")!,
      )
    }
    victim.cookies.set("auth.check-binding", attack.jar.cookies.get("__Host-auth.check-binding")!)
    const seen = provider(attackerProfile)
    const cb = await request(auth, victim, attack.callback)
    expect(errorOf(cb)).toEqual({ error: "InvalidCheck", code: "PKCE_COOKIE_MISSING" }) // checks run pkce, then state
    expect(seen.calls).toBe(0)
  })

  it("the same browser still completes the sign-in (the attacker's own flow is unchanged)", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const attack = await attackerStarts(auth)
    provider(attackerProfile)
    const cb = await request(auth, attack.jar, attack.callback)
    expect(cb.headers.get("location")).toBe(HTTPS)
    expect(attack.jar.cookies.has(SESSION)).toBe(true)
  })

  it("a binding cookie that is not a well-formed secret is replaced at the next sign-in start", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const jar = new Jar(HTTPS)
    jar.cookies.set("auth.check-binding", "short")
    mockIdp()
    const cb = await signInWith(auth, jar, "idp")
    expect(cb.headers.get("location")).toBe("http://localhost:3000")
    expect(jar.cookies.get("auth.check-binding")).toMatch(/^[\w-]{43}$/)
  })
})
