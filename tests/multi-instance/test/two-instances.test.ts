/**
 * Two app instances, two Node processes, one PostgreSQL database, one secret, nothing else shared.
 * The test process runs the IdP and plays the browsers; a sign-in often starts on one process and
 * comes back (the callback) to the other.
 */
import { SCHEMA_VERSION } from "@auth/adapter-pg"
import { signInWith, sessionOf, type RunningOidcProvider, type TestBrowser } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  browserFor,
  errorParams,
  idpUsers,
  ORIGIN,
  pooled,
  sessionCookie,
  startIdp,
  startInstance,
  startOn,
  type Instance,
} from "./cluster.js"
import { count, freshDatabase, sql } from "./db.js"

let idp: RunningOidcProvider
let db: string
let a: Instance
let b: Instance

beforeAll(async () => {
  db = await freshDatabase("two")
  idp = await startIdp(idpUsers(400))
  // both start on an empty database: their first requests migrate it concurrently (advisory lock)
  ;[a, b] = await Promise.all([
    startInstance("a", { ISSUER: idp.issuer, DATABASE_URL: db }),
    startInstance("b", { ISSUER: idp.issuer, DATABASE_URL: db }),
  ])
})

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()])
  await idp?.stop()
})

const person = (k: number) => ({ login_hint: `person-${k}` })

/** The row of a user by email (one or none). */
async function usersWithEmail(email: string) {
  return sql<{ id: string }>(db, "SELECT id FROM users WHERE email = $1", [email])
}

async function signOut(browser: TestBrowser): Promise<void> {
  const { csrfToken } = (await (await browser.fetch("/api/auth/csrf")).json()) as {
    csrfToken: string
  }
  const result = await browser.navigate("/api/auth/signout", { form: { csrfToken } })
  expect(result.url).toBe(`${ORIGIN}/`)
}

