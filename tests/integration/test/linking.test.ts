/**
 * The spec's account-linking rules, each against the real IdP with two providers (idp, idp2), and
 * the guarantee that a failed sign-in leaves no half-made user, account or session behind.
 */
import { sqliteAdapter } from "@auth/adapter-sqlite"
import { type Account } from "@auth/core"
import { memoryAdapter, type Adapter, type AdapterUser } from "@auth/core/adapters"
import { signInWith, sessionOf, type RunningOidcProvider } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type App,
  ORIGIN,
  errorParams,
  hasSession,
  idpProvider,
  makeApp,
  startIdp,
} from "./setup.js"

let idp: RunningOidcProvider
beforeAll(async () => {
  idp = await startIdp()
})
afterAll(async () => {
  await idp.stop()
})

function twoProviders(
  adapter: Adapter,
  options: { dangerous?: boolean; events?: Record<string, unknown[]> } = {},
) {
  const events = options.events ?? {}
  const record = (name: string) => (message: unknown) => {
    ;(events[name] ??= []).push(message)
  }
  return makeApp({
    adapter,
    providers: [
      idpProvider(idp.issuer),
      idpProvider(idp.issuer, {
        id: "idp2",
        name: "Second IdP",
        allowDangerousEmailAccountLinking: options.dangerous,
      }),
    ],
    events: {
      createUser: record("createUser"),
      linkAccount: record("linkAccount"),
      signIn: record("signIn"),
    },
  })
}

async function signIn(app: App, provider: string, user: "alice" | "bob") {
  // prompt=login: the IdP must not reuse its own session (SSO) for the previous person
  return signInWith(app.browser, provider, { params: { login_hint: user, prompt: "login" } })
}

async function signOut(app: App) {
  const page = await app.browser.fetch("/api/auth/signout")
  await app.browser.submitForm(await page.text(), `${ORIGIN}/api/auth/signout`)
}

// node:sqlite with isTransaction (what @auth/adapter-sqlite needs): Node 22.16+, 23.10+, 24
const [major, minor] = process.versions.node.split(".").map(Number) as [number, number]
const hasNodeSqlite = major >= 24 || (major === 23 && minor >= 10) || (major === 22 && minor >= 16)

const ADAPTERS: Record<string, () => Adapter> = {
  memory: () => memoryAdapter(),
  // A fresh in-memory SQLite database per test: the real SQL adapter, with its transactions, on each
  // SQLite driver this Node has.
  "sqlite (better-sqlite3)": () => sqliteAdapter(":memory:", { driver: "better-sqlite3" }),
  ...(hasNodeSqlite && {
    "sqlite (node:sqlite)": () => sqliteAdapter(":memory:", { driver: "node:sqlite" }),
  }),
}

