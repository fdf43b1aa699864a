/**
 * Sign-out at the provider (POST signout with federated=true, and auth.signOut) and token
 * revocation on auth.deleteUser, against a provider mocked with nock on its own hostnames.
 */
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { memoryAdapter } from "../src/adapters/index.js"
import {
  IDP_AUTH,
  Jar,
  ORIGIN,
  errorOf,
  idp,
  makeAuth as makeCoreAuth,
  mockIdp,
  request,
  signInWith,
} from "./helpers.js"
import { tokenApi } from "../src/tokens.js"
import { accountApi } from "../src/accounts.js"

/** The features under test are in the tokens extension. */
const makeAuth: typeof makeCoreAuth = (config) =>
  makeCoreAuth({ extensions: [tokenApi], ...config })

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

const LOGOUT = `${IDP_AUTH}/oauth/logout`

async function signOutForm(
  auth: ReturnType<typeof makeAuth>,
  jar: Jar,
  form: Record<string, string>,
) {
  const { csrfToken } = (await (await request(auth, jar, "/api/auth/csrf")).json()) as {
    csrfToken: string
  }
  return request(auth, jar, "/api/auth/signout", { method: "POST", form: { csrfToken, ...form } })
}

async function session(auth: ReturnType<typeof makeAuth>, jar: Jar) {
  return (await request(auth, jar, "/api/auth/session")).json()
}

