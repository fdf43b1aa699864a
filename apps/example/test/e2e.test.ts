/**
 * End-to-end: builds the app (`next build`), starts `next start` and the two local OpenID Providers
 * (the same pieces `pnpm start` uses) with a fresh SQLite file, and signs people in with Debian's
 * Chromium through the IdPs' real login and consent forms.
 */
import { randomBytes } from "node:crypto"
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
  type Response,
} from "playwright-core"
import { afterAll, beforeAll, describe, expect, test } from "vitest"
import { APP_DIR, exited, freePort, spawnNext, startLocalIdps, stopChild } from "../scripts/lib.mjs"
import { TEST_PASSWORD } from "../lib/local-idps.mjs"

const CHROMIUM = "/usr/bin/chromium"
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]
const OUTPUT = join(APP_DIR, "test-output")

let origin = ""
let browser: Browser
let server: ReturnType<typeof spawnNext> | undefined
let idps: Awaited<ReturnType<typeof startLocalIdps>> | undefined
let tmp = ""
const serverLog: string[] = []
const contexts: BrowserContext[] = []

/** Waits until the element is visible (fails after the timeout). */
async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: "visible", timeout: 10_000 })
}

async function hasText(locator: Locator, text: string): Promise<void> {
  await visible(locator)
  expect((await locator.innerText()).trim()).toBe(text)
}

async function containsText(locator: Locator, text: string): Promise<void> {
  await visible(locator)
  expect(await locator.innerText()).toContain(text)
}

function logTail(): string {
  return serverLog.join("").split("\n").slice(-60).join("\n")
}

async function waitForServer(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null)
      throw new Error(`next start exited (${server.exitCode}):\n${logTail()}`)
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`next start did not answer ${url} within ${timeoutMs} ms:\n${logTail()}`)
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the e2e tests drive Debian's chromium and never download a browser. ` +
        "Install it with `bash scripts/ci-system-deps.sh` at the repository root (apt-get install chromium).",
    )
  }
  mkdirSync(OUTPUT, { recursive: true })
  tmp = mkdtempSync(join(tmpdir(), "auth-example-e2e-"))
  const [appPort, idpPort, idp2Port] = [await freePort(), await freePort(), await freePort()]
  origin = `http://localhost:${appPort}`

  const env: Record<string, string | undefined> = {
    ...process.env,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_URL: origin,
    AUTH_DB_FILE: join(tmp, "auth.db"),
    AUTH_LOCAL_IDP: "on",
    IDP_PORT: String(idpPort),
    IDP2_PORT: String(idp2Port),
    LOCAL2_ALLOW_EMAIL_LINKING: "false",
    NEXT_TELEMETRY_DISABLED: "1",
  }
  // Real providers stay off whatever a developer's .env.local says (an empty value wins over env files).
  for (const id of ["GOOGLE", "GITHUB", "KAKAO", "TWITTER"])
    env[`AUTH_${id}_ID`] = env[`AUTH_${id}_SECRET`] = ""
  delete env.NODE_ENV // vitest's "test" would make next build a non-standard build

  const build = spawnNext(["build"], { env, stdio: "pipe" })
  const buildLog: string[] = []
  build.stdout?.on("data", (d) => buildLog.push(String(d)))
  build.stderr?.on("data", (d) => buildLog.push(String(d)))
  const [buildCode, started] = await Promise.all([
    exited(build),
    startLocalIdps({ origins: [origin], ports: { local: idpPort, local2: idp2Port }, env }),
  ])
  idps = started
  writeFileSync(join(OUTPUT, "build.log"), buildLog.join(""))
  if (buildCode !== 0)
    throw new Error(`next build failed (exit ${buildCode}):\n${buildLog.join("").slice(-4000)}`)

  server = spawnNext(["start", "--port", String(appPort), "--hostname", "127.0.0.1"], {
    env,
    stdio: "pipe",
  })
  server.stdout?.on("data", (d) => serverLog.push(String(d)))
  server.stderr?.on("data", (d) => serverLog.push(String(d)))
  const [b] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }),
    waitForServer(`http://127.0.0.1:${appPort}/api/auth/providers`, 30_000),
  ])
  browser = b
})

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {})
  await browser?.close().catch(() => {})
  if (server) await stopChild(server)
  await idps?.stop()
  if (serverLog.length) writeFileSync(join(OUTPUT, "server.log"), serverLog.join(""))
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin })
  context.setDefaultTimeout(10_000) // a failing step fails fast: the suite stays well under 2 minutes
  contexts.push(context)
  return context.newPage()
}

