import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import type { OAuthConfig } from "../src/index.js"
import { Jar, makeAuth, request, startSignIn, browserHeaders } from "./helpers.js"

const kakaoLike = (over: Partial<OAuthConfig> = {}): OAuthConfig => ({
  id: "acme",
  name: "Acme",
  type: "oauth",
  clientId: "acme-client",
  clientSecret: "acme-secret",
  authorization: "https://auth.acme.test/oauth/authorize?scope=profile",
  token: "https://auth.acme.test/oauth/token",
  userinfo: "https://api.acme.test/v2/user/me",
  profile: (p: any) => ({ id: String(p.id), name: p.nick, email: p.mail, image: null }),
  ...over,
})

beforeAll(() => {
  nock.disableNetConnect()
})
afterEach(() => {
  nock.cleanAll()
})

describe("OAuth 2 sign-in through the handler (provider mocked with nock)", () => {
  it("redirects to the provider with the expected parameters and sealed check cookies", async () => {
    const auth = makeAuth({ providers: [kakaoLike()] })
    const jar = new Jar()
    const url = await startSignIn(auth, jar, "acme")
    expect(url.origin + url.pathname).toBe("https://auth.acme.test/oauth/authorize")
    expect(url.searchParams.get("client_id")).toBe("acme-client")
    expect(url.searchParams.get("redirect_uri")).toBe(
      "http://localhost:3000/api/auth/callback/acme",
    )
    expect(url.searchParams.get("response_type")).toBe("code")
    expect(url.searchParams.get("scope")).toBe("profile")
    expect(url.searchParams.get("code_challenge_method")).toBe("S256")
    expect(url.searchParams.get("state")).toMatch(/^[\w-]{43}$/)
    expect([...jar.cookies.keys()].sort()).toEqual([
      "auth.check-binding",
      "auth.csrf-token",
      "auth.pkce.code_verifier",
      "auth.state",
    ])
    // the state value is sealed, not stored in clear
    expect(jar.cookies.get("auth.state")).not.toContain(url.searchParams.get("state"))
  })

  it("completes the callback: token request (Basic auth, PKCE verifier), userinfo with Bearer, JWT session", async () => {
    const auth = makeAuth({ providers: [kakaoLike()] })
    const jar = new Jar()
    const url = await startSignIn(auth, jar, "acme", { callbackUrl: "/dashboard" })
    let tokenBody = ""
    let tokenAuth = ""
    nock("https://auth.acme.test")
      .post("/oauth/token", (body) => {
        tokenBody = new URLSearchParams(body).toString()
        return true
      })
      .reply(function () {
        tokenAuth = String(this.req.headers.authorization)
        return [
          200,
          { access_token: "at-1", token_type: "bearer", expires_in: 3600, refresh_token: "rt-1" },
        ]
      })
    let bearer = ""
    nock("https://api.acme.test")
      .get("/v2/user/me")
      .reply(function () {
        bearer = String(this.req.headers.authorization)
        return [200, { id: 1234, nick: "Ann", mail: "ann@acme.test" }]
      })
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/acme?code=the-code&state=${url.searchParams.get("state")}`,
    )
    expect(cb.status).toBe(302)
    expect(cb.headers.get("location")).toBe("http://localhost:3000/dashboard")
    const sent = new URLSearchParams(tokenBody)
    expect(sent.get("grant_type")).toBe("authorization_code")
    expect(sent.get("code")).toBe("the-code")
    expect(sent.get("redirect_uri")).toBe("http://localhost:3000/api/auth/callback/acme")
    expect(sent.get("code_verifier")).toMatch(/^[\w-]{43,128}$/)
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding
    const [user, pass] = Buffer.from(tokenAuth.replace(/^Basic /, ""), "base64")
      .toString()
      .split(":")
    expect([decodeURIComponent(user!), decodeURIComponent(pass!)]).toEqual([
      "acme-client",
      "acme-secret",
    ])
    expect(bearer).toBe("Bearer at-1")
    // check cookies are cleared, session cookie set
    expect([...jar.cookies.keys()].sort()).toEqual([
      "auth.check-binding",
      "auth.csrf-token",
      "auth.session-token",
    ])
    const session = await auth.getSession(browserHeaders(jar.header()))
    expect(session?.user).toEqual({ name: "Ann", email: "ann@acme.test", image: null })
  })
})
