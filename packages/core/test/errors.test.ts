import nock from "nock"
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import {
  Auth,
  AuthError,
  clearDiscoveryCache,
  defineProvider,
  isAuthError,
  type AuthConfig,
  type OAuthConfig,
  type OAuthUserConfig,
} from "../src/index.js"
import {
  IDP_API,
  IDP_AUTH,
  Jar,
  ORIGIN,
  SECRET,
  errorOf,
  idp,
  makeAuth,
  mockIdp,
  request,
  setCookies,
  startSignIn,
} from "./helpers.js"

beforeAll(() => {
  nock.disableNetConnect()
})
beforeEach(() => {
  clearDiscoveryCache()
})
afterEach(() => {
  nock.cleanAll()
})

/** The AuthError that `fn` throws (fails the test if it throws anything else or nothing). */
function thrown(fn: () => unknown): AuthError {
  try {
    fn()
  } catch (error) {
    expect(isAuthError(error)).toBe(true)
    expect(error).toBeInstanceOf(AuthError)
    return error as AuthError
  }
  throw new Error("expected an AuthError, nothing was thrown")
}

function setup(provider: OAuthConfig = idp(), config: Partial<AuthConfig> = {}) {
  const logged: Array<AuthError | Error> = []
  const auth = makeAuth({
    providers: [provider],
    logger: { error: (e) => void logged.push(e), warn() {} },
    ...config,
  })
  return { auth, jar: new Jar(), logged }
}

/** Starts a sign-in and answers the callback with a code; the provider's endpoints are mocked by the caller. */
async function callback(auth: ReturnType<typeof makeAuth>, jar: Jar, id = "idp") {
  const url = await startSignIn(auth, jar, id)
  return request(
    auth,
    jar,
    `/api/auth/callback/${id}?code=the-code&state=${url.searchParams.get("state")}`,
  )
}

/** A failed sign-in: redirected to the error page with this type/code, and no session cookie anywhere. */
function expectFailed(response: Response, jar: Jar, error: string, code: string) {
  expect(response.status).toBe(302)
  expect(errorOf(response)).toEqual({ error, code })
  expect(setCookies(response).some((c) => c.name.includes("session-token"))).toBe(false)
  expect(
    [...jar.cookies.keys()].some(
      (k) => k.includes("session-token") || k === "auth.state" || k === "auth.pkce.code_verifier",
    ),
  ).toBe(false)
}

