/**
 * The spec's endpoint forms (URL string with query, `{ url, params }`, `{ request(context) }`), the
 * `userinfo: { request: () => {} }` no-op, the spec's custom Kakao-style object provider, and the
 * legacy top-level `scope`.
 */
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import type {
  AuthConfig,
  OAuthConfig,
  Session,
  TokenContext,
  UserinfoContext,
} from "../src/index.js"
import {
  IDP_API,
  IDP_AUTH,
  Jar,
  ORIGIN,
  idp,
  makeAuth,
  mockIdp,
  request,
  startSignIn,
  browserHeaders,
} from "./helpers.js"

beforeAll(() => {
  nock.disableNetConnect()
})
afterEach(() => {
  nock.cleanAll()
})

async function finish(provider: OAuthConfig, config: Partial<AuthConfig> = {}) {
  const auth = makeAuth({ providers: [provider], ...config })
  const jar = new Jar()
  const url = await startSignIn(auth, jar, provider.id)
  const response = await request(
    auth,
    jar,
    `/api/auth/callback/${provider.id}?code=the-code&state=${url.searchParams.get("state")}`,
  )
  return { auth, jar, url, response }
}

describe("token endpoint forms", () => {
  it("a URL string with a query: the query goes into the token request body, not the URL", async () => {
    const seen = mockIdp()
    const { response } = await finish(
      idp({ token: `${IDP_AUTH}/oauth/token?some=param&grant_extra=1` }),
    )
    expect(response.headers.get("location")).toBe(ORIGIN)
    const body = seen.tokenBodies[0]!
    expect(body.get("some")).toBe("param")
    expect(body.get("grant_extra")).toBe("1")
    expect(body.get("grant_type")).toBe("authorization_code")
    expect(body.get("code")).toBe("the-code")
  })

  it("{ url, params }: params are sent in the body", async () => {
    const seen = mockIdp()
    const { response } = await finish(
      idp({ token: { url: `${IDP_AUTH}/oauth/token`, params: { some: "param", empty: "" } } }),
    )
    expect(response.headers.get("location")).toBe(ORIGIN)
    expect(seen.tokenBodies[0]!.get("some")).toBe("param")
    expect(seen.tokenBodies[0]!.has("empty")).toBe(false)
  })

  it("{ request(context) }: called with the callback params, the checks and the context; its tokens are used; the endpoint is not hit", async () => {
    const contexts: TokenContext[] = []
    const tokenEndpoint = nock(IDP_AUTH)
      .post("/oauth/token")
      .reply(200, { access_token: "from-endpoint", token_type: "bearer" })
    let bearer = ""
    nock(IDP_API)
      .get("/v1/me")
      .reply(function () {
        bearer = String(this.req.headers.authorization)
        return [200, { id: 5, name: "Req", email: "req@idp.example.com" }]
      })
    const provider = idp({
      token: {
        url: `${IDP_AUTH}/oauth/token`,
        async request(context) {
          contexts.push(context)
          return { tokens: { access_token: "custom-at", token_type: "bearer", expires_in: 60 } }
        },
      },
    })
    const { auth, jar, url, response } = await finish(provider)
    expect(response.headers.get("location")).toBe(ORIGIN)
    expect(tokenEndpoint.isDone()).toBe(false)
    expect(bearer).toBe("Bearer custom-at")
    expect(contexts).toHaveLength(1)
    const ctx = contexts[0]!
    expect(ctx.params.code).toBe("the-code")
    expect(ctx.params.state).toBe(url.searchParams.get("state"))
    expect(ctx.checks.state).toBe(url.searchParams.get("state"))
    const verifier = ctx.checks.code_verifier!
    expect(verifier).toMatch(/^[\w-]{43,128}$/)
    const challenge = Buffer.from(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)),
    ).toString("base64url")
    expect(challenge).toBe(url.searchParams.get("code_challenge"))
    expect(ctx.callbackUrl).toBe("http://localhost:3000/api/auth/callback/idp")
    expect(ctx.provider.id).toBe("idp")
    expect(ctx.provider.clientSecret).toBe("idp-secret")
    expect(typeof ctx.fetch).toBe("function")
    expect(ctx.config?.serverMetadata().token_endpoint).toBe(`${IDP_AUTH}/oauth/token`)
    expect((await auth.getSession(browserHeaders(jar.header())))?.user.email).toBe(
      "req@idp.example.com",
    )
  })

  it("{ request } without a url is valid; a request that throws fails the sign-in with TOKEN_REQUEST_FAILED", async () => {
    nock(IDP_API).get("/v1/me").reply(200, { id: 1, name: "No URL" })
    const ok = await finish(
      idp({ token: { request: () => ({ tokens: { access_token: "x", token_type: "bearer" } }) } }),
    )
    expect(ok.response.headers.get("location")).toBe(ORIGIN)

    const failing = await finish(
      idp({
        token: {
          request: () => {
            throw new Error("vendor SDK exploded")
          },
        },
      }),
    )
    expect(
      new URL(failing.response.headers.get("location")!, ORIGIN).searchParams.get("code"),
    ).toBe("TOKEN_REQUEST_FAILED")
    expect(failing.jar.cookies.has("auth.session-token")).toBe(false)
  })
})

