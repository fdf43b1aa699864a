/**
 * A sign-in that ends on an error page never leaves a session behind, and events fire only for
 * sign-ins that complete: every error path of the callback, plus the `callbackUrl` shapes that
 * used to end on CALLBACK_FAILED with the session cookie set (non-ASCII paths, CR/LF).
 */
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { type AuthConfig, type OAuthConfig } from "../src/index.js"
import { memoryAdapter } from "../src/adapters/index.js"
import {
  IDP_API,
  IDP_AUTH,
  Jar,
  errorOf,
  idp,
  makeAuth,
  mockIdp,
  request,
  setCookies,
  signInWith,
  startSignIn,
} from "./helpers.js"

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

const isSessionCookie = (name: string) => name.includes("session-token")
/** Session cookies this response sets (clearing ones, Max-Age=0, do not count). */
const sessionSet = (response: Response) =>
  setCookies(response).filter(
    (c) => isSessionCookie(c.name) && c.value !== "" && c.attributes["max-age"] !== "0",
  )

function recorder() {
  const fired: string[] = []
  const events: AuthConfig["events"] = {
    signIn: () => void fired.push("signIn"),
    createUser: () => void fired.push("createUser"),
    linkAccount: () => void fired.push("linkAccount"),
  }
  return { fired, events }
}

describe("callbackUrl with non-ASCII characters and control characters", () => {
  it.each(["/대시보드", "/ünïcödé/页面", "/검색?q=한국어#섹션"])(
    "%s works: the session is issued and Location is percent-encoded",
    async (path) => {
      const { fired, events } = recorder()
      const auth = makeAuth({ providers: [idp()], events })
      const jar = new Jar()
      mockIdp()
      const response = await signInWith(auth, jar, "idp", { form: { callbackUrl: path } })
      expect(response.status).toBe(302)
      const location = response.headers.get("location")!
      expect(location).toBe(new URL(path, "http://localhost:3000").href)
      expect(location).toMatch(/^[\x21-\x7e]+$/)
      expect(decodeURI(new URL(location).pathname)).toBe(
        decodeURI(new URL(path, "http://localhost:3000").pathname),
      )
      expect(sessionSet(response).length).toBeGreaterThan(0)
      expect(fired).toEqual(["signIn"])
    },
  )

  it.each(["/\n/evil.com", "/\r\nSet-Cookie: x=y", "/a\tb", "/x\u0000y", "/\u007f"])(
    "%j is refused at sign-in start, before any cookie is written",
    async (path) => {
      const auth = makeAuth({ providers: [idp()] })
      const jar = new Jar()
      const csrf = (await (await request(auth, jar, "/api/auth/csrf")).json()) as {
        csrfToken: string
      }
      const before = [...jar.cookies.keys()]
      const start = await request(auth, jar, "/api/auth/signin/idp", {
        method: "POST",
        form: { csrfToken: csrf.csrfToken, callbackUrl: path },
      })
      expect(start.status).toBe(302)
      expect(errorOf(start)).toEqual({ error: "InvalidCallbackUrl", code: "CALLBACK_URL_REJECTED" })
      expect([...jar.cookies.keys()]).toEqual(before)
    },
  )

  it("a redirect callback returning a URL with control characters ends on an error, without a session or event", async () => {
    const { fired, events } = recorder()
    const auth = makeAuth({
      providers: [idp()],
      events,
      callbacks: {
        redirect: ({ url }) => (url.includes("/api/auth/error") ? url : "/\n/evil.com"),
      },
    })
    const jar = new Jar()
    mockIdp()
    const response = await signInWith(auth, jar, "idp")
    expect(errorOf(response)).toEqual({
      error: "InvalidCallbackUrl",
      code: "CALLBACK_URL_REJECTED",
    })
    expect(sessionSet(response)).toEqual([])
    expect(fired).toEqual([])
  })
})