describe("configuration errors, thrown by Auth()", () => {
  it("no secret and no AUTH_SECRET: MissingSecret / MISSING_SECRET, saying how to make one", () => {
    for (const secret of [undefined, "", [] as string[], [""]]) {
      const e = thrown(() => Auth({ providers: [], env: {}, secret }))
      expect(e.type).toBe("MissingSecret")
      expect(e.code).toBe("MISSING_SECRET")
      expect(e.status).toBeGreaterThanOrEqual(400)
      expect(e.status).toBeLessThan(500)
      expect(e.message).toContain("AUTH_SECRET")
      expect(e.message).toMatch(/openssl rand|randomBytes/)
    }
    // AUTH_SECRET from env is enough
    expect(() => Auth({ providers: [], env: { AUTH_SECRET: SECRET } })).not.toThrow()
  })

  it("a weak secret (also as an older rotated one) is refused with WEAK_SECRET", () => {
    for (const secret of ["short", [SECRET, "tooshort"]]) {
      const e = thrown(() => Auth({ providers: [], env: {}, secret }))
      expect(e.type).toBe("Configuration")
      expect(e.code).toBe("WEAK_SECRET")
      expect(e.message).toMatch(/at least 32/)
    }
  })

  it("two providers with one id: DUPLICATE_PROVIDER_ID naming it", () => {
    const e = thrown(() => makeAuth({ providers: [idp(), idp({ clientId: "other" })] }))
    expect(e.code).toBe("DUPLICATE_PROVIDER_ID")
    expect(e.providerId).toBe("idp")
    expect(e.message).toContain('"idp"')
  })

  it("missing clientId: MISSING_CLIENT_ID naming AUTH_<ID>_ID (id upper-cased, '-' -> '_')", () => {
    const e = thrown(() =>
      makeAuth({
        providers: [idp({ id: "my-idp", clientId: undefined, clientSecret: undefined })],
      }),
    )
    expect(e.type).toBe("Configuration")
    expect(e.code).toBe("MISSING_CLIENT_ID")
    expect(e.providerId).toBe("my-idp")
    expect(e.message).toContain("AUTH_MY_IDP_ID")
    expect(e.message).toContain("AUTH_MY_IDP_SECRET")
  })

  it("clientId/secret/issuer fall back to AUTH_MY_IDP_* for id 'my-idp', and are used on the wire", async () => {
    const env = {
      AUTH_MY_IDP_ID: "env-client",
      AUTH_MY_IDP_SECRET: "env-secret",
      AUTH_MY_IDP_ISSUER: "https://auth.idp.example.com",
    }
    const auth = makeAuth({
      env,
      providers: [idp({ id: "my-idp", clientId: undefined, clientSecret: undefined })],
    })
    const resolved = auth.providers.get("my-idp")!
    expect([resolved.clientId, resolved.clientSecret, resolved.issuer]).toEqual([
      "env-client",
      "env-secret",
      "https://auth.idp.example.com",
    ])
    const jar = new Jar()
    const url = await startSignIn(auth, jar, "my-idp")
    expect(url.searchParams.get("client_id")).toBe("env-client")
    let basic = ""
    nock(IDP_AUTH)
      .post("/oauth/token")
      .reply(function () {
        basic = String(this.req.headers.authorization)
        return [200, { access_token: "at", token_type: "bearer" }]
      })
    nock(IDP_API).get("/v1/me").reply(200, { id: 1, name: "Env" })
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/my-idp?code=c&state=${url.searchParams.get("state")}`,
    )
    expect(cb.headers.get("location")).toBe(ORIGIN)
    // RFC 6749 §2.3.1: form-urlencoded before Basic encoding
    const [user, pass] = Buffer.from(basic.replace(/^Basic /, ""), "base64")
      .toString()
      .split(":")
    expect([decodeURIComponent(user!), decodeURIComponent(pass!)]).toEqual([
      "env-client",
      "env-secret",
    ])
  })

  it("explicit options win over the environment", () => {
    const env = {
      AUTH_MY_IDP_ID: "env-client",
      AUTH_MY_IDP_SECRET: "env-secret",
      AUTH_MY_IDP_ISSUER: "https://env.example.com",
    }
    const auth = makeAuth({
      env,
      providers: [
        idp({
          id: "my-idp",
          clientId: "explicit",
          clientSecret: "explicit-secret",
          issuer: "https://explicit.example.com",
        }),
      ],
    })
    const p = auth.providers.get("my-idp")!
    expect([p.clientId, p.clientSecret, p.issuer]).toEqual([
      "explicit",
      "explicit-secret",
      "https://explicit.example.com",
    ])
  })

  it("http:// issuers and endpoints are refused (INSECURE_ISSUER) unless on a loopback host", () => {
    const insecure = [
      idp({ issuer: "http://idp.example.com" }),
      idp({ token: "http://auth.idp.example.com/oauth/token" }),
      idp({
        type: "oidc",
        issuer: "http://idp.example.com",
        authorization: undefined,
        token: undefined,
        userinfo: undefined,
      }),
    ]
    for (const provider of insecure) {
      const e = thrown(() => makeAuth({ providers: [provider] }))
      expect(e.code).toBe("INSECURE_ISSUER")
      expect(e.providerId).toBe("idp")
      expect(e.message).toContain("https://")
    }
    for (const issuer of [
      "http://127.0.0.1:1234",
      "http://localhost",
      "http://localhost:8080/realms/x",
      "http://[::1]:9000",
    ]) {
      expect(() => makeAuth({ providers: [idp({ issuer })] }), issuer).not.toThrow()
      expect(makeAuth({ providers: [idp({ issuer })] }).providers.get("idp")?.issuer).toBe(issuer)
    }
    expect(thrown(() => makeAuth({ providers: [idp({ issuer: "not a url" })] })).code).toBe(
      "INVALID_PROVIDER_CONFIG",
    )
  })

  it("an invalid app url is INVALID_BASE_URL; a provider with no way to sign in is INVALID_PROVIDER_CONFIG", () => {
    expect(thrown(() => makeAuth({ providers: [], url: "app.example.com" })).code).toBe(
      "INVALID_BASE_URL",
    )
    expect(thrown(() => makeAuth({ providers: [idp({ authorization: undefined })] })).code).toBe(
      "INVALID_PROVIDER_CONFIG",
    )
    expect(thrown(() => makeAuth({ providers: [idp({ token: undefined })] })).code).toBe(
      "INVALID_PROVIDER_CONFIG",
    )
    expect(thrown(() => makeAuth({ providers: [idp({ id: "has space" })] })).code).toBe(
      "INVALID_PROVIDER_CONFIG",
    )
  })

  it("a provider's validate() sees the resolved provider (env applied) and its sentence becomes INVALID_PROVIDER_CONFIG", () => {
    const validate = (p: { issuer?: string }) =>
      p.issuer?.includes("/realms/")
        ? undefined
        : "`issuer` must include /realms/<realm>, e.g. https://kc.example.com/realms/staff"
    const e = thrown(() =>
      makeAuth({ providers: [idp({ issuer: "https://kc.example.com", validate })] }),
    )
    expect(e.code).toBe("INVALID_PROVIDER_CONFIG")
    expect(e.providerId).toBe("idp")
    expect(e.message).toBe(
      'Provider "idp": `issuer` must include /realms/<realm>, e.g. https://kc.example.com/realms/staff',
    )
    const env = { AUTH_IDP_ISSUER: "https://kc.example.com/realms/staff" }
    expect(
      makeAuth({ providers: [idp({ issuer: undefined, validate })], env }).providers.get("idp")
        ?.issuer,
    ).toBe(env.AUTH_IDP_ISSUER)
  })

  it("AUTH_<ID>_ISSUER reaches a factory whose endpoints derive from the issuer (defaults re-run with it)", () => {
    const bridge = defineProvider<Record<string, unknown>, OAuthUserConfig & { issuer?: string }>(
      (o) => ({
        id: "bridge",
        name: "Bridge",
        type: "oauth",
        issuer: o.issuer,
        authorization: o.issuer ? `${o.issuer}/oauth/authorize` : undefined,
        token: o.issuer ? `${o.issuer}/oauth/token` : undefined,
        validate: (p) =>
          p.issuer ? undefined : "`issuer` is required, e.g. https://sso.example.com",
      }),
    )
    const env = { AUTH_SSO_2_ISSUER: "https://sso.example.com" }
    const p = makeAuth({ env, providers: [bridge({ id: "sso-2", clientId: "c" })] }).providers.get(
      "sso-2",
    )!
    expect([p.issuer, p.authorization.url, p.token.url, p.clientId]).toEqual([
      "https://sso.example.com",
      "https://sso.example.com/oauth/authorize",
      "https://sso.example.com/oauth/token",
      "c",
    ])
    // an explicit issuer wins, and without either the provider's own validate() speaks
    const explicit = makeAuth({
      env,
      providers: [bridge({ id: "sso-2", clientId: "c", issuer: "https://other.example.com" })],
    }).providers.get("sso-2")!
    expect(explicit.token.url).toBe("https://other.example.com/oauth/token")
    expect(thrown(() => makeAuth({ providers: [bridge({ clientId: "c" })] })).message).toContain(
      "`issuer` is required",
    )
  })

  it("a defaults function may canonicalise a copy of the options (the user's object is left alone)", () => {
    const idp2 = defineProvider<Record<string, unknown>, OAuthUserConfig & { issuer?: string }>(
      (o) => {
        if (o.issuer && !o.issuer.endsWith("/oidc/2"))
          o.issuer = `${o.issuer.replace(/\/+$/, "")}/oidc/2`
        return { id: "idp2", name: "IdP", type: "oidc", issuer: o.issuer }
      },
    )
    const options = { clientId: "c", issuer: "https://acme.idp.example.com/" }
    expect(idp2(options).issuer).toBe("https://acme.idp.example.com/oidc/2")
    expect(options.issuer).toBe("https://acme.idp.example.com/")
    const env = { AUTH_IDP2_ISSUER: "https://env.idp.example.com" }
    expect(
      makeAuth({ env, providers: [idp2({ clientId: "c" })] }).providers.get("idp2")?.issuer,
    ).toBe("https://env.idp.example.com/oidc/2")
  })
})

describe("unknown routes and providers: 404 pages", () => {
  it("GET signin/nope, POST signin/nope and callback/nope answer a 404 HTML page without internals", async () => {
    const { auth, jar, logged } = setup()
    for (const [path, method] of [
      ["/api/auth/signin/nope", "GET"],
      ["/api/auth/signin/nope", "POST"],
      ["/api/auth/callback/nope?code=x&state=y", "GET"],
      ["/api/auth/callback/nope", "POST"],
    ] as const) {
      const response = await request(auth, jar, path, { method })
      expect(response.status, path).toBe(404)
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8")
      const html = await response.text()
      expect(html).toContain("Back to sign in")
      expect(html).toContain("That sign-in method does not exist on this site.")
      expect(html).toContain("UNKNOWN_PROVIDER")
      expect(html).not.toMatch(/\bat .+\.(ts|js):\d+/) // no stack trace
      expect(html).not.toContain("Configured:") // the log message stays in the log
    }
    expect(logged.every((e) => (e as AuthError).code === "UNKNOWN_PROVIDER")).toBe(true)
    expect(logged[0]?.message).toContain('"nope"')
  })

  it("unknown actions, extra segments, wrong methods and paths outside basePath answer 404", async () => {
    const { auth, jar } = setup()
    for (const [path, method] of [
      ["/api/auth/nope", "GET"],
      ["/api/auth/session/extra", "GET"],
      ["/api/auth/callback/idp/extra", "GET"],
      ["/api/auth/session", "DELETE"],
      ["/api/auth/csrf", "POST"],
      ["/api/auth/signout/idp", "POST"],
      ["/api/auth", "GET"],
      ["/elsewhere", "GET"],
    ] as const) {
      const response = await request(auth, jar, path, { method })
      expect(response.status, `${method} ${path}`).toBe(404)
      expect(await response.text()).toContain("That page does not exist.")
    }
  })
})

describe("the provider's answers", () => {
  it("?error=access_denied -> AccessDenied / ACCESS_DENIED, check cookies cleared, token endpoint untouched", async () => {
    const { auth, jar } = setup()
    const url = await startSignIn(auth, jar, "idp")
    const token = nock(IDP_AUTH)
      .post("/oauth/token")
      .reply(200, { access_token: "x", token_type: "bearer" })
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/idp?error=access_denied&error_description=User+cancelled&state=${url.searchParams.get("state")}`,
    )
    expectFailed(cb, jar, "AccessDenied", "ACCESS_DENIED")
    expect(token.isDone()).toBe(false)
    // other authorization errors
    const again = new Jar()
    await startSignIn(auth, again, "idp")
    expectFailed(
      await request(auth, again, "/api/auth/callback/idp?error=invalid_scope"),
      again,
      "OAuthCallbackError",
      "AUTHORIZATION_ERROR",
    )
  })

  it("token endpoint HTTP 400 {error: invalid_grant} -> TOKEN_ENDPOINT_ERROR; the logger gets the details", async () => {
    const { auth, jar, logged } = setup()
    nock(IDP_AUTH)
      .post("/oauth/token")
      .reply(400, { error: "invalid_grant", error_description: "Code expired" })
    const cb = await callback(auth, jar)
    expectFailed(cb, jar, "OAuthCallbackError", "TOKEN_ENDPOINT_ERROR")
    expect(logged).toHaveLength(1)
    const e = logged[0] as AuthError
    expect(e).toBeInstanceOf(AuthError)
    expect(e.code).toBe("TOKEN_ENDPOINT_ERROR")
    expect(e.providerId).toBe("idp")
    expect(e.message).toContain("invalid_grant")
    expect(e.message).toContain("Code expired")
    expect(e.cause).toBeDefined()
  })

  it("GitHub-style HTTP 200 {error} turned into a 400 by token.conform -> TOKEN_ENDPOINT_ERROR", async () => {
    const conform = async (response: Response) => {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as { error?: string } | null
      return body?.error
        ? new Response(JSON.stringify(body), {
            status: 400,
            headers: { "content-type": "application/json" },
          })
        : response
    }
    const { auth, jar, logged } = setup(idp({ token: { url: `${IDP_AUTH}/oauth/token`, conform } }))
    nock(IDP_AUTH).post("/oauth/token").reply(200, {
      error: "bad_verification_code",
      error_description: "The code passed is incorrect or expired.",
    })
    const cb = await callback(auth, jar)
    expectFailed(cb, jar, "OAuthCallbackError", "TOKEN_ENDPOINT_ERROR")
    expect(logged[0]?.message).toContain("bad_verification_code")
    expect(logged[0]?.message).toContain("incorrect or expired")
  })

  it("the same HTTP 200 {error} without a conform hook is still a failure (no session)", async () => {
    const { auth, jar, logged } = setup()
    nock(IDP_AUTH).post("/oauth/token").reply(200, { error: "bad_verification_code" })
    const cb = await callback(auth, jar)
    expect(errorOf(cb).error).toBe("OAuthCallbackError")
    expect(errorOf(cb).code).toMatch(/^TOKEN_/)
    expect(setCookies(cb).some((c) => c.name.includes("session-token"))).toBe(false)
    expect(logged).toHaveLength(1)
  })

  it("an HTML page with HTTP 200 from the token endpoint -> TOKEN_RESPONSE_NOT_JSON", async () => {
    const { auth, jar } = setup()
    nock(IDP_AUTH)
      .post("/oauth/token")
      .reply(200, "<html><body>Login</body></html>", { "content-type": "text/html" })
    expectFailed(await callback(auth, jar), jar, "OAuthCallbackError", "TOKEN_RESPONSE_NOT_JSON")
  })

  it("HTTP 503 from the token endpoint -> TOKEN_ENDPOINT_ERROR", async () => {
    const { auth, jar, logged } = setup()
    nock(IDP_AUTH)
      .post("/oauth/token")
      .reply(503, "Service Unavailable", { "content-type": "text/plain" })
    expectFailed(await callback(auth, jar), jar, "OAuthCallbackError", "TOKEN_ENDPOINT_ERROR")
    expect(logged[0]?.message).toContain("503")
  })

  it("a network failure -> TOKEN_REQUEST_FAILED", async () => {
    const { auth, jar } = setup()
    nock(IDP_AUTH)
      .post("/oauth/token")
      .replyWithError({ code: "ECONNRESET", message: "socket hang up" })
    expectFailed(await callback(auth, jar), jar, "OAuthCallbackError", "TOKEN_REQUEST_FAILED")
  })

  it("userinfo HTTP 401 (with or without WWW-Authenticate) -> USERINFO_ERROR", async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { "www-authenticate": 'Bearer error="invalid_token", error_description="expired"' },
    ]
    for (const headers of variants) {
      const { auth, jar } = setup()
      nock(IDP_AUTH).post("/oauth/token").reply(200, { access_token: "at", token_type: "bearer" })
      nock(IDP_API).get("/v1/me").reply(401, { message: "unauthorized" }, headers)
      expectFailed(await callback(auth, jar), jar, "OAuthCallbackError", "USERINFO_ERROR")
      expect(nock.isDone()).toBe(true)
    }
  })

  it("userinfo answering HTML -> USERINFO_NOT_JSON", async () => {
    const { auth, jar } = setup()
    nock(IDP_AUTH).post("/oauth/token").reply(200, { access_token: "at", token_type: "bearer" })
    nock(IDP_API).get("/v1/me").reply(200, "<html>oops</html>", { "content-type": "text/html" })
    expectFailed(await callback(auth, jar), jar, "OAuthCallbackError", "USERINFO_NOT_JSON")
  })

  it("a token response without access_token -> TOKEN_RESPONSE_INVALID", async () => {
    const { auth, jar } = setup()
    nock(IDP_AUTH).post("/oauth/token").reply(200, { token_type: "bearer" })
    expectFailed(await callback(auth, jar), jar, "OAuthCallbackError", "TOKEN_RESPONSE_INVALID")
  })
})

