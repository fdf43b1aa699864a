/**
 * getAccessToken, federated sign-out and auth.deleteUser (with its revocation) are in the opt-in
 * `@auth/core/tokens` entry. Without `extensions: [tokenApi]` each says so precisely
 * (TOKEN_API_MISSING, with the fix) and does nothing: never a silent local-only sign-out, never a
 * deletion that skips the revocation. Tokens at rest stay on without it.
 */
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { memoryAdapter } from "../src/adapters/index.js"
import { isAuthError, type AuthError } from "../src/errors/index.js"
import { tokenApi } from "../src/tokens.js"
import {
  Jar,
  browserHeaders,
  errorOf,
  idp,
  makeAuth,
  mockIdp,
  request,
  signInWith,
} from "./helpers.js"

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

const FIX = 'add extensions: [tokenApi] from "@auth/core/tokens" to Auth()'

async function signedIn() {
  const adapter = memoryAdapter()
  const auth = makeAuth({
    providers: [idp({ endSession: "https://idp.example.com/logout" })],
    adapter,
  })
  const jar = new Jar()
  mockIdp({ tokens: { access_token: "at-1", token_type: "bearer", expires_in: 3600 } })
  await signInWith(auth, jar, "idp")
  const user = await adapter.getUserByAccount({ provider: "idp", providerAccountId: "42" })
  expect(user).not.toBeNull()
  return {
    auth,
    adapter,
    jar,
    userId: user!.id,
    headers: browserHeaders(jar.header("http://localhost:3000/")),
  }
}

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(isAuthError(error)).toBe(true)
  return error as AuthError
}

describe("without extensions: [tokenApi]", () => {
  it("getAccessToken throws TOKEN_API_MISSING with the fix", async () => {
    const { auth, headers } = await signedIn()
    const error = await rejection(auth.getAccessToken(headers, "idp"))
    expect(error).toMatchObject({ type: "Configuration", code: "TOKEN_API_MISSING" })
    expect(error.message).toContain("getAccessToken")
    expect(error.message).toContain(FIX)
  })

  it("POST signout with federated=true is refused before anything: the session stays, the error page names the code", async () => {
    const { auth, jar } = await signedIn()
    const { csrfToken } = (await (await request(auth, jar, "/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const response = await request(auth, jar, "/api/auth/signout", {
      method: "POST",
      form: { csrfToken, federated: "true" },
    })
    expect(response.status).toBe(302)
    expect(errorOf(response)).toEqual({ error: "Configuration", code: "TOKEN_API_MISSING" })
    expect(response.headers.getSetCookie().some((c) => c.startsWith("auth.session-token="))).toBe(
      false,
    )
    expect(await (await request(auth, jar, "/api/auth/session")).json()).toMatchObject({
      user: { email: expect.any(String) },
    })
    // a plain sign-out needs no extension
    const plain = await request(auth, jar, "/api/auth/signout", {
      method: "POST",
      form: { csrfToken },
    })
    expect(errorOf(plain).error).toBeNull()
    expect(await (await request(auth, jar, "/api/auth/session")).json()).toBeNull()
  })

  it("auth.signOut({ federated: true }) gives the same error; auth.deleteUser throws and deletes nothing", async () => {
    const { auth, adapter, jar, userId, headers } = await signedIn()
    const signOut = await auth.signOut(new Request("http://localhost:3000/x", { headers }), {
      federated: true,
    })
    expect(errorOf(signOut)).toEqual({ error: "Configuration", code: "TOKEN_API_MISSING" })
    const error = await rejection(auth.deleteUser(headers))
    expect(error).toMatchObject({
      code: "TOKEN_API_MISSING",
      message: expect.stringContaining(FIX),
    })
    expect(await adapter.getUser(userId)).not.toBeNull()
    expect(await (await request(auth, jar, "/api/auth/session")).json()).not.toBeNull()
  })

  it("tokens at rest stay on: the stored access token is encrypted", async () => {
    const { adapter, userId } = await signedIn()
    const [account] = await adapter.getAccountsByUser!(userId)
    expect(account!.access_token).toMatch(/^enc:v1:/)
  })

  it("with the extension, the same calls work", async () => {
    const adapter = memoryAdapter()
    const auth = makeAuth({ providers: [idp()], adapter, extensions: [tokenApi] })
    const jar = new Jar()
    mockIdp({ tokens: { access_token: "at-1", token_type: "bearer", expires_in: 3600 } })
    await signInWith(auth, jar, "idp")
    const headers = browserHeaders(jar.header("http://localhost:3000/"))
    expect(await auth.getAccessToken(headers, "idp")).toMatchObject({ accessToken: "at-1" })
    expect(await auth.deleteUser(headers)).toEqual(expect.any(String))
  })
})