/** Each error path of the callback: what to set up, and the code it must end on. */
const paths: Array<{
  name: string
  code: string
  config?: Partial<AuthConfig>
  provider?: Partial<OAuthConfig>
  run: (jar: Jar, auth: ReturnType<typeof makeAuth>) => Promise<Response>
}> = [
  {
    name: "provider answers access_denied",
    code: "ACCESS_DENIED",
    run: async (jar, auth) => {
      const url = await startSignIn(auth, jar, "idp")
      return request(
        auth,
        jar,
        `/api/auth/callback/idp?error=access_denied&state=${url.searchParams.get("state")}`,
      )
    },
  },
  {
    name: "state mismatch",
    code: "STATE_MISMATCH",
    run: async (jar, auth) => {
      await startSignIn(auth, jar, "idp")
      return request(auth, jar, "/api/auth/callback/idp?code=c&state=forged")
    },
  },
  {
    name: "no check cookies",
    code: "PKCE_COOKIE_MISSING",
    run: (jar, auth) => request(auth, jar, "/api/auth/callback/idp?code=c&state=s"),
  },
  {
    name: "token endpoint error",
    code: "TOKEN_ENDPOINT_ERROR",
    run: (jar, auth) => {
      nock(IDP_AUTH).post("/oauth/token").reply(400, { error: "invalid_grant" })
      return signInWith(auth, jar, "idp")
    },
  },
  {
    name: "userinfo error",
    code: "USERINFO_ERROR",
    run: (jar, auth) => {
      nock(IDP_AUTH).post("/oauth/token").reply(200, { access_token: "at", token_type: "bearer" })
      nock(IDP_API).get("/v1/me").reply(500, "<html>down</html>")
      return signInWith(auth, jar, "idp")
    },
  },
  {
    name: "profile() throws",
    code: "PROFILE_MAPPING_FAILED",
    provider: {
      profile: () => {
        throw new Error("boom")
      },
    },
    run: (jar, auth) => (mockIdp(), signInWith(auth, jar, "idp")),
  },
  {
    name: "signIn callback refuses",
    code: "SIGNIN_REFUSED",
    config: { callbacks: { signIn: () => false } },
    run: (jar, auth) => (mockIdp(), signInWith(auth, jar, "idp")),
  },
  {
    name: "jwt callback returns null",
    code: "SIGNIN_REFUSED",
    config: { callbacks: { jwt: () => null } },
    run: (jar, auth) => (mockIdp(), signInWith(auth, jar, "idp")),
  },
  {
    name: "redirect callback throws",
    code: "CALLBACK_FAILED",
    config: {
      callbacks: {
        redirect: ({ url }) => {
          if (url.includes("/api/auth/error")) return url
          throw new Error("redirect broke")
        },
      },
    },
    run: (jar, auth) => (mockIdp(), signInWith(auth, jar, "idp")),
  },
  {
    name: "adapter fails while storing",
    code: "DATABASE_ERROR",
    config: {
      adapter: {
        ...memoryAdapter(),
        createUser: () =>
          Promise.reject(Object.assign(new Error("disk full"), { code: "SQLITE_FULL" })),
      },
    },
    run: (jar, auth) => (mockIdp(), signInWith(auth, jar, "idp")),
  },
]

describe("no error response carries a session cookie; events fire only for completed sign-ins", () => {
  it.each(paths)("$name", async ({ code, config, provider, run }) => {
    const { fired, events } = recorder()
    const auth = makeAuth({ providers: [idp(provider)], events, ...config })
    const jar = new Jar()
    const response = await run(jar, auth)
    expect(response.status).toBe(302)
    const error = errorOf(response)
    expect(error.error).not.toBeNull()
    if (code !== "DATABASE_ERROR") expect(error.code).toBe(code)
    expect(sessionSet(response)).toEqual([])
    expect([...jar.cookies.keys()].filter(isSessionCookie)).toEqual([])
    expect(fired).toEqual([])
  })
})