for (const [kind, newAdapter] of Object.entries(ADAPTERS)) {
  describe(`linking rules (database sessions, ${kind} adapter)`, () => {
    it("rule 5 then rule 1: a new account makes a new user; signing in again finds the same user", async () => {
      const adapter = newAdapter()
      const events: Record<string, unknown[]> = {}
      const app = twoProviders(adapter, { events })
      await signIn(app, "idp", "alice")
      const first = await sessionOf(app.browser)
      expect(first?.user).toMatchObject({ email: "alice@example.test", name: "Alice Example" })
      expect(events.createUser).toHaveLength(1)
      expect(events.linkAccount).toHaveLength(1)
      // the cookie is an opaque token, the session a row
      const cookie = app.browser.cookies.list().find((c) => c.name === "auth.session-token")!
      expect((await adapter.getSessionAndUser(cookie.value))?.user.id).toBe(first?.user.id)

      await signOut(app)
      expect(await adapter.getSessionAndUser(cookie.value)).toBeNull()
      await signIn(app, "idp", "alice")
      expect((await sessionOf(app.browser))?.user.id).toBe(first?.user.id)
      expect(events.createUser).toHaveLength(1)
      expect(events.linkAccount).toHaveLength(1)
    })

    it("rule 2: signed in, another provider's account is linked to the current user whatever its email", async () => {
      const adapter = newAdapter()
      const app = twoProviders(adapter)
      await signIn(app, "idp", "alice")
      const alice = (await sessionOf(app.browser))!.user
      await signIn(app, "idp2", "bob") // bob's email, but alice is signed in
      expect((await sessionOf(app.browser))?.user.id).toBe(alice.id)
      expect(
        (await adapter.getUserByAccount({ provider: "idp2", providerAccountId: "bob" }))?.id,
      ).toBe(alice.id)
      expect(await adapter.getUserByEmail("bob@example.test")).toBeNull()
    })

    it("rule 3: a new account whose email belongs to a user is refused with OAuthAccountNotLinked", async () => {
      const adapter = newAdapter()
      const app = twoProviders(adapter)
      await signIn(app, "idp", "alice")
      await signOut(app)
      const result = await signIn(app, "idp2", "alice")
      expect(errorParams(result.url)).toEqual({
        error: "OAuthAccountNotLinked",
        code: "ACCOUNT_NOT_LINKED",
      })
      expect(await result.response.text()).toContain(
        "sign in with the same account you used originally",
      )
      expect(hasSession(app)).toBe(false)
      expect(
        await adapter.getUserByAccount({ provider: "idp2", providerAccountId: "alice" }),
      ).toBeNull()
    })

    it("rule 3 with allowDangerousEmailAccountLinking: the account is linked to the user with that email", async () => {
      const adapter = newAdapter()
      const app = twoProviders(adapter, { dangerous: true })
      await signIn(app, "idp", "alice")
      const alice = (await sessionOf(app.browser))!.user
      await signOut(app)
      await signIn(app, "idp2", "alice")
      expect((await sessionOf(app.browser))?.user.id).toBe(alice.id)
      expect(
        (await adapter.getUserByAccount({ provider: "idp2", providerAccountId: "alice" }))?.id,
      ).toBe(alice.id)
    })

    it("rule 4: an account linked to another user is refused while signed in as someone else", async () => {
      const adapter = newAdapter()
      const app = twoProviders(adapter)
      await signIn(app, "idp", "alice")
      await signIn(app, "idp2", "bob") // (idp2, bob) now belongs to alice's user
      await signOut(app)
      await signIn(app, "idp", "bob") // a new user for bob
      const bob = (await sessionOf(app.browser))!.user
      const result = await signIn(app, "idp2", "bob")
      expect(errorParams(result.url)).toEqual({
        error: "OAuthAccountNotLinked",
        code: "ACCOUNT_LINKED_TO_OTHER_USER",
      })
      // still signed in as bob, nothing moved
      expect((await sessionOf(app.browser))?.user.id).toBe(bob.id)
      expect(
        (await adapter.getUserByAccount({ provider: "idp2", providerAccountId: "bob" }))?.id,
      ).not.toBe(bob.id)
    })

    it("jwt strategy with an adapter still stores users and accounts; the JWT's sub is the user id", async () => {
      const adapter = newAdapter()
      const app = makeApp({
        adapter,
        session: { strategy: "jwt" },
        providers: [idpProvider(idp.issuer)],
      })
      await signIn(app, "idp", "alice")
      const stored = await adapter.getUserByAccount({ provider: "idp", providerAccountId: "alice" })
      expect(stored?.email).toBe("alice@example.test")
      const cookie = app.browser.cookies.list().find((c) => c.name === "auth.session-token")!
      expect(cookie.value.split(".")).toHaveLength(5) // a JWE, not a database token
      expect((await sessionOf(app.browser))?.user.id).toBe(stored?.id)
      expect(await adapter.getSessionAndUser(cookie.value)).toBeNull()
    })
  })

  describe(`nothing half-done (${kind} adapter)`, () => {
    async function countUsers(adapter: Adapter, emails: string[]) {
      let n = 0
      for (const email of emails) if (await adapter.getUserByEmail(email)) n++
      return n
    }

    it("profile() throwing after the token exchange: no user, account or session", async () => {
      const adapter = newAdapter()
      const app = makeApp({
        adapter,
        providers: [
          idpProvider(idp.issuer, {
            profile: () => {
              throw new Error("boom")
            },
          }),
        ],
      })
      const result = await signIn(app, "idp", "alice")
      expect(errorParams(result.url)).toEqual({
        error: "OAuthProfileParseError",
        code: "PROFILE_MAPPING_FAILED",
      })
      expect(await countUsers(adapter, ["alice@example.test"])).toBe(0)
      expect(hasSession(app)).toBe(false)
    })

    it("the signIn callback refusing: nothing written", async () => {
      const adapter = newAdapter()
      const app = makeApp({
        adapter,
        providers: [idpProvider(idp.issuer)],
        callbacks: { signIn: () => false },
      })
      const result = await signIn(app, "idp", "alice")
      expect(errorParams(result.url)).toEqual({ error: "AccessDenied", code: "SIGNIN_REFUSED" })
      expect(await countUsers(adapter, ["alice@example.test"])).toBe(0)
      expect(
        await adapter.getUserByAccount({ provider: "idp", providerAccountId: "alice" }),
      ).toBeNull()
    })

    for (const withTransaction of [true, false]) {
      it(`the database failing on createSession (${withTransaction ? "adapter transaction" : "no transaction: undone by core"}): no user, account or session`, async () => {
        const real = newAdapter()
        const failing: Adapter = {
          ...real,
          createSession: () => Promise.reject(new Error("disk full")),
          transaction: withTransaction ? real.transaction : undefined,
        }
        if (!withTransaction) delete (failing as { transaction?: unknown }).transaction
        const app = makeApp({ adapter: failing, providers: [idpProvider(idp.issuer)] })
        const result = await signIn(app, "idp", "alice")
        expect(errorParams(result.url)).toEqual({ error: "AdapterError", code: "DATABASE_ERROR" })
        expect(result.response.status).toBe(400)
        expect(await real.getUserByEmail("alice@example.test")).toBeNull()
        expect(
          await real.getUserByAccount({ provider: "idp", providerAccountId: "alice" }),
        ).toBeNull()
        expect(hasSession(app)).toBe(false)
      })
    }

    it("the database failing on linkAccount for a new user: the user is not left behind", async () => {
      const real = newAdapter()
      const failing: Adapter = {
        ...real,
        linkAccount: (_a: Account) => Promise.reject(new Error("constraint")),
      }
      delete (failing as { transaction?: unknown }).transaction
      const app = makeApp({ adapter: failing, providers: [idpProvider(idp.issuer)] })
      await signIn(app, "idp", "alice")
      expect(await real.getUserByEmail("alice@example.test")).toBeNull()
    })

    it("an unknown or forged database session token gives no session and clears the cookie", async () => {
      const adapter = newAdapter()
      const app = makeApp({ adapter, providers: [idpProvider(idp.issuer)] })
      app.browser.cookies.set(ORIGIN, [
        "auth.session-token=forged-token-abcdefghijklmnopqrstuvwxyz; Path=/",
      ])
      expect(await sessionOf(app.browser)).toBeNull()
      expect(hasSession(app)).toBe(false)
      app.browser.cookies.set(ORIGIN, ["auth.session-token=eyJ.not.a.token.at-all; Path=/"])
      expect(await sessionOf(app.browser)).toBeNull()
      expect(hasSession(app)).toBe(false)
    })

    it("database sessions slide: re-issued only when updateAge has passed, and expire", async () => {
      const adapter = newAdapter()
      const app = makeApp({
        adapter,
        providers: [idpProvider(idp.issuer)],
        session: { maxAge: 3600, updateAge: 600 },
      })
      await signIn(app, "idp", "alice")
      const token = app.browser.cookies.list().find((c) => c.name === "auth.session-token")!.value
      const before = (await adapter.getSessionAndUser(token))!.session.expires.getTime()
      const fresh = await app.browser.fetch("/api/auth/session")
      expect(fresh.headers.getSetCookie()).toEqual([])
      // age the row by 11 minutes: the next read extends it and re-sets the cookie
      await adapter.updateSession({
        sessionToken: token,
        expires: new Date(before - 11 * 60 * 1000),
      })
      const renewed = await app.browser.fetch("/api/auth/session")
      expect(renewed.headers.getSetCookie().some((c) => c.startsWith("auth.session-token="))).toBe(
        true,
      )
      expect((await adapter.getSessionAndUser(token))!.session.expires.getTime()).toBeGreaterThan(
        before - 11 * 60 * 1000,
      )
      // expired row: no session, cookie cleared
      await adapter.updateSession({ sessionToken: token, expires: new Date(Date.now() - 1000) })
      expect(await sessionOf(app.browser)).toBeNull()
      expect(hasSession(app)).toBe(false)
    })
  })
}

export type { AdapterUser }
