/**
 * One regression test per published next-auth / Auth.js security advisory that applies to this
 * design, each against the real handler and a real IdP on 127.0.0.1. SECURITY.md (repo root)
 * lists them with what each test proves.
 */
import { Auth, type OAuthConfig } from "@auth/core"
import { memoryAdapter } from "@auth/core/adapters"
import {
  signInWith,
  sessionOf,
  startOAuth1Server,
  type RunningOAuth1Server,
  type RunningOidcProvider,
} from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  ORIGIN,
  errorParams,
  hasSession,
  idpProvider,
  makeApp,
  startIdp,
  type App,
} from "./setup.js"
import { oauth1 as oauth1Flow } from "@auth/core/oauth1"

let idp: RunningOidcProvider
let lenient: RunningOidcProvider
let oauth1: RunningOAuth1Server

beforeAll(async () => {
  idp = await startIdp()
  // An IdP that does not itself insist on PKCE: the app's own checks are all that protects it.
  lenient = await startIdp({ pkce: "optional" })
  oauth1 = await startOAuth1Server({
    consumers: [{ key: "consumer-key", secret: "consumer-secret" }],
  })
})
afterAll(async () => {
  await idp.stop()
  await lenient.stop()
  await oauth1.stop()
})

/** A form POST from the app's own page (same-site), not following the redirect. */
function post(app: App, path: string, form: Record<string, string>): Promise<Response> {
  return app.browser.fetch(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  })
}

/** Redirect targets an attacker would try; none may lead off the app's origin. */
const OFFSITE = [
  "https://evil.com/phish",
  "//evil.com/phish",
  "/\\evil.com",
  "http://localhost:3000.evil.com/",
  "http://localhost:3000@evil.com/",
  "https://evil.com/?http://localhost:3000",
  "javascript:alert(document.cookie)",
]

describe("CVE-2022-24858 (GHSA-f9wg-5f46-cjmw): default redirect callback open redirect", () => {
  it.each(OFFSITE)(
    "a completed sign-in with callbackUrl %j lands on the app's origin",
    async (callbackUrl) => {
      const app = makeApp({ providers: [idpProvider(idp.issuer)] })
      const result = await signInWith(app.browser, "idp", { callbackUrl })
      expect(new URL(result.url).origin).toBe(ORIGIN)
      expect(hasSession(app)).toBe(true)
    },
  )

  it.each(OFFSITE)(
    "sign-out with callbackUrl %j stays on the app's origin",
    async (callbackUrl) => {
      const app = makeApp({ providers: [idpProvider(idp.issuer)] })
      const { csrfToken } = (await (await app.browser.fetch("/api/auth/csrf")).json()) as {
        csrfToken: string
      }
      const response = await post(app, "/api/auth/signout", { csrfToken, callbackUrl })
      expect(response.status).toBe(302)
      expect(new URL(response.headers.get("location")!, ORIGIN).origin).toBe(ORIGIN)
    },
  )
})

describe("CVE-2022-29214 (GHSA-q2mx-j4x2-2h74): open redirect with an OAuth 1 provider", () => {
  it.each(OFFSITE)(
    "an OAuth 1.0A sign-in with callbackUrl %j lands on the app's origin",
    async (callbackUrl) => {
      const provider: OAuthConfig = {
        id: "oauth1",
        name: "OAuth 1",
        type: "oauth",
        version: "1.0A",
        oauth1: oauth1Flow,
        clientId: "consumer-key",
        clientSecret: "consumer-secret",
        requestTokenUrl: oauth1.endpoints.requestToken,
        authorization: oauth1.endpoints.authenticate,
        accessTokenUrl: oauth1.endpoints.accessToken,
        profileUrl: oauth1.endpoints.profile,
        profile: (p: any) => ({ id: p.id_str, name: p.name, email: null }),
      }
      const app = makeApp({ providers: [provider] })
      const result = await signInWith(app.browser, "oauth1", { callbackUrl })
      expect(new URL(result.url).origin).toBe(ORIGIN)
      expect(hasSession(app)).toBe(true)
    },
  )
})

describe("CVE-2022-31093 (GHSA-g5fm-jp9v-2432): a malformed callbackUrl must not crash or hang a route", () => {
  const MALFORMED = [
    "http://[",
    "https://%",
    "//",
    "http://",
    ":",
    "%E0%A4%A",
    "http://a:99999",
    "\u0000",
    "/\r\n",
  ]
  it.each(MALFORMED)(
    "callbackUrl %j: every route answers with a 2xx-4xx, and sign-in still works afterwards",
    async (callbackUrl) => {
      const app = makeApp({ providers: [idpProvider(idp.issuer)] })
      const q = `callbackUrl=${encodeURIComponent(callbackUrl)}`
      const { csrfToken } = (await (await app.browser.fetch("/api/auth/csrf")).json()) as {
        csrfToken: string
      }
      const answers = [
        await app.browser.fetch(`/api/auth/signin?${q}`),
        await app.browser.fetch(`/api/auth/signout?${q}`),
        await post(app, `/api/auth/signin/idp?${q}`, { csrfToken }),
        await post(app, "/api/auth/signin/idp", { csrfToken, callbackUrl }),
        await post(app, "/api/auth/signout", { csrfToken, callbackUrl }),
      ]
      for (const answer of answers) {
        expect(answer.status).toBeGreaterThanOrEqual(200)
        expect(answer.status).toBeLessThan(500)
        const location = answer.headers.get("location")
        if (location)
          expect([ORIGIN, new URL(idp.issuer).origin]).toContain(new URL(location, ORIGIN).origin)
      }
      expect(
        new URL((await signInWith(app.browser, "idp", { callbackUrl: "/ok" })).url).pathname,
      ).toBe("/ok")
    },
  )
})

