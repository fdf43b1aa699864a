/**
 * Every outbound request of a sign-in against a misbehaving IdP: testkit's fault proxy in front
 * of a real oidc-provider, all on 127.0.0.1. For each fault: the precise error code, no session,
 * and the recovery (the next sign-in works once the IdP does).
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import {
  startFaultProxy,
  type Fault,
  type FaultEndpoint,
  type RunningFaultProxy,
  type RunningOidcProvider,
} from "@auth/testkit"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { errorParams, hasSession, idpProvider, makeApp, startIdp, type App } from "./setup.js"
import { signInWith } from "@auth/testkit"
import type { OAuthConfig } from "@auth/core"
import { oauth1 as oauth1Flow } from "@auth/core/oauth1"

let idp: RunningOidcProvider
let proxy: RunningFaultProxy
const TIMEOUT = 300

beforeAll(async () => {
  idp = await startIdp()
})
afterAll(() => idp.stop())
afterEach(() => proxy?.stop())

async function appBehindProxy(over: Partial<OAuthConfig> = {}): Promise<App> {
  proxy = await startFaultProxy({ target: idp.issuer })
  return makeApp({
    httpTimeout: TIMEOUT,
    providers: [idpProvider(idp.issuer, { wellKnown: proxy.wellKnown, ...over })],
  })
}

/** One sign-in; the error code it ended on (null when it succeeded). */
async function attempt(app: App): Promise<string | null> {
  const result = await signInWith(app.browser, "idp", { callbackUrl: "/home" })
  if (result.url === "http://localhost:3000/home") return null
  return errorParams(result.url).code ?? `unexpected ${result.url}`
}

const matrix: Array<[FaultEndpoint, Fault, string]> = [
  ["discovery", "hang", "DISCOVERY_TIMEOUT"],
  ["discovery", "html-5xx", "DISCOVERY_FAILED"],
  ["discovery", "invalid-json", "DISCOVERY_FAILED"],
  ["discovery", "close-mid-response", "DISCOVERY_FAILED"],
  ["jwks", "hang", "JWKS_TIMEOUT"],
  ["jwks", "html-5xx", "JWKS_ERROR"],
  ["jwks", "invalid-json", "JWKS_INVALID"],
  ["jwks", "close-mid-response", "JWKS_ERROR"],
  ["token", "hang", "TOKEN_TIMEOUT"],
  ["token", "html-5xx", "TOKEN_ENDPOINT_ERROR"],
  ["token", "invalid-json", "TOKEN_RESPONSE_NOT_JSON"],
  ["token", "close-mid-response", "TOKEN_REQUEST_FAILED"],
  ["userinfo", "hang", "USERINFO_TIMEOUT"],
  ["userinfo", "html-5xx", "USERINFO_ERROR"],
  ["userinfo", "invalid-json", "USERINFO_NOT_JSON"],
  ["userinfo", "close-mid-response", "USERINFO_ERROR"],
]

describe("a faulty IdP endpoint: precise code, no session, recovery", () => {
  it.each(matrix)("%s %s -> %s, then the next sign-in works", async (endpoint, fault, code) => {
    // Userinfo is only called when the profile is not taken from the id_token.
    const app = await appBehindProxy(endpoint === "userinfo" ? { idToken: false } : {})
    proxy.fail(endpoint, fault)
    expect(await attempt(app)).toBe(code)
    expect(hasSession(app)).toBe(false)
    expect(app.errors.at(-1)?.code).toBe(code)
    proxy.heal(endpoint)
    expect(await attempt(app)).toBeNull()
    expect(hasSession(app)).toBe(true)
  })
})