describe("userinfo endpoint forms", () => {
  it("{ request: () => {} } is a no-op: no userinfo call, profile() receives {} (no id_token)", async () => {
    const received: unknown[] = []
    nock(IDP_AUTH)
      .post("/oauth/token")
      .reply(200, { access_token: "at", token_type: "bearer", user_id: "u-9" })
    const userinfo = nock(IDP_API).get("/v1/me").reply(200, { id: "never" })
    const { auth, jar, response } = await finish(
      idp({
        userinfo: { request: () => {} },
        profile: (p, tokens) => {
          received.push(p)
          return { id: String(tokens.user_id), name: "From tokens" }
        },
      }),
      {
        callbacks: {
          session: ({ session, token }) => ({
            ...session,
            user: { ...session.user, id: token.sub },
          }),
        },
      },
    )
    expect(response.headers.get("location")).toBe(ORIGIN)
    expect(received).toEqual([{}])
    expect(userinfo.isDone()).toBe(false)
    expect((await auth.getSession(browserHeaders(jar.header())))?.user).toMatchObject({
      id: "u-9",
      name: "From tokens",
    })
  })

  it("{ request(context) } returning a profile: receives the tokens, its result goes to profile()", async () => {
    const contexts: UserinfoContext[] = []
    nock(IDP_AUTH).post("/oauth/token").reply(200, { access_token: "at-ui", token_type: "bearer" })
    const { response, jar, auth } = await finish(
      idp({
        userinfo: {
          url: `${IDP_API}/v1/me`,
          request: (context) => {
            contexts.push(context)
            return { id: 77, name: "Custom", email: "custom@idp.example.com" }
          },
        },
      }),
    )
    expect(response.headers.get("location")).toBe(ORIGIN)
    expect(contexts[0]?.tokens.access_token).toBe("at-ui")
    expect(contexts[0]?.callbackUrl).toBe("http://localhost:3000/api/auth/callback/idp")
    expect((await auth.getSession(browserHeaders(jar.header())))?.user.name).toBe("Custom")
  })

  it("{ url, params } adds the params to the userinfo query (and a string's query is kept too)", async () => {
    for (const userinfo of [
      { url: `${IDP_API}/v1/me`, params: { fields: "id,name,email", locale: "ko" } },
      `${IDP_API}/v1/me?fields=id,name,email&locale=ko`,
    ]) {
      nock(IDP_AUTH).post("/oauth/token").reply(200, { access_token: "at", token_type: "bearer" })
      const me = nock(IDP_API)
        .get("/v1/me")
        .query({ fields: "id,name,email", locale: "ko" })
        .matchHeader("authorization", "Bearer at")
        .reply(200, { id: 3, name: "Q" })
      const { response } = await finish(idp({ userinfo }))
      expect(response.headers.get("location")).toBe(ORIGIN)
      expect(me.isDone()).toBe(true)
    }
  })
})

describe("the spec's custom object provider (Kakao)", () => {
  const kakao = {
    id: "kakao",
    name: "Kakao",
    type: "oauth",
    authorization: "https://kauth.kakao.com/oauth/authorize",
    token: "https://kauth.kakao.com/oauth/token",
    userinfo: "https://kapi.kakao.com/v2/user/me",
    profile(profile: any) {
      return {
        id: profile.id,
        name: profile.kakao_account?.profile.nickname,
        email: profile.kakao_account?.email,
        image: profile.kakao_account?.profile.profile_image_url,
      }
    },
  } satisfies OAuthConfig

  it("works end to end with credentials from AUTH_KAKAO_ID / AUTH_KAKAO_SECRET", async () => {
    const users: unknown[] = []
    const auth = makeAuth({
      providers: [kakao],
      env: { AUTH_KAKAO_ID: "kakao-rest-key", AUTH_KAKAO_SECRET: "kakao-secret" },
      callbacks: {
        signIn: ({ user, account }) => {
          users.push([
            user,
            account.provider,
            account.providerAccountId,
            account.access_token,
            account.refresh_token,
            account.expires_at !== undefined,
          ])
          return true
        },
      },
    })
    const jar = new Jar()
    const url = await startSignIn(auth, jar, "kakao")
    expect(url.origin + url.pathname).toBe("https://kauth.kakao.com/oauth/authorize")
    expect(url.searchParams.get("client_id")).toBe("kakao-rest-key")
    expect(url.searchParams.get("redirect_uri")).toBe(
      "http://localhost:3000/api/auth/callback/kakao",
    )
    expect(url.searchParams.has("scope")).toBe(false) // plain OAuth 2: no default scope
    let tokenBody: URLSearchParams | undefined
    nock("https://kauth.kakao.com")
      .post("/oauth/token", (b) => {
        tokenBody = new URLSearchParams(b)
        return true
      })
      .reply(200, {
        access_token: "kakao-at",
        token_type: "bearer",
        refresh_token: "kakao-rt",
        expires_in: 21599,
        refresh_token_expires_in: 5183999,
        scope: "profile_nickname",
      })
    nock("https://kapi.kakao.com")
      .get("/v2/user/me")
      .matchHeader("authorization", "Bearer kakao-at")
      .reply(200, {
        id: 1234567890,
        connected_at: "2024-01-01T00:00:00Z",
        kakao_account: {
          profile: { nickname: "홍길동", profile_image_url: "https://k.kakaocdn.net/p.jpg" },
          email: "hong@kakao.example.com",
        },
      })
    const cb = await request(
      auth,
      jar,
      `/api/auth/callback/kakao?code=kakao-code&state=${url.searchParams.get("state")}`,
    )
    expect(cb.headers.get("location")).toBe(ORIGIN)
    expect(tokenBody?.get("code")).toBe("kakao-code")
    expect(users).toEqual([
      [
        {
          id: "1234567890",
          name: "홍길동",
          email: "hong@kakao.example.com",
          image: "https://k.kakaocdn.net/p.jpg",
        },
        "kakao",
        "1234567890",
        "kakao-at",
        "kakao-rt",
        true,
      ],
    ])
    const session = (await (await request(auth, jar, "/api/auth/session")).json()) as Session
    expect(session.user).toEqual({
      name: "홍길동",
      email: "hong@kakao.example.com",
      image: "https://k.kakaocdn.net/p.jpg",
    })
  })

  it("the sign-in page lists it with a form posting to signin/kakao with the CSRF token", async () => {
    const auth = makeAuth({ providers: [kakao], env: { AUTH_KAKAO_ID: "k" } })
    const jar = new Jar()
    const page = await request(auth, jar, "/api/auth/signin?callbackUrl=%2Fme")
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('action="/api/auth/signin/kakao"')
    expect(html).toContain("Sign in with Kakao")
    const token = jar.cookies.get("auth.csrf-token")!.split("|")[0]
    expect(html).toContain(`name="csrfToken" value="${token}"`)
    expect(html).toContain('name="callbackUrl" value="/me"')
  })
})