function idp(id: "local" | "local2") {
  const found = idps!.idps.find((i) => i.id === id)
  if (!found) throw new Error(`no local IdP ${id}`)
  return found
}

/** On the IdP: types login and password into its login form, then grants consent. */
async function loginAtIdp(page: Page, id: "local" | "local2", login: string): Promise<void> {
  await page.waitForURL((u) => u.href.startsWith(`${idp(id).issuer}/interaction/`))
  await visible(page.getByRole("heading", { name: "Sign-in" }))
  await page.getByLabel("Login").fill(login)
  await page.getByLabel("Password").fill(TEST_PASSWORD)
  await page.getByRole("button", { name: "Sign in", exact: true }).click()
  await visible(page.getByRole("heading", { name: "Authorize" }))
  await page.getByRole("button", { name: "Continue" }).click()
}

async function sessionOf(
  page: Page,
): Promise<{ user: { id?: string; email?: string | null; name?: string | null } } | null> {
  const res = await page.request.get("/api/auth/session")
  expect(res.status()).toBe(200)
  return res.json()
}

async function userIdOnAccountPage(page: Page): Promise<string> {
  const id = (await page.getByTestId("user-id").textContent())?.trim() ?? ""
  expect(id).toMatch(/\S{8,}/)
  return id
}

async function linkedProviders(page: Page): Promise<string[]> {
  const items = page.getByTestId("linked-accounts").locator("li")
  return (
    await items.evaluateAll((els) => els.map((e) => e.getAttribute("data-provider") ?? ""))
  ).sort()
}

/** A readable error page: 4xx, a heading, words, a way back, no stack trace. */
async function expectReadableError(
  page: Page,
  response: Response | null,
  status?: number,
): Promise<string> {
  expect(response, "the navigation produced no response").not.toBeNull()
  const code = response!.status()
  if (status) expect(code).toBe(status)
  expect(code).toBeGreaterThanOrEqual(400)
  expect(code).toBeLessThan(500)
  await visible(page.getByRole("heading", { name: "Sign-in problem" }))
  const text = (await page.locator("body").innerText()).trim()
  expect(text.length).toBeGreaterThan(60)
  expect(text).toContain("Back to sign in")
  const html = await page.content()
  expect(html).not.toMatch(/\n\s+at\s+\S+.*:\d+:\d+/) // a stack frame
  expect(html).not.toMatch(/node_modules|\.next\/server|webpack|turbopack/i)
  return text
}

async function screenshot(page: Page, name: string): Promise<void> {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme })
    const file = join(OUTPUT, `${name}-${scheme}.png`)
    await page.screenshot({ path: file, fullPage: true })
    expect(statSync(file).size).toBeGreaterThan(5000)
  }
  await page.emulateMedia({ colorScheme: null })
}