describe("federated sign-out", () => {
  it("jwt strategy: signs out locally, then redirects to the provider's end-session URL with client_id and post_logout_redirect_uri", async () => {
    const auth = makeAuth({
      providers: [idp({ endSession: { url: LOGOUT, params: { ui_locales: "ko" } } })],
    })
    const jar = new Jar()
    mockIdp()
    await signInWith(auth, jar, "idp")
    expect(await session(auth, jar)).not.toBeNull()
    const response = await signOutForm(auth, jar, { federated: "true", callbackUrl: "/bye" })
    expect(response.status).toBe(302)
    const target = new URL(response.headers.get("location")!)
    expect(target.origin + target.pathname).toBe(LOGOUT)
    expect(Object.fromEntries(target.searchParams)).toEqual({
      client_id: "idp-client",
      post_logout_redirect_uri: `${ORIGIN}/bye`,
      ui_locales: "ko",
    })
    expect(await session(auth, jar)).toBeNull()
  })

  it("a cross-origin callbackUrl never reaches the provider: the app's origin is sent instead", async () => {
    const auth = makeAuth({ providers: [idp({ endSession: LOGOUT })] })
    const jar = new Jar()
    mockIdp()
    await signInWith(auth, jar, "idp")
    const response = await signOutForm(auth, jar, {
      federated: "true",
      callbackUrl: "https://evil.example/phish",
    })
    const target = new URL(response.headers.get("location")!)
    expect(target.searchParams.get("post_logout_redirect_uri")).toBe(ORIGIN)
    expect(response.headers.get("location")).not.toContain("evil")
  })

  it("database strategy: id_token_hint comes from the stored account (decrypted); the only account names the provider", async () => {
    const inner = memoryAdapter()
    const auth = makeAuth({ providers: [idp({ endSession: LOGOUT })], adapter: inner })
    const jar = new Jar()
    mockIdp()
    await signInWith(auth, jar, "idp")
    const user = await inner.getUserByAccount({ provider: "idp", providerAccountId: "42" })
    const [account] = await inner.getAccountsByUser!(user!.id)
    // the provider sent no id_token here; store one as a refresh would have
    await inner.unlinkAccount(account!)
    const idToken = "eyJhbGciOiJub25lIn0.eyJzdWIiOiI0MiJ9."
    await auth.adapter!.linkAccount({
      ...(await auth.adapter!.getAccountsByUser!(user!.id))[0]!,
      ...account!,
      access_token: undefined,
      id_token: idToken,
    })
    const response = await signOutForm(auth, jar, { federated: "true" })
    const target = new URL(response.headers.get("location")!)
    expect(target.searchParams.get("id_token_hint")).toBe(idToken)
    expect(target.searchParams.get("client_id")).toBe("idp-client")
  })

  it("jwt strategy without adapter: an id_token the app kept in the JWT becomes id_token_hint", async () => {
    const auth = makeAuth({
      providers: [idp({ endSession: LOGOUT })],
      callbacks: {
        jwt: ({ token, account }) => (account ? { ...token, id_token: "kept.id.token" } : token),
      },
    })
    const jar = new Jar()
    mockIdp()
    await signInWith(auth, jar, "idp")
    const response = await signOutForm(auth, jar, { federated: "true" })
    expect(new URL(response.headers.get("location")!).searchParams.get("id_token_hint")).toBe(
      "kept.id.token",
    )
  })

  it("a provider's request hook builds a vendor's own logout URL", async () => {
    const auth = makeAuth({
      providers: [
        idp({
          endSession: {
            url: LOGOUT,
            request: ({ url, params }) =>
              `${url}?client_id=${params.client_id}&returnTo=${encodeURIComponent(params.post_logout_redirect_uri!)}`,
          },
        }),
      ],
    })
    const jar = new Jar()
    mockIdp()
    await signInWith(auth, jar, "idp")
    const response = await signOutForm(auth, jar, { federated: "true", callbackUrl: "/x" })
    expect(response.headers.get("location")).toBe(
      `${LOGOUT}?client_id=idp-client&returnTo=${encodeURIComponent(`${ORIGIN}/x`)}`,
    )
  })

  it("no end-session endpoint: signed out locally, and the error page says so (END_SESSION_UNAVAILABLE)", async () => {
    const auth = makeAuth({ providers: [idp()] })
    const jar = new Jar()
    mockIdp()
    await signInWith(auth, jar, "idp")
    const response = await signOutForm(auth, jar, { federated: "true" })
    expect(errorOf(response)).toEqual({ error: "SignOutError", code: "END_SESSION_UNAVAILABLE" })
    expect(await session(auth, jar)).toBeNull()
  })

  it("an unknown provider field gives SIGNOUT_PROVIDER_UNKNOWN; without CSRF nothing is signed out", async () => {
    const auth = makeAuth({ providers: [idp({ endSession: LOGOUT })] })
    const jar = new Jar()
    mockIdp()
    await signInWith(auth, jar, "idp")
    const forged = await request(auth, jar, "/api/auth/signout", {
      method: "POST",
      form: { federated: "true" },
    })
    expect(errorOf(forged)).toEqual({ error: "MissingCSRF", code: "CSRF_MISSING" })
    expect(await session(auth, jar)).not.toBeNull()
    const response = await signOutForm(auth, jar, { federated: "true", provider: "nope" })
    expect(errorOf(response)).toEqual({ error: "SignOutError", code: "SIGNOUT_PROVIDER_UNKNOWN" })
    expect(await session(auth, jar)).toBeNull()
  })

  it("GET signout carries federated and provider into its form; auth.signOut does the same from server code", async () => {
    const auth = makeAuth({ providers: [idp({ endSession: LOGOUT })] })
    const jar = new Jar()
    mockIdp()
    await signInWith(auth, jar, "idp")
    const page = await (
      await request(auth, jar, "/api/auth/signout?federated=true&provider=idp")
    ).text()
    expect(page).toContain('name="federated" value="true"')
    expect(page).toContain('name="provider" value="idp"')
    const response = await auth.signOut(
      new Request(`${ORIGIN}/app/logout`, { headers: { cookie: jar.header() } }),
      { federated: true, callbackUrl: "/done" },
    )
    expect(
      new URL(response.headers.get("location")!).searchParams.get("post_logout_redirect_uri"),
    ).toBe(`${ORIGIN}/done`)
    expect(
      response.headers
        .getSetCookie()
        .some(
          (c) => c.startsWith("auth.session-token=;") || /auth\.session-token=.*Max-Age=0/i.test(c),
        ),
    ).toBe(true)
  })
})