describe("mapping and the app's own refusals", () => {
  it("profile() throwing -> OAuthProfileParseError / PROFILE_MAPPING_FAILED (message has the cause)", async () => {
    const profile = (p: any) => ({ id: p.kakao_account.profile.id })
    const { auth, jar, logged } = setup(idp({ profile }))
    mockIdp({ profile: { id: 1 } })
    expectFailed(await callback(auth, jar), jar, "OAuthProfileParseError", "PROFILE_MAPPING_FAILED")
    expect(logged[0]?.message).toMatch(/profile\(\) of "idp" threw: .*(undefined|profile)/)
    expect(logged[0]?.cause).toBeInstanceOf(TypeError)
  })

  it("profile() returning no id (missing, null or empty) -> PROFILE_ID_MISSING", async () => {
    for (const user of [{ name: "x" }, { id: null }, { id: "" }]) {
      const { auth, jar } = setup(idp({ profile: () => user as never }))
      mockIdp()
      expectFailed(await callback(auth, jar), jar, "OAuthProfileParseError", "PROFILE_ID_MISSING")
    }
  })

  it("callbacks.signIn returning false -> AccessDenied / SIGNIN_REFUSED, and the error page answers 403", async () => {
    const seen: unknown[] = []
    const { auth, jar } = setup(idp(), {
      callbacks: {
        signIn: ({ user, account, profile }) => {
          seen.push([
            user.id,
            account.provider,
            account.providerAccountId,
            account.access_token,
            profile.email,
          ])
          return false
        },
      },
    })
    mockIdp()
    const cb = await callback(auth, jar)
    expectFailed(cb, jar, "AccessDenied", "SIGNIN_REFUSED")
    expect(seen).toEqual([["42", "idp", "42", "at-1", "ann@idp.example.com"]])
    const page = await request(auth, jar, cb.headers.get("location")!)
    expect(page.status).toBe(403)
    expect(await page.text()).toContain("Access was denied.")
  })

  it("a jwt callback returning null at sign-in refuses it too", async () => {
    const { auth, jar } = setup(idp(), { callbacks: { jwt: () => null } })
    mockIdp()
    expectFailed(await callback(auth, jar), jar, "AccessDenied", "SIGNIN_REFUSED")
  })

  it("an events.signIn that throws is logged and does not break the sign-in", async () => {
    const { auth, jar, logged } = setup(idp(), {
      events: {
        signIn: () => {
          throw new Error("analytics down")
        },
      },
    })
    mockIdp()
    const cb = await callback(auth, jar)
    expect(cb.headers.get("location")).toBe(ORIGIN)
    expect(jar.cookies.has("auth.session-token")).toBe(true)
    expect(logged.map((e) => e.message)).toEqual(["analytics down"])
  })

  it("a failed discovery -> OAuthSignInError / DISCOVERY_FAILED at sign-in start, no check cookies", async () => {
    const oidc: OAuthConfig = {
      id: "corp",
      name: "Corp",
      type: "oidc",
      issuer: "https://sso.corp.example.com",
      clientId: "c",
      clientSecret: "s",
    }
    const { auth, jar } = setup(oidc)
    nock("https://sso.corp.example.com").get("/.well-known/openid-configuration").reply(500, "down")
    const { csrfToken } = (await (await request(auth, jar, "/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const response = await request(auth, jar, "/api/auth/signin/corp", {
      method: "POST",
      form: { csrfToken },
    })
    expect(response.status).toBe(302)
    expect(errorOf(response)).toEqual({ error: "OAuthSignInError", code: "DISCOVERY_FAILED" })
    expect(
      setCookies(response).filter((c) => /state|pkce|nonce/.test(c.name) && c.value !== ""),
    ).toEqual([])
    expect(nock.isDone()).toBe(true)
  })
})

describe("GET /api/auth/error", () => {
  it("answers 4xx with readable text for type and code", async () => {
    const { auth, jar } = setup()
    for (const [query, status, text] of [
      [
        "error=InvalidCheck&code=STATE_MISMATCH",
        400,
        "does not belong to the sign-in started in this browser",
      ],
      ["error=AccessDenied&code=ACCESS_DENIED", 403, "Access was denied."],
      ["error=MissingCSRF&code=CSRF_MISSING", 403, "security token was missing"],
      ["error=InvalidProvider&code=UNKNOWN_PROVIDER", 404, "does not exist on this site"],
      [
        "error=OAuthCallbackError&code=TOKEN_ENDPOINT_ERROR",
        400,
        "The provider refused to complete the sign-in.",
      ],
      ["error=Whatever&code=SOMETHING", 400, "could not be used to sign you in"],
      ["", 400, "Back to sign in"],
    ] as const) {
      const response = await request(auth, jar, `/api/auth/error?${query}`)
      expect(response.status, query).toBe(status)
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8")
      expect(await response.text(), query).toContain(text)
    }
  })

  it("never echoes raw HTML from the query (code=<script>, error=<img>)", async () => {
    const { auth, jar } = setup()
    const response = await request(
      auth,
      jar,
      `/api/auth/error?error=${encodeURIComponent('<img src=x onerror="alert(1)">')}&code=${encodeURIComponent("<script>alert(1)</script>")}`,
    )
    expect(response.status).toBe(400)
    const html = await response.text()
    expect(html).not.toContain("<script>alert(1)</script>")
    expect(html).not.toContain("<img src=x")
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'")
  })

  it("a custom pages.error receives the redirect with type and code", async () => {
    const { auth, jar } = setup(idp(), { pages: { error: "/oops" } })
    const response = await request(auth, jar, "/api/auth/signin/idp", { method: "POST", form: {} })
    expect(response.headers.get("location")).toBe("/oops?error=MissingCSRF&code=CSRF_MISSING")
  })
})

describe("httpTimeout", () => {
  it("must be a positive number of milliseconds (INVALID_HTTP_TIMEOUT), from config or AUTH_HTTP_TIMEOUT", async () => {
    const base = { secret: "s".repeat(32), providers: [] }
    for (const bad of [0, -1, Number.NaN]) {
      expect(() => Auth({ ...base, env: {}, httpTimeout: bad })).toThrow(
        expect.objectContaining({ code: "INVALID_HTTP_TIMEOUT" }),
      )
    }
    expect(() => Auth({ ...base, env: { AUTH_HTTP_TIMEOUT: "soon" } })).toThrow(
      expect.objectContaining({ code: "INVALID_HTTP_TIMEOUT" }),
    )
    expect(() => Auth({ ...base, env: { AUTH_HTTP_TIMEOUT: "2500" } })).not.toThrow()
  })
})

describe("one code per cause, one status table", () => {
  it('session.strategy "database" without an adapter: MISSING_ADAPTER, naming both ways out', () => {
    const e = thrown(() => makeAuth({ providers: [idp()], session: { strategy: "database" } }))
    expect(e.type).toBe("Configuration")
    expect(e.code).toBe("MISSING_ADAPTER")
    expect(e.message).toContain("adapter")
    expect(e.message).toContain('"jwt"')
  })

  it("the error page's status comes from the type, as AuthError's does (unknown types are 400)", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const cases: Array<[string | undefined, number]> = [
      ["AccessDenied", 403],
      ["OAuthAccountNotLinked", 403],
      ["MissingCSRF", 403],
      ["InvalidProvider", 404],
      ["InvalidCheck", 400],
      ["toString", 400],
      ["NoSuchType", 400],
      [undefined, 400],
    ]
    for (const [type, status] of cases) {
      const query = type === undefined ? "" : `?error=${type}`
      const response = await auth.handler(new Request(`${ORIGIN}/api/auth/error${query}`))
      expect(response.status, String(type)).toBe(status)
      if (type === "AccessDenied" || type === "InvalidProvider" || type === "InvalidCheck") {
        expect(new AuthError(type, { code: "CALLBACK_FAILED", message: "m" }).status).toBe(status)
      }
    }
  })
})