describe("two instances on one PostgreSQL", () => {
  it("300 sign-ins at concurrency 50, spread over both processes, most finishing on the other one", async () => {
    // people 0..199 sign up; 200..299 are people 0..99 signing in again (in a new browser)
    const runs = await pooled(300, 50, async (n) => {
      const k = n < 200 ? n : n - 200
      const route = [startOn(a, a), startOn(a, b), startOn(b, a)][n % 3]!
      const browser = browserFor(route)
      const result = await signInWith(browser, "idp", { params: person(k) })
      return {
        n,
        k,
        browser,
        url: result.url,
        status: result.response.status,
        cookie: sessionCookie(browser),
      }
    })
    const failed = runs.filter((r) => r.url !== `${ORIGIN}/` || !r.cookie)
    expect(failed.map((r) => `${r.n}: ${r.url}`)).toEqual([])
    expect(a.errors.concat(b.errors)).toEqual([])

    // one user and one account per person, one session per sign-in
    expect(await count(db, "users")).toBe(200)
    expect(await count(db, "accounts")).toBe(200)
    expect(await count(db, "sessions")).toBe(300)
    expect(await count(db, "auth_migrations")).toBe(SCHEMA_VERSION)

    // every session reads the same on both processes; a person's two sign-ins are the same user
    const ids = new Map<number, string>()
    const reads = await pooled(runs.length * 2, 20, async (i) => {
      const run = runs[i >> 1]!
      return { run, session: await sessionOf(withCookie(run.cookie!, i % 2 ? a : b)) }
    })
    for (const { run, session } of reads) {
      expect(session?.user.email).toBe(`person-${run.k}@example.test`)
      const id = session!.user.id as string
      if (ids.has(run.k)) expect(id).toBe(ids.get(run.k))
      ids.set(run.k, id)
    }
    expect(ids.size).toBe(200)
  })

  it("the same new person signing in through both processes at once: one user, one account, both signed in, no error page", async () => {
    const people = [300, 301, 302, 303, 304, 305, 306, 307]
    const results = await Promise.all(
      people.flatMap((k) =>
        [startOn(a, a), startOn(b, b)].map(async (route) => {
          const browser = browserFor(route)
          const result = await signInWith(browser, "idp", { params: person(k) })
          return { k, url: result.url, session: await sessionOf(browser) }
        }),
      ),
    )
    for (const result of results) {
      expect(result.url, `person-${result.k}`).toBe(`${ORIGIN}/`)
      expect(result.session?.user.email).toBe(`person-${result.k}@example.test`)
    }
    for (const k of people) {
      const users = await usersWithEmail(`person-${k}@example.test`)
      expect(users).toHaveLength(1)
      expect(await count(db, `accounts WHERE "userId" = '${users[0]!.id}'`)).toBe(1)
      const both = results.filter((r) => r.k === k).map((r) => r.session!.user.id)
      expect(both).toEqual([users[0]!.id, users[0]!.id])
    }
    expect(a.errors.concat(b.errors)).toEqual([])
  })

  it("the linking rules hold across processes", async () => {
    // person 310 signs up with idp on a
    const first = browserFor(startOn(a, a))
    expect((await signInWith(first, "idp", { params: person(310) })).url).toBe(`${ORIGIN}/`)
    const [owner] = await usersWithEmail("person-310@example.test")

    // the same email through another provider, not signed in, on b: refused, nothing written
    const stranger = browserFor(startOn(b, b))
    const refused = await signInWith(stranger, "idp2", { params: person(310) })
    expect(errorParams(refused.url)).toEqual({
      error: "OAuthAccountNotLinked",
      code: "ACCOUNT_NOT_LINKED",
    })
    expect(sessionCookie(stranger)).toBeUndefined()
    expect(await count(db, `accounts WHERE "userId" = '${owner!.id}'`)).toBe(1)

    // signed in (session made by a), linking idp2 while the callback lands on b: linked to the current user
    const linking = withCookie(sessionCookie(first)!, a, b)
    expect((await signInWith(linking, "idp2", { params: person(310) })).url).toBe(`${ORIGIN}/`)
    expect(
      (
        await sql<{ provider: string }>(
          db,
          `SELECT provider FROM accounts WHERE "userId" = $1 ORDER BY provider`,
          [owner!.id],
        )
      ).map((r) => r.provider),
    ).toEqual(["idp", "idp2"])

    // a provider trusted to link by email: linked to the existing user, on b
    const trusted = browserFor(startOn(b, a))
    expect((await signInWith(trusted, "idp-trusted", { params: person(310) })).url).toBe(
      `${ORIGIN}/`,
    )
    expect((await sessionOf(trusted))?.user.id).toBe(owner!.id)
    expect(await count(db, `accounts WHERE "userId" = '${owner!.id}'`)).toBe(3)

    // an account linked to person 310, used while signed in as person 311: refused
    const other = browserFor(startOn(b, b))
    expect((await signInWith(other, "idp", { params: person(311) })).url).toBe(`${ORIGIN}/`)
    const hijack = await signInWith(withCookie(sessionCookie(other)!, a, b), "idp2", {
      params: person(310),
    })
    expect(errorParams(hijack.url)).toEqual({
      error: "OAuthAccountNotLinked",
      code: "ACCOUNT_LINKED_TO_OTHER_USER",
    })
    expect(await count(db, `accounts WHERE "userId" = '${owner!.id}'`)).toBe(3)
    expect(await usersWithEmail("person-310@example.test")).toHaveLength(1)
    // the two refusals, logged by the process that handled each callback, and nothing else
    const logged = [...a.errors.splice(0), ...b.errors.splice(0)].map((e) => e.code).sort()
    expect(logged).toEqual(["ACCOUNT_LINKED_TO_OTHER_USER", "ACCOUNT_NOT_LINKED"])
  })

  it("a database session is read and revoked from either process", async () => {
    for (const [start, end] of [
      [a, b],
      [b, a],
    ] as const) {
      const browser = browserFor(startOn(start, end))
      await signInWith(browser, "idp", { params: person(320) })
      const token = sessionCookie(browser)!
      // read on both
      for (const instance of [a, b])
        expect((await sessionOf(withCookie(token, instance)))?.user.email).toBe(
          "person-320@example.test",
        )
      // sign out through `start`; the same cookie replayed on `end` is no session
      await signOut(withCookie(token, start))
      expect(await sessionOf(withCookie(token, end))).toBeNull()
      expect(await count(db, `sessions WHERE "sessionToken" = '${token}'`)).toBe(0)
    }
    // revoked in the database (an admin's "sign out everywhere"): gone on both at once, no cache
    const browser = browserFor(startOn(a, b))
    await signInWith(browser, "idp", { params: person(321) })
    const token = sessionCookie(browser)!
    expect((await sessionOf(withCookie(token, b)))?.user.email).toBe("person-321@example.test")
    await sql(
      db,
      `DELETE FROM sessions WHERE "userId" = (SELECT id FROM users WHERE email = 'person-321@example.test')`,
    )
    for (const instance of [a, b]) expect(await sessionOf(withCookie(token, instance))).toBeNull()
    expect(a.errors.concat(b.errors)).toEqual([])
  })
})

/** A new browser holding only the session cookie `token`, talking to `start` (and `finish` for callbacks). */
function withCookie(token: string, start: Instance, finish: Instance = start): TestBrowser {
  const browser = browserFor(startOn(start, finish))
  browser.cookies.set(ORIGIN, [`auth.session-token=${token}; Path=/; HttpOnly; SameSite=Lax`])
  return browser
}