describe("scope", () => {
  it('the legacy top-level scope: "" sends no scope at all', async () => {
    const auth = makeAuth({
      providers: [idp({ id: "custom", authorization: `${IDP_AUTH}/oauth/authorize`, scope: "" })],
    })
    const url = await startSignIn(auth, new Jar(), "custom")
    expect([...url.searchParams.keys()]).not.toContain("scope")
    expect(url.search).not.toMatch(/[?&]scope=/)
  })

  it("a legacy top-level scope is used when authorization has none; authorization.params.scope wins over it", async () => {
    const legacy = makeAuth({
      providers: [
        idp({ authorization: `${IDP_AUTH}/oauth/authorize`, scope: "read:user user:email" }),
      ],
    })
    expect((await startSignIn(legacy, new Jar(), "idp")).searchParams.get("scope")).toBe(
      "read:user user:email",
    )
    const both = makeAuth({
      providers: [
        idp({ authorization: `${IDP_AUTH}/oauth/authorize?scope=profile`, scope: "ignored" }),
      ],
    })
    expect((await startSignIn(both, new Jar(), "idp")).searchParams.get("scope")).toBe("profile")
  })

  it("authorization params from the provider and from the sign-in query reach the provider; empty ones are dropped", async () => {
    const auth = makeAuth({
      providers: [
        idp({
          authorization: {
            url: `${IDP_AUTH}/oauth/authorize`,
            params: { scope: "profile", prompt: "", access_type: "offline" },
          },
        }),
      ],
    })
    const url = await startSignIn(
      auth,
      new Jar(),
      "idp",
      {},
      "?login_hint=ann%40idp.example.com&prompt=consent&callbackUrl=%2Fx",
    )
    expect(url.searchParams.get("scope")).toBe("profile")
    expect(url.searchParams.get("access_type")).toBe("offline")
    expect(url.searchParams.get("login_hint")).toBe("ann@idp.example.com")
    expect(url.searchParams.get("prompt")).toBe("consent")
    expect(url.searchParams.has("callbackUrl")).toBe(false)
  })
})

describe("authorization { request }", () => {
  it("is honoured: it receives the final params (checks included) and its URL is where the browser goes", async () => {
    const seen: Array<Record<string, string>> = []
    const auth = makeAuth({
      providers: [
        idp({
          authorization: {
            url: `${IDP_AUTH}/oauth/authorize`,
            params: { scope: "profile" },
            request: ({ params, callbackUrl }) => {
              seen.push({ ...params, callbackUrl })
              const u = new URL("https://auth.idp.example.com/v2/custom-authorize")
              u.searchParams.set("st", params.state!)
              return u
            },
          },
        }),
      ],
    })
    const url = await startSignIn(auth, new Jar(), "idp")
    expect(url.origin + url.pathname).toBe("https://auth.idp.example.com/v2/custom-authorize")
    expect(seen[0]).toMatchObject({
      response_type: "code",
      scope: "profile",
      code_challenge_method: "S256",
      callbackUrl: "http://localhost:3000/api/auth/callback/idp",
    })
    expect(url.searchParams.get("st")).toBe(seen[0]!.state)
  })
})