describe("apps/example in Chromium", () => {
  let alice: Page // signed in as alice through the first IdP for most of the run
  let aliceId = ""

  test("signed out: the home page calls to sign in; the sign-in page lists both local IdPs, in light and dark", async () => {
    alice = await newPage()
    const home = await alice.goto("/")
    expect(home?.status()).toBe(200)
    await visible(alice.getByRole("heading", { name: "Sign in, offline, out of the box" }))
    await containsText(alice.getByRole("table"), "alice@example.test")
    await screenshot(alice, "home-signed-out")
    await alice.getByRole("main").getByRole("link", { name: "Sign in", exact: true }).click()
    await alice.waitForURL(`${origin}/api/auth/signin`)
    await visible(alice.getByRole("button", { name: "Sign in with Local test IdP" }))
    await visible(alice.getByRole("button", { name: "Sign in with Second local IdP" }))

    await screenshot(alice, "signin")
    // Dark mode really changes the page (core's built-in page follows prefers-color-scheme).
    const colours: string[] = []
    for (const scheme of ["light", "dark"] as const) {
      await alice.emulateMedia({ colorScheme: scheme })
      colours.push(await alice.evaluate(() => getComputedStyle(document.body).backgroundColor))
    }
    await alice.emulateMedia({ colorScheme: null })
    expect(colours[0]).not.toBe(colours[1])
  })

  test("signs in through the local IdP's login form and greets the person by name, email and avatar", async () => {
    await alice.getByRole("button", { name: "Sign in with Local test IdP" }).click()
    await loginAtIdp(alice, "local", "alice")
    await alice.waitForURL(`${origin}/`)
    await visible(alice.getByRole("heading", { name: "Hello, Alice Example!" }))
    await hasText(alice.getByTestId("email"), "alice@example.test")
    const avatar = alice.locator("section.profile img.avatar")
    await visible(avatar)
    expect(
      await avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true)
    await screenshot(alice, "home-signed-in")
    const session = await sessionOf(alice)
    expect(session?.user.email).toBe("alice@example.test")
  })

  test("the protected page sends a signed-out person to sign in and back again", async () => {
    const page = await newPage()
    await page.goto("/protected")
    const url = new URL(page.url())
    expect(url.pathname).toBe("/api/auth/signin")
    expect(url.searchParams.get("callbackUrl")).toBe("/protected")
    await page.getByRole("button", { name: "Sign in with Local test IdP" }).click()
    await loginAtIdp(page, "local", "bob")
    await page.waitForURL(`${origin}/protected`)
    await hasText(page.getByTestId("protected-user"), "bob@example.test")
    await screenshot(page, "protected")

    // Signed in already: no detour.
    const direct = await alice.goto("/protected")
    expect(direct?.status()).toBe(200)
    expect(alice.url()).toBe(`${origin}/protected`)
    await hasText(alice.getByTestId("protected-user"), "alice@example.test")
  })

  test("links the second provider from the account page and lists both accounts", async () => {
    await alice.goto("/account")
    aliceId = await userIdOnAccountPage(alice)
    expect(await linkedProviders(alice)).toEqual(["local"])
    await screenshot(alice, "account-one-provider")
    await alice.getByRole("button", { name: "Link Second local IdP" }).click()
    // A different email (alice@work.test): linking while signed in does not depend on it.
    await loginAtIdp(alice, "local2", "alice-work")
    await alice.waitForURL(`${origin}/account`)
    expect(await linkedProviders(alice)).toEqual(["local", "local2"])
    expect(await userIdOnAccountPage(alice)).toBe(aliceId)
    await containsText(alice.getByTestId("linked-accounts"), "alice-work")
    await visible(alice.getByText("Every configured provider is linked."))
    await screenshot(alice, "account-linked")
  })

  test("signs out", async () => {
    await alice.goto("/account")
    await alice.getByRole("button", { name: "Sign out of this browser" }).click()
    await alice.waitForURL(`${origin}/`)
    await visible(alice.getByRole("heading", { name: "Sign in, offline, out of the box" }))
    expect(await sessionOf(alice)).toBeNull()
    await alice.goto("/account")
    expect(new URL(alice.url()).pathname).toBe("/api/auth/signin")
  })

  test("refuses a new second-IdP account whose email belongs to a first-IdP user, with a way back", async () => {
    // bob@example.test signed in with the first IdP above; bob2 at the second IdP has the same email.
    const page = await newPage()
    await page.goto("/api/auth/signin")
    await page.getByRole("button", { name: "Sign in with Second local IdP" }).click()
    const errorResponse = page.waitForResponse((r) =>
      r.url().startsWith(`${origin}/api/auth/error`),
    )
    await loginAtIdp(page, "local2", "bob2")
    const response = await errorResponse
    await page.waitForURL((u) => u.pathname === "/api/auth/error")
    expect(new URL(page.url()).searchParams.get("error")).toBe("OAuthAccountNotLinked")
    const text = await expectReadableError(page, response, 403)
    expect(text).toMatch(/sign in with the same account you used originally/i)
    await screenshot(page, "error-not-linked")
    expect(await sessionOf(page)).toBeNull()
    await page.getByRole("link", { name: "Back to sign in" }).click()
    await page.waitForURL(`${origin}/api/auth/signin`)
    await visible(page.getByRole("button", { name: "Sign in with Local test IdP" }))
  })

  test("signing in with the first provider again gives the same user, with both accounts", async () => {
    const page = await newPage() // a new browser: nothing remembered but the database
    await page.goto("/account")
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe("/account")
    await page.getByRole("button", { name: "Sign in with Local test IdP" }).click()
    await loginAtIdp(page, "local", "alice")
    await page.waitForURL(`${origin}/account`)
    expect(await userIdOnAccountPage(page)).toBe(aliceId)
    expect(await linkedProviders(page)).toEqual(["local", "local2"])
  })

  test("the Pages Router endpoint (/api/auth-pages, toNodeHandler) serves a whole sign-in", async () => {
    const page = await newPage()
    const empty = await page.request.get("/api/auth-pages/session")
    expect(empty.status()).toBe(200)
    expect(await empty.json()).toBeNull()
    const providers = await (await page.request.get("/api/auth-pages/providers")).json()
    expect(providers.local.callbackUrl).toBe(`${origin}/api/auth-pages/callback/local`)

    const callbacks: string[] = []
    page.on("request", (r) => {
      if (r.url().includes("/callback/")) callbacks.push(new URL(r.url()).pathname)
    })
    await page.goto("/api/auth-pages/signin")
    await page.getByRole("button", { name: "Sign in with Second local IdP" }).click()
    await loginAtIdp(page, "local2", "alice-work") // linked to alice above
    await page.waitForURL(`${origin}/`)
    expect(callbacks).toEqual(["/api/auth-pages/callback/local2"])
    await visible(page.getByRole("heading", { name: "Hello, Alice Example!" }))
    const viaPages = await (await page.request.get("/api/auth-pages/session")).json()
    expect(viaPages.user.id).toBe(aliceId)
    expect((await sessionOf(page))?.user.id).toBe(aliceId)
  })

  test("a tampered state in the callback URL ends on a readable error page", async () => {
    const page = await newPage()
    await page.goto("/api/auth/signin")
    // Hold the IdP's redirect to our callback, so the check cookies are still unused: Playwright
    // routes only the first request of a redirect chain, so the two IdP hops are taken one by one.
    const { issuer } = idp("local")
    let resume = ""
    let held = ""
    await page.route(`${issuer}/interaction/*/confirm`, async (route) => {
      const res = await route.fetch({ maxRedirects: 0 })
      resume = new URL(res.headers()["location"]!, issuer).href
      await route.fulfill({ status: 200, contentType: "text/plain", body: "held by the test" })
    })
    await page.route(`${issuer}/auth/**`, async (route) => {
      if (route.request().url() !== resume) return route.continue()
      const res = await route.fetch({ maxRedirects: 0 })
      held = res.headers()["location"] ?? ""
      await route.fulfill({ status: 200, contentType: "text/plain", body: "held by the test" })
    })
    await page.getByRole("button", { name: "Sign in with Local test IdP" }).click()
    await loginAtIdp(page, "local", "alice")
    await expect.poll(() => resume).not.toBe("")
    await page.goto(resume)
    expect(held.startsWith(`${origin}/api/auth/callback/local?`)).toBe(true)
    await page.unrouteAll()
    const url = new URL(held)
    const state = url.searchParams.get("state") ?? ""
    expect(state.length).toBeGreaterThan(10)
    url.searchParams.set("state", `${state[0] === "A" ? "B" : "A"}${state.slice(1)}`) // one character changed
    const response = await page.goto(url.href)
    await expectReadableError(page, response, 400)
    expect(new URL(page.url()).searchParams.get("code")).toBe("STATE_MISMATCH")
    await screenshot(page, "error-state")
    expect(await sessionOf(page)).toBeNull()
  })

  test("reusing a callback URL ends on a readable error page", async () => {
    const page = await newPage()
    let callback = ""
    page.on("request", (r) => {
      if (r.url().startsWith(`${origin}/api/auth/callback/local?`)) callback = r.url()
    })
    await page.goto("/api/auth/signin")
    await page.getByRole("button", { name: "Sign in with Local test IdP" }).click()
    await loginAtIdp(page, "local", "bob")
    await page.waitForURL(`${origin}/`)
    expect(callback).toContain("code=")
    const response = await page.goto(callback)
    await expectReadableError(page, response, 400)
    expect(new URL(page.url()).searchParams.get("error")).toBe("InvalidCheck")
  })

  test("an unknown provider id in the URL ends on a readable 404 page, on both endpoints", async () => {
    const page = await newPage()
    for (const path of [
      "/api/auth/signin/nope",
      "/api/auth/callback/nope?code=abc&state=def",
      "/api/auth-pages/signin/nope",
    ]) {
      const response = await page.goto(path)
      await expectReadableError(page, response, 404)
    }
    await screenshot(page, "error-unknown-provider")
    await page.getByRole("link", { name: "Back to sign in" }).click()
    await page.waitForURL(`${origin}/api/auth-pages/signin`)
  })

  // Last: these change alice's accounts, which the tests above rely on.
  let accountPage: Page
  test("grants more access to the first provider: the added scope is stored on the same account", async () => {
    const page = (accountPage = await newPage())
    await page.goto("/account")
    await page.getByRole("button", { name: "Sign in with Local test IdP" }).click()
    await loginAtIdp(page, "local", "alice")
    await page.waitForURL(`${origin}/account`)
    const id = await userIdOnAccountPage(page)
    expect(id).toBe(aliceId)
    expect(await page.getByTestId("scopes-local").innerText()).not.toContain("offline_access")
    await page.getByRole("button", { name: "Grant more access to Local test IdP" }).click()
    // The IdP still knows alice in this browser, but prompt=consent asks her to grant the new scope.
    await page.waitForURL((u) => u.href.startsWith(`${idp("local").issuer}/interaction/`))
    await visible(page.getByRole("heading", { name: "Authorize" }))
    await page.getByRole("button", { name: "Continue" }).click()
    await page.waitForURL(`${origin}/account`)
    expect(await userIdOnAccountPage(page)).toBe(id)
    expect(await linkedProviders(page)).toEqual(["local", "local2"])
    await containsText(page.getByTestId("scopes-local"), "offline_access")
    await containsText(page.getByTestId("scopes-local"), "refresh token stored")
    await visible(page.getByTestId("scopes-local").getByText("email"))
    await screenshot(page, "account-more-access")
  })

  test("unlinks the second provider from the account page; the last account cannot be unlinked", async () => {
    const page = accountPage
    await page.goto("/account")
    await page.getByRole("button", { name: "Unlink Second local IdP" }).click()
    await page.waitForURL(`${origin}/account`)
    expect(await linkedProviders(page)).toEqual(["local"])
    expect(await page.getByRole("button", { name: /^Unlink/ }).count()).toBe(0)
    // A stale page or a hand-made POST: the server refuses to remove the last way to sign in.
    const { csrfToken } = (await (await page.request.get("/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const refused = await page.request.post("/api/auth/unlink/local", {
      form: { csrfToken, callbackUrl: "/account" },
      maxRedirects: 0,
    })
    expect(refused.status()).toBe(302)
    const location = new URL(refused.headers()["location"]!, origin)
    expect([location.pathname, location.searchParams.get("code")]).toEqual([
      "/api/auth/error",
      "LAST_ACCOUNT",
    ])
    await page.goto("/account")
    expect(await linkedProviders(page)).toEqual(["local"])
    await screenshot(page, "account-unlinked")
  })
})
