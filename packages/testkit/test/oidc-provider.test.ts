import { connect } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import {
  startOidcProvider,
  TestBrowser,
  type RunningOidcProvider,
  type StartOidcProviderOptions,
} from "../src/index.js"
import { createFakeApp, decodeJwt, discover, exchangeCode, verifyJwtSignature } from "./helpers.js"

const APP_ORIGIN = "http://localhost:3000"
const CLIENT = { id: "test-app", secret: "test-app-secret", redirectUri: `${APP_ORIGIN}/callback` }

const running: RunningOidcProvider[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((op) => op.stop()))
})

async function start(options: Partial<StartOidcProviderOptions> = {}) {
  const op = await startOidcProvider({
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [CLIENT.redirectUri],
        post_logout_redirect_uris: [`${APP_ORIGIN}/`],
      },
    ],
    ...options,
  })
  running.push(op)
  return op
}

function canConnect(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host })
    socket.once("connect", () => {
      socket.destroy()
      resolve(true)
    })
    socket.once("error", () => resolve(false))
  })
}

describe("startOidcProvider: discovery", () => {
  it("serves discovery on 127.0.0.1 with the issuer, endpoints and capabilities the client tests rely on", async () => {
    const op = await start()
    expect(op.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(op.issuer).toBe(`http://127.0.0.1:${op.port}`)
    const d = await discover(op.issuer)
    expect(d.issuer).toBe(op.issuer)
    expect(d.authorization_endpoint).toBe(`${op.issuer}/auth`)
    expect(d.token_endpoint).toBe(`${op.issuer}/token`)
    expect(d.userinfo_endpoint).toBe(`${op.issuer}/me`)
    expect(d.end_session_endpoint).toBe(`${op.issuer}/session/end`)
    expect(d.code_challenge_methods_supported).toEqual(["S256"])
    expect(d.response_modes_supported).toContain("form_post")
    expect(d.authorization_response_iss_parameter_supported).toBe(true)
    expect(d.id_token_signing_alg_values_supported).toContain("RS256")
    expect(d.scopes_supported).toEqual(["openid", "email", "profile", "offline_access"])
    expect(d.claims_supported).toEqual(
      expect.arrayContaining(["sub", "email", "email_verified", "name", "picture"]),
    )
    const jwks = (await (await fetch(d.jwks_uri)).json()) as {
      keys: Array<Record<string, unknown>>
    }
    expect(jwks.keys.map((k) => k.kty)).toEqual(["RSA", "EC"])
    for (const k of jwks.keys) expect(k).not.toHaveProperty("d")
    expect(op.users.map((u) => u.sub)).toEqual(["alice", "bob"])
  })

  it("refuses to listen on a non-loopback address", async () => {
    await expect(startOidcProvider({ clients: [], host: "0.0.0.0" })).rejects.toThrow(/loopback/)
  })

  it("honours issuedScopes", async () => {
    const op = await start({ issuedScopes: ["openid", "email"] })
    const d = await discover(op.issuer)
    expect(d.scopes_supported).toEqual(["openid", "email"])
    expect(d.claims_supported).toContain("email")
    expect(d.claims_supported).not.toContain("name")
  })
})

describe("startOidcProvider: authorization code flow (auto login)", () => {
  it("completes code + PKCE + nonce end to end and returns the user's claims in id_token and userinfo", async () => {
    const op = await start()
    const d = await discover(op.issuer)
    const app = createFakeApp({
      discovery: d,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
    })
    const browser = new TestBrowser({ handler: app.handler, origin: APP_ORIGIN })

    const nav = await browser.navigate("/login")
    expect(nav.response.status).toBe(200)
    expect(nav.url).toBe(`${APP_ORIGIN}/done`)
    expect(await nav.response.text()).toContain("Signed in")
    // The whole way: app -> OP authorization -> interaction (login) -> resume -> interaction (consent) -> resume -> app
    expect(nav.history[0]).toBe(`${APP_ORIGIN}/login`)
    expect(nav.history[1]).toMatch(new RegExp(`^${op.issuer}/auth\\?`))
    expect(nav.history.filter((u) => u.startsWith(`${op.issuer}/interaction/`))).toHaveLength(2)
    expect(nav.history.at(-2)).toMatch(/^http:\/\/localhost:3000\/callback\?/)

    expect(app.callbacks).toHaveLength(1)
    const cb = app.callbacks[0]!
    const request = app.authRequests[0]!
    expect(cb.method).toBe("GET")
    expect(cb.params.get("state")).toBe(request.state)
    expect(cb.params.get("iss")).toBe(op.issuer) // RFC 9207
    const code = cb.params.get("code")
    expect(code).toBeTruthy()

    const tokens = await exchangeCode(d, CLIENT, code!, request.codeVerifier)
    expect(tokens.status).toBe(200)
    expect(tokens.body.token_type).toBe("Bearer")
    const idToken = tokens.body.id_token as string
    const { header, payload } = decodeJwt(idToken)
    expect(header.alg).toBe("RS256")
    expect(await verifyJwtSignature(idToken, d.jwks_uri)).toBe(true)
    expect(payload).toMatchObject({
      iss: op.issuer,
      aud: CLIENT.id,
      sub: "alice",
      nonce: request.nonce,
      email: "alice@example.test",
      email_verified: true,
      name: "Alice Example",
      picture: "https://example.test/avatars/alice.png",
    })
    expect(payload).not.toHaveProperty("password")

    const userinfo = await fetch(d.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokens.body.access_token as string}` },
    })
    expect(userinfo.status).toBe(200)
    expect(await userinfo.json()).toMatchObject({
      sub: "alice",
      email: "alice@example.test",
      email_verified: true,
      name: "Alice Example",
    })

    // The code is single-use.
    const replay = await exchangeCode(d, CLIENT, code!, request.codeVerifier)
    expect(replay.status).toBe(400)
    expect(replay.body.error).toBe("invalid_grant")
  })

  it("signs in the user named by login_hint (by email) and releases only granted-scope claims plus custom claims", async () => {
    const op = await start({
      users: [
        { sub: "u1", email: "one@example.test", name: "One" },
        {
          sub: "u2",
          email: "two@example.test",
          email_verified: true,
          name: "Two",
          groups: ["admins"],
          password: "secret",
        },
      ],
    })
    const d = await discover(op.issuer)
    const app = createFakeApp({
      discovery: d,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
      scope: "openid email",
    })
    const browser = new TestBrowser({ handler: app.handler, origin: APP_ORIGIN })
    await browser.navigate("/login?login_hint=two%40example.test")
    const tokens = await exchangeCode(
      d,
      CLIENT,
      app.callbacks[0]!.params.get("code")!,
      app.authRequests[0]!.codeVerifier,
    )
    const { payload } = decodeJwt(tokens.body.id_token as string)
    expect(payload.sub).toBe("u2")
    expect(payload.email).toBe("two@example.test")
    expect(payload.groups).toEqual(["admins"])
    expect(payload).not.toHaveProperty("name") // profile scope not requested
    expect(payload).not.toHaveProperty("password")
  })

  it("rejects a wrong PKCE code_verifier", async () => {
    const op = await start()
    const d = await discover(op.issuer)
    const app = createFakeApp({
      discovery: d,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
    })
    const browser = new TestBrowser({ handler: app.handler, origin: APP_ORIGIN })
    await browser.navigate("/login")
    const code = app.callbacks[0]!.params.get("code")!
    const wrong = await exchangeCode(d, CLIENT, code, "x".repeat(43))
    expect(wrong.status).toBe(400)
    expect(wrong.body.error).toBe("invalid_grant")
  })

  it('pkce: "optional" accepts a request without PKCE, "required" rejects it at the authorization endpoint', async () => {
    const optional = await start()
    const d1 = await discover(optional.issuer)
    const app1 = createFakeApp({
      discovery: d1,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
      noPkce: true,
    })
    await new TestBrowser({ handler: app1.handler, origin: APP_ORIGIN }).navigate("/login")
    const ok = await exchangeCode(d1, CLIENT, app1.callbacks[0]!.params.get("code")!, undefined)
    expect(ok.status).toBe(200)

    const required = await start({ pkce: "required" })
    const d2 = await discover(required.issuer)
    const app2 = createFakeApp({
      discovery: d2,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
      noPkce: true,
    })
    await new TestBrowser({ handler: app2.handler, origin: APP_ORIGIN }).navigate("/login")
    const cb = app2.callbacks[0]!
    expect(cb.params.get("code")).toBeNull()
    expect(cb.params.get("error")).toBe("invalid_request")
    expect(cb.params.get("error_description")).toMatch(/PKCE/)
    expect(cb.params.get("state")).toBe(app2.authRequests[0]!.state)
  })

  it("issues a refresh token for offline_access only with prompt=consent, and the refresh grant works", async () => {
    const op = await start()
    const d = await discover(op.issuer)
    const withoutPrompt = createFakeApp({
      discovery: d,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
      scope: "openid offline_access",
    })
    await new TestBrowser({ handler: withoutPrompt.handler, origin: APP_ORIGIN }).navigate("/login")
    const t1 = await exchangeCode(
      d,
      CLIENT,
      withoutPrompt.callbacks[0]!.params.get("code")!,
      withoutPrompt.authRequests[0]!.codeVerifier,
    )
    expect(t1.status).toBe(200)
    expect(t1.body.scope).toBe("openid") // oidc-provider drops offline_access without prompt=consent
    expect(t1.body).not.toHaveProperty("refresh_token")

    const app = createFakeApp({
      discovery: d,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
      scope: "openid email offline_access",
      extraParams: { prompt: "consent" },
    })
    await new TestBrowser({ handler: app.handler, origin: APP_ORIGIN }).navigate("/login")
    const t2 = await exchangeCode(
      d,
      CLIENT,
      app.callbacks[0]!.params.get("code")!,
      app.authRequests[0]!.codeVerifier,
    )
    expect(t2.body.scope).toBe("openid email offline_access")
    expect(typeof t2.body.refresh_token).toBe("string")

    const refreshed = await fetch(d.token_endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: t2.body.refresh_token as string,
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
      }),
    })
    // client_secret_post is not this client's registered method
    expect(refreshed.status).toBe(401)
    const ok = await fetch(d.token_endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString("base64")}`,
      },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: t2.body.refresh_token as string,
      }),
    })
    expect(ok.status).toBe(200)
    const body = (await ok.json()) as Record<string, unknown>
    expect(decodeJwt(body.id_token as string).payload).toMatchObject({
      sub: "alice",
      email: "alice@example.test",
    })
  })

  it("enforces each client's registered token_endpoint_auth_method (post, basic, none)", async () => {
    const op = await startOidcProvider({
      clients: [
        {
          client_id: "post-app",
          client_secret: "post-secret",
          token_endpoint_auth_method: "client_secret_post",
          redirect_uris: [CLIENT.redirectUri],
        },
        { client_id: "public-app", redirect_uris: [CLIENT.redirectUri] },
      ],
    })
    running.push(op)
    const d = await discover(op.issuer)
    const signIn = async (clientId: string) => {
      const app = createFakeApp({ discovery: d, clientId, redirectUri: CLIENT.redirectUri })
      await new TestBrowser({ handler: app.handler, origin: APP_ORIGIN }).navigate("/login")
      return {
        code: app.callbacks[0]!.params.get("code")!,
        verifier: app.authRequests[0]!.codeVerifier,
      }
    }
    const post = (params: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(d.token_endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body: new URLSearchParams(params),
      })

    const a = await signIn("post-app")
    const viaBasic = await exchangeCode(
      d,
      { id: "post-app", secret: "post-secret", redirectUri: CLIENT.redirectUri },
      a.code,
      a.verifier,
    )
    expect(viaBasic.status).toBe(401)
    expect(viaBasic.body.error).toBe("invalid_client")

    const b = await signIn("post-app")
    const viaPost = await post({
      grant_type: "authorization_code",
      code: b.code,
      redirect_uri: CLIENT.redirectUri,
      code_verifier: b.verifier,
      client_id: "post-app",
      client_secret: "post-secret",
    })
    expect(viaPost.status).toBe(200)
    const wrongSecret = await post({
      grant_type: "authorization_code",
      code: b.code,
      redirect_uri: CLIENT.redirectUri,
      code_verifier: b.verifier,
      client_id: "post-app",
      client_secret: "nope",
    })
    expect(wrongSecret.status).toBe(401)

    const c = await signIn("public-app")
    const pub = await post({
      grant_type: "authorization_code",
      code: c.code,
      redirect_uri: CLIENT.redirectUri,
      code_verifier: c.verifier,
      client_id: "public-app",
    })
    expect(pub.status).toBe(200)
    expect(decodeJwt(((await pub.json()) as { id_token: string }).id_token).payload.aud).toBe(
      "public-app",
    )
  })

  it("signs the id_token with ES256 for a client registered with id_token_signed_response_alg ES256", async () => {
    const op = await startOidcProvider({
      clients: [
        {
          client_id: CLIENT.id,
          client_secret: CLIENT.secret,
          redirect_uris: [CLIENT.redirectUri],
          id_token_signed_response_alg: "ES256",
        },
      ],
    })
    running.push(op)
    const d = await discover(op.issuer)
    const app = createFakeApp({
      discovery: d,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
    })
    await new TestBrowser({ handler: app.handler, origin: APP_ORIGIN }).navigate("/login")
    const tokens = await exchangeCode(
      d,
      CLIENT,
      app.callbacks[0]!.params.get("code")!,
      app.authRequests[0]!.codeVerifier,
    )
    const idToken = tokens.body.id_token as string
    expect(decodeJwt(idToken).header.alg).toBe("ES256")
    expect(await verifyJwtSignature(idToken, d.jwks_uri)).toBe(true)
    // Tampering breaks the signature check (the verifier is real).
    const [h, , sig] = idToken.split(".")
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(idToken).payload, sub: "mallory" })).toString("base64url")}.${sig}`
    expect(await verifyJwtSignature(forged, d.jwks_uri)).toBe(false)
  })

  it("keeps the OP session: a second sign-in skips the login prompt, and RP-initiated logout ends it", async () => {
    const op = await start()
    const d = await discover(op.issuer)
    const app = createFakeApp({
      discovery: d,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
    })
    const browser = new TestBrowser({ handler: app.handler, origin: APP_ORIGIN })
    await browser.navigate("/login")
    expect(browser.cookies.list("127.0.0.1").map((c) => c.name)).toContain("_session")

    const second = await browser.navigate("/login")
    expect(second.history.filter((u) => u.includes("/interaction/"))).toHaveLength(0)
    expect(app.callbacks[1]!.params.get("code")).toBeTruthy()
    const tokens = await exchangeCode(
      d,
      CLIENT,
      app.callbacks[1]!.params.get("code")!,
      app.authRequests[1]!.codeVerifier,
    )

    const logout = new URL(d.end_session_endpoint)
    logout.searchParams.set("id_token_hint", tokens.body.id_token as string)
    logout.searchParams.set("post_logout_redirect_uri", `${APP_ORIGIN}/`)
    logout.searchParams.set("state", "bye")
    const out = await browser.navigate(logout.href)
    expect(out.url).toBe(`${APP_ORIGIN}/?state=bye`)
    expect(browser.cookies.list("127.0.0.1").map((c) => c.name)).not.toContain("_session")

    // Signed out: the next sign-in goes through the login interaction again.
    const third = await browser.navigate("/login")
    expect(third.history.filter((u) => u.includes("/interaction/"))).toHaveLength(2)
  })
})

describe('startOidcProvider: login "form"', () => {
  it("shows a login form, rejects a wrong password, accepts the right one, then asks for consent", async () => {
    const op = await start({ login: "form" })
    const d = await discover(op.issuer)
    const app = createFakeApp({
      discovery: d,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
    })
    const browser = new TestBrowser({ handler: app.handler, origin: APP_ORIGIN })

    const loginPage = await browser.navigate("/login")
    expect(loginPage.response.status).toBe(200)
    expect(loginPage.url).toMatch(new RegExp(`^${op.issuer}/interaction/[^/]+$`))
    const loginHtml = await loginPage.response.text()
    expect(loginHtml).toContain('name="password"')
    expect(app.callbacks).toHaveLength(0)

    const rejected = await browser.submitForm(loginHtml, loginPage.url, {
      login: "alice",
      password: "not-the-password",
    })
    expect(rejected.response.status).toBe(401)
    expect(rejected.url).toBe(`${loginPage.url}/login`)
    const rejectedHtml = await rejected.response.text()
    expect(rejectedHtml).toContain("Invalid login or password.")
    expect(rejectedHtml).toContain('name="password"')
    expect(app.callbacks).toHaveLength(0)

    const unknown = await browser.submitForm(rejectedHtml, rejected.url, {
      login: "mallory",
      password: "password",
    })
    expect(unknown.response.status).toBe(401)
    const unknownHtml = await unknown.response.text()

    const consentPage = await browser.submitForm(unknownHtml, unknown.url, {
      login: "bob@example.test",
      password: "password",
    })
    expect(consentPage.response.status).toBe(200)
    const consentHtml = await consentPage.response.text()
    expect(consentHtml).toContain("Authorize")
    expect(consentHtml).toContain("scope: email")
    expect(app.callbacks).toHaveLength(0)

    const done = await browser.submitForm(consentHtml, consentPage.url)
    expect(done.url).toBe(`${APP_ORIGIN}/done`)
    expect(app.callbacks).toHaveLength(1)
    const cb = app.callbacks[0]!
    expect(cb.params.get("iss")).toBe(op.issuer)
    const tokens = await exchangeCode(
      d,
      CLIENT,
      cb.params.get("code")!,
      app.authRequests[0]!.codeVerifier,
    )
    const { payload } = decodeJwt(tokens.body.id_token as string)
    expect(payload).toMatchObject({
      sub: "bob",
      email: "bob@example.test",
      email_verified: false,
      nonce: app.authRequests[0]!.nonce,
    })
  })

  it("uses each user's own password and lets the user cancel (access_denied)", async () => {
    const op = await start({
      login: "form",
      users: [{ sub: "carol", email: "carol@example.test", password: "s3cret" }],
    })
    const d = await discover(op.issuer)
    const app = createFakeApp({
      discovery: d,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
    })
    const browser = new TestBrowser({ handler: app.handler, origin: APP_ORIGIN })

    const page = await browser.navigate("/login?login_hint=carol")
    const html = await page.response.text()
    expect(html).toContain('value="carol"') // login_hint pre-fills the login field
    const wrong = await browser.submitForm(html, page.url, { password: "password" })
    expect(wrong.response.status).toBe(401)
    const consent = await browser.submitForm(await wrong.response.text(), wrong.url, {
      login: "carol",
      password: "s3cret",
    })
    expect(consent.response.status).toBe(200)
    const cancelled = await browser.submitForm(await consent.response.text(), consent.url, {}, 1) // the "Cancel" form
    expect(cancelled.url).toBe(`${APP_ORIGIN}/done`)
    expect(app.callbacks[0]!.params.get("error")).toBe("access_denied")
    expect(app.callbacks[0]!.params.get("code")).toBeNull()
  })
})

describe("startOidcProvider: response_mode=form_post", () => {
  it("delivers the callback as a cross-site POST that carries SameSite=None cookies but not Lax/Strict ones", async () => {
    const op = await start()
    const d = await discover(op.issuer)
    const app = createFakeApp({
      discovery: d,
      clientId: CLIENT.id,
      redirectUri: CLIENT.redirectUri,
      responseMode: "form_post",
      cookiesOnLogin: [
        "lax_state=L; Path=/; HttpOnly; SameSite=Lax",
        "strict_state=S; Path=/; HttpOnly; SameSite=Strict",
        "default_state=D; Path=/; HttpOnly",
        "none_state=N; Path=/; HttpOnly; Secure; SameSite=None",
      ],
    })
    const browser = new TestBrowser({ handler: app.handler, origin: APP_ORIGIN })
    const nav = await browser.navigate("/login")
    expect(nav.url).toBe(`${APP_ORIGIN}/done`)
    expect(nav.history).toContain(`${APP_ORIGIN}/callback`)

    expect(app.callbacks).toHaveLength(1)
    const cb = app.callbacks[0]!
    expect(cb.method).toBe("POST")
    expect(cb.url).toBe(`${APP_ORIGIN}/callback`)
    expect(cb.origin).toBe(op.issuer)
    expect(cb.params.get("state")).toBe(app.authRequests[0]!.state)
    expect(cb.params.get("iss")).toBe(op.issuer)
    const code = cb.params.get("code")
    expect(code).toBeTruthy()

    expect(cb.cookie).toContain("none_state=N")
    expect(cb.cookie).not.toContain("lax_state")
    expect(cb.cookie).not.toContain("strict_state")
    expect(cb.cookie).not.toContain("default_state") // no SameSite attribute = Lax

    // The 303 to /done after the POST is a top-level GET in a cross-site chain: Lax yes, Strict no.
    const done = app.doneCookies[0]!
    expect(done).toContain("lax_state=L")
    expect(done).toContain("app_session=signed-in")
    expect(done).toContain("none_state=N")
    expect(done).not.toContain("strict_state")

    const tokens = await exchangeCode(d, CLIENT, code!, app.authRequests[0]!.codeVerifier)
    expect(tokens.status).toBe(200)
    expect(decodeJwt(tokens.body.id_token as string).payload.nonce).toBe(app.authRequests[0]!.nonce)
  })
})

describe("startOidcProvider: stop()", () => {
  it("frees the port promptly even with keep-alive and half-sent requests open", async () => {
    const op = await startOidcProvider({ clients: [] })
    expect(await canConnect(op.port)).toBe(true)
    const res = await fetch(`${op.issuer}/.well-known/openid-configuration`, {
      headers: { connection: "keep-alive" },
    })
    expect(res.status).toBe(200)
    await res.text()
    // A client stuck mid-request: server.close() alone would wait for it (headersTimeout, 60 s).
    const stuck = connect({ port: op.port, host: "127.0.0.1" })
    await new Promise<void>((resolve) => stuck.once("connect", () => resolve()))
    stuck.write(`GET /.well-known/openid-configuration HTTP/1.1\r\nHost: 127.0.0.1:${op.port}\r\n`)
    const stuckClosed = new Promise<void>((resolve) => stuck.once("close", () => resolve()))
    stuck.on("error", () => {})
    await new Promise((r) => setTimeout(r, 50))

    const t0 = Date.now()
    await Promise.race([
      op.stop(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error("stop() took more than 2 s")), 2000),
      ),
    ])
    expect(Date.now() - t0).toBeLessThan(1000)
    await stuckClosed
    expect(await canConnect(op.port)).toBe(false)
    await expect(fetch(`${op.issuer}/.well-known/openid-configuration`)).rejects.toThrow()
    await op.stop() // idempotent
  })

  it("listens on a requested port", async () => {
    const first = await startOidcProvider({ clients: [] })
    const port = first.port
    await first.stop()
    const op = await startOidcProvider({ clients: [], port })
    running.push(op)
    expect(op.port).toBe(port)
    expect(op.issuer).toBe(`http://127.0.0.1:${port}`)
    expect((await discover(op.issuer)).issuer).toBe(op.issuer)
  })
})
