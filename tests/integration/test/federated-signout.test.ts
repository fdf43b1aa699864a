/**
 * Sign-out at the provider against the real IdP (oidc-provider's RP-Initiated Logout, login form
 * mode): a federated sign-out ends the IdP's session, so the next sign-in shows its login form
 * again (a local one does not); the post_logout_redirect_uri is the app's own; and deleting the
 * user revokes its tokens at the IdP's RFC 7009 endpoint.
 */
import { sqliteAdapter } from "@auth/adapter-sqlite"
import { memoryAdapter } from "@auth/core/adapters"
import {
  DEFAULT_TEST_PASSWORD,
  signInWith,
  sessionOf,
  type NavigationResult,
  type RunningOidcProvider,
} from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type App,
  CLIENTS,
  ORIGIN,
  idpProvider,
  makeApp as makeCoreApp,
  startIdp,
} from "./setup.js"
import { tokenApi } from "@auth/core/tokens"

/** The features under test are in the tokens extension (@auth/core/tokens). */
const makeApp: typeof makeCoreApp = (config) => makeCoreApp({ extensions: [tokenApi], ...config })

let idp: RunningOidcProvider
beforeAll(async () => {
  idp = await startIdp({
    login: "form",
    clients: CLIENTS.map((c) => ({ ...c, post_logout_redirect_uris: [ORIGIN, `${ORIGIN}/bye`] })),
  })
})
afterAll(async () => {
  await idp.stop()
})

const isLoginForm = (result: NavigationResult, html: string) =>
  result.url.startsWith(idp.issuer) && html.includes('name="password"')

/** Sign in through the IdP's forms; returns whether its login form was shown (false: its session was reused). */
async function signIn(app: App): Promise<boolean> {
  let result = await signInWith(app.browser, "idp")
  let html = await result.response.text()
  const sawLogin = isLoginForm(result, html)
  if (sawLogin) {
    result = await app.browser.submitForm(html, result.url, {
      login: "alice",
      password: DEFAULT_TEST_PASSWORD,
    })
    html = await result.response.text()
  }
  if (result.url.startsWith(idp.issuer) && html.includes("Authorize"))
    result = await app.browser.submitForm(html, result.url)
  expect(result.url.startsWith(ORIGIN), `ended at ${result.url}`).toBe(true)
  expect(await sessionOf(app.browser)).not.toBeNull()
  return sawLogin
}

async function signOut(app: App, form: Record<string, string>): Promise<NavigationResult> {
  const { csrfToken } = (await (await app.browser.fetch("/api/auth/csrf")).json()) as {
    csrfToken: string
  }
  return app.browser.navigate("/api/auth/signout", { form: { csrfToken, ...form } })
}

const provider = (issuer: string) =>
  idpProvider(issuer, {
    authorization: { params: { scope: "openid email profile offline_access", prompt: "consent" } },
  })

describe("federated sign-out (real IdP)", () => {
  for (const [strategy, adapter] of [
    ["jwt (no adapter)", () => undefined],
    ["database (SQLite)", () => sqliteAdapter(":memory:")],
  ] as const) {
    it(`${strategy}: ends the IdP session, so the next sign-in shows the IdP's login form again`, async () => {
      const app = makeApp({ adapter: adapter(), providers: [provider(idp.issuer)] })
      expect(await signIn(app)).toBe(true)

      // control: a local sign-out keeps the IdP session (no login form on the next sign-in)
      await signOut(app, {})
      expect(await signIn(app)).toBe(false)

      const confirmsBefore = idp.requestCounts.end_session_confirm ?? 0
      let result = await signOut(app, { federated: "true", callbackUrl: "/bye" })
      expect(await sessionOf(app.browser)).toBeNull()
      // the IdP asks to confirm (form mode); a person presses "Sign out"
      expect(result.url.startsWith(`${idp.issuer}/session/end`)).toBe(true)
      const confirm = await result.response.text()
      result = await app.browser.submitForm(confirm, result.url)
      expect(result.url).toBe(`${ORIGIN}/bye`)
      expect(idp.requestCounts.end_session_confirm).toBe(confirmsBefore + 1)

      expect(await signIn(app)).toBe(true)
    })
  }

  it("sends id_token_hint (with an adapter), client_id and the app's own post_logout_redirect_uri, even for a cross-origin callbackUrl", async () => {
    const app = makeApp({ adapter: memoryAdapter(), providers: [provider(idp.issuer)] })
    await signIn(app)
    const userId = String((await sessionOf(app.browser))!.user.id)
    const [account] = await app.auth.adapter!.getAccountsByUser!(userId)
    const { csrfToken } = (await (await app.browser.fetch("/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const response = await app.browser.fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        csrfToken,
        federated: "true",
        callbackUrl: "https://evil.example/next",
      }).toString(),
    })
    const target = new URL(response.headers.get("location")!)
    expect(`${target.origin}${target.pathname}`).toBe(`${idp.issuer}/session/end`)
    expect(target.searchParams.get("client_id")).toBe("app")
    expect(target.searchParams.get("id_token_hint")).toBe(account!.id_token)
    expect(target.searchParams.get("post_logout_redirect_uri")).toBe(ORIGIN)
  })

  it("deleting the user revokes its refresh and access tokens at the IdP; the refresh token no longer works", async () => {
    const app = makeApp({ adapter: memoryAdapter(), providers: [provider(idp.issuer)] })
    await signIn(app)
    const userId = String((await sessionOf(app.browser))!.user.id)
    const [account] = await app.auth.adapter!.getAccountsByUser!(userId)
    expect(account!.refresh_token).toBeTruthy()
    idp.revocations.length = 0
    const cookie = app.browser.cookies
      .list()
      .map((c) => `${c.name}=${c.value}`)
      .join("; ")
    expect(await app.auth.deleteUser(new Headers({ cookie, host: new URL(ORIGIN).host }))).toBe(
      userId,
    )
    expect(idp.revocations).toEqual([
      { token: account!.refresh_token, token_type_hint: "refresh_token", client_id: "app" },
      { token: account!.access_token, token_type_hint: "access_token", client_id: "app" },
    ])
    const refresh = await fetch(`${idp.issuer}/token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from("app:app-secret").toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: account!.refresh_token!,
      }),
    })
    expect(refresh.status).toBe(400)
    expect(((await refresh.json()) as { error: string }).error).toBe("invalid_grant")
    expect(await app.auth.adapter!.getUser(userId)).toBeNull()
  })
})