describe("discovery", () => {
  it("down then up: a failed discovery is not cached", async () => {
    const app = await appBehindProxy()
    proxy.fail("discovery", "html-5xx", 2)
    expect(await attempt(app)).toBe("DISCOVERY_FAILED")
    expect(await attempt(app)).toBe("DISCOVERY_FAILED")
    expect(await attempt(app)).toBeNull()
    expect(proxy.hits.discovery).toBe(3)
    // and a successful one is: the next sign-in makes no discovery request
    expect(await attempt(app)).toBeNull()
    expect(proxy.hits.discovery).toBe(3)
  })

  it("a hanging discovery times out, is not cached, and the next sign-in works", async () => {
    const app = await appBehindProxy()
    proxy.fail("discovery", "hang", 1)
    expect(await attempt(app)).toBe("DISCOVERY_TIMEOUT")
    expect(await attempt(app)).toBeNull()
    expect(proxy.hits.discovery).toBe(2)
  })

  it("concurrent sign-ins share one in-flight discovery", async () => {
    const apps = await Promise.all([appBehindProxy()])
    const app = apps[0]!
    proxy.fail("discovery", "slow", 1)
    const csrf = await app.auth.handler(new Request("http://localhost:3000/api/auth/csrf"))
    const { csrfToken } = (await csrf.json()) as { csrfToken: string }
    const cookie = csrf.headers.getSetCookie()[0]!.split(";")[0]!
    const starts = await Promise.all(
      Array.from({ length: 6 }, () =>
        app.auth.handler(
          new Request("http://localhost:3000/api/auth/signin/idp", {
            method: "POST",
            headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ csrfToken, json: "true" }),
          }),
        ),
      ),
    )
    for (const start of starts)
      expect(((await start.json()) as { url: string }).url).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/auth\?/,
      )
    expect(proxy.hits.discovery).toBe(1)
  })
})

describe("JWKS key rotation", () => {
  it("a new signing key costs no failed sign-in: one immediate JWKS refetch on an unknown kid", async () => {
    const app = await appBehindProxy()
    expect(await attempt(app)).toBeNull()
    expect(proxy.hits.jwks).toBe(1)
    await proxy.rotateKey()
    expect(await attempt(app)).toBeNull()
    expect(proxy.hits.jwks).toBe(2)
    // the refreshed set is kept: no further request for the same key
    expect(await attempt(app)).toBeNull()
    expect(proxy.hits.jwks).toBe(2)
  })

  it("an unpublished kid is refused (JWKS_KEY_NOT_FOUND), and refetches are rate-limited", async () => {
    const app = await appBehindProxy()
    expect(await attempt(app)).toBeNull()
    await proxy.rotateKey({ publish: false })
    app.browser.cookies.clear()
    expect(await attempt(app)).toBe("JWKS_KEY_NOT_FOUND")
    expect(proxy.hits.jwks).toBe(2)
    expect(hasSession(app)).toBe(false)
    // within the cooldown another unknown kid does not make us fetch again
    expect(await attempt(app)).toBe("JWKS_KEY_NOT_FOUND")
    expect(proxy.hits.jwks).toBe(2)
  })
})

describe("OAuth 1 steps get the same timeout", () => {
  let hanging: Server
  afterEach(() => new Promise<void>((resolve) => hanging.close(() => resolve())))

  it("a hanging request-token endpoint ends on OAUTH1_REQUEST_TOKEN_TIMEOUT", async () => {
    hanging = createServer(() => {})
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve))
    const base = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`
    const app = makeApp({
      httpTimeout: TIMEOUT,
      providers: [
        {
          id: "idp",
          name: "OAuth 1",
          type: "oauth",
          version: "1.0A",
          oauth1: oauth1Flow,
          clientId: "ck",
          clientSecret: "cs",
          requestTokenUrl: `${base}/request`,
          authorization: `${base}/authorize`,
          accessTokenUrl: `${base}/access`,
          profileUrl: `${base}/me`,
        },
      ],
    })
    expect(await attempt(app)).toBe("OAUTH1_REQUEST_TOKEN_TIMEOUT")
    hanging.closeAllConnections()
  })
})