describe("CVE-2023-27490 (GHSA-7r7x-4c4q-c4qf): checks stripped from the authorization URL", () => {
  it.each([
    ["state"],
    ["code_challenge", "code_challenge_method"],
    ["nonce"],
    ["state", "code_challenge", "code_challenge_method", "nonce"],
  ])(
    "without %s, the provider's code is not accepted and no session is created",
    async (...strip) => {
      const app = makeApp({ providers: [idpProvider(lenient.issuer)] })
      const { csrfToken } = (await (await app.browser.fetch("/api/auth/csrf")).json()) as {
        csrfToken: string
      }
      const start = await post(app, "/api/auth/signin/idp", { csrfToken })
      const authorize = new URL(start.headers.get("location")!)
      for (const param of strip) authorize.searchParams.delete(param)
      const result = await app.browser.navigate(authorize.href)
      expect(new URL(result.url).pathname).toBe("/api/auth/error")
      expect(errorParams(result.url).error).toMatch(/InvalidCheck|OAuthCallbackError/)
      expect(hasSession(app)).toBe(false)
    },
  )
})

describe("CVE-2023-48309 (GHSA-v64w-49xw-qq89): an interrupted flow's token is not a session", () => {
  it("the sealed state / PKCE / nonce cookies of an abandoned sign-in, replayed as the session cookie, give no session", async () => {
    const app = makeApp({ providers: [idpProvider(idp.issuer)] })
    const { csrfToken } = (await (await app.browser.fetch("/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const start = await post(app, "/api/auth/signin/idp", { csrfToken })
    const checks = start.headers.getSetCookie().map((c) => c.split(";")[0]!.split("=")[1]!)
    expect(checks.length).toBeGreaterThanOrEqual(3)
    for (const value of checks) {
      // The app's Host: getSession then reads this http deployment's (unprefixed) session cookie name.
      const headers = new Headers({
        cookie: `auth.session-token=${value}`,
        host: new URL(ORIGIN).host,
      })
      expect(await app.auth.getSession(headers)).toBeNull()
      const response = await app.auth.handler(
        new Request(`${ORIGIN}/api/auth/session`, { headers }),
      )
      expect(await response.json()).toBeNull()
    }
  })
})

describe("GHSA-x445-f3h2-j279: check cookies not bound to their provider", () => {
  it("state/PKCE/nonce minted for one provider cannot complete another provider's callback", async () => {
    // Two providers at the same IdP: the attacker starts with "idp2" and answers "idp"'s callback.
    const app = makeApp({
      providers: [idpProvider(idp.issuer), idpProvider(idp.issuer, { id: "idp2", name: "Second" })],
    })
    app.holdCallback = true
    await signInWith(app.browser, "idp2")
    app.holdCallback = false
    const held = new URL(app.callbacks.at(-1)!)
    expect(held.pathname).toBe("/api/auth/callback/idp2")
    const result = await app.browser.navigate(`/api/auth/callback/idp${held.search}`)
    expect(errorParams(result.url).error).toBe("InvalidCheck")
    expect(hasSession(app)).toBe(false)
  })
})

describe("GHSA-xmf8-cvqr-rfgj: a malformed bearer / session value must not throw", () => {
  it.each(["Bearer %E0%A4%A", "Bearer %", "Bearer " + "%".repeat(5000), "Basic Zm9vOmJhcg=="])(
    "getSession and GET session with Authorization %j: null, no throw",
    async (authorization) => {
      const app = makeApp({ providers: [idpProvider(idp.issuer)] })
      for (const cookie of [
        "",
        "auth.session-token=%E0%A4%A",
        "auth.session-token.0=%; auth.session-token.1=%%",
      ]) {
        const headers = new Headers({
          authorization,
          host: new URL(ORIGIN).host,
          ...(cookie ? { cookie } : {}),
        })
        await expect(app.auth.getSession(headers)).resolves.toBeNull()
        const response = await app.auth.handler(
          new Request(`${ORIGIN}/api/auth/session`, { headers }),
        )
        expect(response.status).toBe(200)
        expect(await response.json()).toBeNull()
      }
    },
  )
})

describe("GHSA-8fpg-xm3f-6cx3: a configuration error must not fail open", () => {
  it("a missing or weak secret fails at Auth() time, never later as a half-working instance", () => {
    const providers = [idpProvider(idp.issuer)]
    expect(() => Auth({ providers, env: {} })).toThrow(
      expect.objectContaining({ code: "MISSING_SECRET" }),
    )
    expect(() => Auth({ providers, env: {}, secret: "short" })).toThrow(
      expect.objectContaining({ code: "WEAK_SECRET" }),
    )
  })

  it("a session store that fails gives no session (null), not an error object a truthiness check would accept", async () => {
    const adapter = memoryAdapter()
    const app = makeApp({ providers: [idpProvider(idp.issuer)], adapter })
    await signInWith(app.browser, "idp")
    expect((await sessionOf(app.browser))?.user).toBeTruthy()
    adapter.getSessionAndUser = () => Promise.reject(new Error("database unreachable"))
    expect(await sessionOf(app.browser)).toBeNull()
    const cookie = app.browser.cookies.get(`${ORIGIN}/`)
    expect(await app.auth.getSession(new Headers({ cookie }))).toBeNull()
  })

  it("a provider whose discovery fails (misconfigured issuer) ends the sign-in on an error, without a session", async () => {
    const app = makeApp({ providers: [idpProvider(`${idp.issuer}/wrong`)] })
    const result = await signInWith(app.browser, "idp")
    expect(errorParams(result.url).code).toBe("DISCOVERY_FAILED")
    expect(hasSession(app)).toBe(false)
    expect(await sessionOf(app.browser)).toBeNull()
  })
})