describe("revocation on auth.deleteUser (RFC 7009)", () => {
  const REVOKE = "/oauth/revoke"
  /** Signed in with "idp" (tokens at-live / rt-live); `warnings` collects what is logged. */
  async function signedUp(
    revocation: string | undefined,
    warnings: string[][],
    more: Partial<Parameters<typeof makeAuth>[0]> = {},
  ) {
    const inner = memoryAdapter()
    const auth = makeAuth({
      providers: [idp(revocation ? { revocation } : {})],
      adapter: inner,
      logger: {
        error() {},
        warn: (code, message) => void warnings.push([code, message]),
        debug() {},
      },
      ...more,
    })
    const jar = new Jar()
    mockIdp({
      tokens: {
        access_token: "at-live",
        refresh_token: "rt-live",
        token_type: "bearer",
        expires_in: 60,
      },
    })
    await signInWith(auth, jar, "idp")
    return { auth, inner, jar }
  }

  it("revokes the refresh token, then the access token, with the client's authentication; then deletes the user", async () => {
    const warnings: string[][] = []
    const { auth, inner, jar } = await signedUp(`${IDP_AUTH}${REVOKE}`, warnings)
    const seen: Array<{ body: Record<string, string>; authorization: string }> = []
    nock(IDP_AUTH)
      .post(REVOKE)
      .times(2)
      .reply(function (_uri, body) {
        seen.push({
          body: Object.fromEntries(new URLSearchParams(body as string)),
          authorization: String(this.req.headers.authorization),
        })
        return [200, ""]
      })
    const id = await auth.deleteUser(new Headers({ cookie: jar.header(), host: "localhost:3000" }))
    expect(id).toBeTruthy()
    expect(seen.map((s) => s.body)).toEqual([
      { token: "rt-live", token_type_hint: "refresh_token" },
      { token: "at-live", token_type_hint: "access_token" },
    ])
    // client_secret_basic, as for the token endpoint (RFC 6749 §2.3.1: id and secret form-encoded first)
    const basic = Buffer.from(seen[0]!.authorization.replace(/^Basic /, ""), "base64")
      .toString()
      .split(":")
      .map(decodeURIComponent)
    expect(basic).toEqual(["idp-client", "idp-secret"])
    expect(await inner.getUser(id!)).toBeNull()
    expect(warnings).toEqual([])
  })

  it("unlinking with accountApi and tokenApi revokes the account's tokens (a refresh lease revokes the token it holds)", async () => {
    const warnings: string[][] = []
    const { auth, inner, jar } = await signedUp(`${IDP_AUTH}${REVOKE}`, warnings, {
      providers: [
        idp({ revocation: `${IDP_AUTH}${REVOKE}` }),
        idp({ id: "idp2", revocation: `${IDP_AUTH}${REVOKE}` }),
      ],
      extensions: [accountApi, tokenApi],
    })
    const headers = new Headers({ cookie: jar.header(), host: "localhost:3000" })
    const userId = (await auth.getSession(headers))!.user.id!
    // a second account, so idp is not the last one; idp's refresh token is held by a getAccessToken lease
    await auth.adapter!.linkAccount({
      userId,
      provider: "idp2",
      providerAccountId: "7",
      type: "oauth",
    })
    await auth.adapter!.updateAccount!({
      provider: "idp",
      providerAccountId: "42",
      refresh_token: `auth.refreshing:${Date.now() + 9000}:nonce:rt-live`,
    })
    const seen: Array<Record<string, string>> = []
    nock(IDP_AUTH)
      .post(REVOKE)
      .times(2)
      .reply((_uri, body) => {
        seen.push(Object.fromEntries(new URLSearchParams(body as string)))
        return [200, ""]
      })
    await auth.unlinkAccount(headers, "idp")
    expect(seen).toEqual([
      { token: "rt-live", token_type_hint: "refresh_token" },
      { token: "at-live", token_type_hint: "access_token" },
    ])
    expect(await inner.getUserByAccount({ provider: "idp", providerAccountId: "42" })).toBeNull()
    expect(warnings).toEqual([])
  })

  it("a failing revocation endpoint is only logged (TOKEN_REVOCATION_FAILED); the user is deleted anyway", async () => {
    const warnings: string[][] = []
    const { auth, inner, jar } = await signedUp(`${IDP_AUTH}${REVOKE}`, warnings)
    nock(IDP_AUTH).post(REVOKE).times(2).reply(503, { error: "temporarily_unavailable" })
    const id = await auth.deleteUser(new Headers({ cookie: jar.header(), host: "localhost:3000" }))
    expect(await inner.getUser(id!)).toBeNull()
    expect(warnings.map(([code]) => code)).toEqual([
      "TOKEN_REVOCATION_FAILED",
      "TOKEN_REVOCATION_FAILED",
    ])
    expect(warnings[0]![1]).toContain("refresh_token")
    expect(warnings.join(" ")).not.toContain("rt-live")
  })

  it("no revocation endpoint: nothing is sent; not signed in: nothing is deleted", async () => {
    const warnings: string[][] = []
    const { auth, inner, jar } = await signedUp(undefined, warnings)
    expect(await auth.deleteUser(new Headers({ host: "localhost:3000" }))).toBeNull()
    const id = await auth.deleteUser(new Headers({ cookie: jar.header(), host: "localhost:3000" }))
    expect(await inner.getUser(id!)).toBeNull()
    expect(warnings).toEqual([])
    expect(nock.pendingMocks()).toEqual([])
  })
})
