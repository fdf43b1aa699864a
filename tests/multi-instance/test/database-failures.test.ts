/**
 * A PostgreSQL that fails under two running app processes: stopped, read-only, or refusing the last
 * write of a sign-in. Existing sessions are never signed out, a failed sign-in ends on an error page
 * with the adapter's precise code and leaves nothing behind, and everything works again afterwards.
 * This file stops its own server (started just for it, whatever DATABASE_URL says).
 */
import {
  signInWith,
  sessionOf,
  startPostgres,
  type RunningOidcProvider,
  type RunningPostgres,
} from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  browserFor,
  errorParams,
  idpUsers,
  ORIGIN,
  sessionCookie,
  startIdp,
  startInstance,
  startOn,
  type Instance,
} from "./cluster.js"
import { count, freshDatabase, sql } from "./db.js"

let server: RunningPostgres
let idp: RunningOidcProvider
const instances: Instance[] = []

beforeAll(async () => {
  server = await startPostgres({ url: null, maxConnections: 50 })
  idp = await startIdp(idpUsers(20))
})

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()))
  await idp?.stop()
  await server?.stop()
})

async function twoInstances(db: string): Promise<[Instance, Instance]> {
  const pair = await Promise.all(
    ["a", "b"].map((name) =>
      startInstance(name, { ISSUER: idp.issuer, DATABASE_URL: db, POOL_MAX: "4" }),
    ),
  )
  instances.push(...pair)
  return pair as [Instance, Instance]
}

function withCookie(token: string, instance: Instance) {
  const browser = browserFor(() => instance)
  browser.cookies.set(ORIGIN, [`auth.session-token=${token}; Path=/; HttpOnly; SameSite=Lax`])
  return browser
}

const person = (k: number) => ({ login_hint: `person-${k}` })

describe("the database fails under two running instances", () => {
  it("server stopped: sessions are kept (not signed out), a sign-in fails with DATABASE_UNAVAILABLE; all back after restart", async () => {
    const db = await freshDatabase("down", server.url)
    const [a, b] = await twoInstances(db)
    const browser = browserFor(startOn(a, b))
    await signInWith(browser, "idp", { params: person(1) })
    const token = sessionCookie(browser)!
    expect((await sessionOf(withCookie(token, b)))?.user.email).toBe("person-1@example.test")

    await server.pause()
    try {
      for (const instance of [a, b]) {
        const reader = withCookie(token, instance)
        const response = await reader.fetch("/api/auth/session")
        expect(response.status).toBe(200)
        expect(await response.json()).toBeNull()
        // the cookie is not cleared: the person is still signed in once the database is back
        expect(
          response.headers.getSetCookie().filter((c) => c.startsWith("auth.session-token=")),
        ).toEqual([])
        expect(sessionCookie(reader)).toBe(token)
      }
      const attempt = browserFor(startOn(b, a))
      const failed = await signInWith(attempt, "idp", { params: person(2) })
      expect(errorParams(failed.url)).toEqual({
        error: "AdapterError",
        code: "DATABASE_UNAVAILABLE",
      })
      expect(failed.response.status).toBe(400)
      expect(sessionCookie(attempt)).toBeUndefined()
      expect(a.errors.some((e) => e.code === "DATABASE_UNAVAILABLE")).toBe(true)
    } finally {
      await server.restart()
    }

    for (const instance of [a, b])
      expect((await sessionOf(withCookie(token, instance)))?.user.email).toBe(
        "person-1@example.test",
      )
    const again = browserFor(startOn(b, a))
    expect((await signInWith(again, "idp", { params: person(2) })).url).toBe(`${ORIGIN}/`)
    expect(await count(db, "users")).toBe(2)
  })

  it("read-only database (as on a replica): sign-in -> DATABASE_READ_ONLY, nothing written; sessions still read", async () => {
    const db = await freshDatabase("readonly", server.url)
    const [a, b] = await twoInstances(db)
    const browser = browserFor(startOn(a, b))
    await signInWith(browser, "idp", { params: person(3) })
    const token = sessionCookie(browser)!
    const name = new URL(db).pathname.slice(1)
    await sql(server.url, `ALTER DATABASE "${name}" SET default_transaction_read_only = on`)
    // pooled connections keep the setting they started with: make the instances reconnect
    await sql(
      server.url,
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
      [name],
    )

    const attempt = browserFor(startOn(b, a))
    const failed = await signInWith(attempt, "idp", { params: person(4) })
    expect(errorParams(failed.url)).toEqual({ error: "AdapterError", code: "DATABASE_READ_ONLY" })
    expect(sessionCookie(attempt)).toBeUndefined()
    for (const instance of [a, b])
      expect((await sessionOf(withCookie(token, instance)))?.user.email).toBe(
        "person-3@example.test",
      )
    expect(await count(db, "users")).toBe(1)
  })

  it("the last write of a sign-in fails: no half-made user or account is left, the app keeps serving", async () => {
    const db = await freshDatabase("half", server.url)
    const [a, b] = await twoInstances(db)
    await signInWith(browserFor(startOn(a, a)), "idp", { params: person(5) }) // migrates
    // the session insert (after the user and the account) fails, as a full disk or a constraint would
    await sql(
      db,
      `CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$;
       CREATE TRIGGER refuse_sessions BEFORE INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION refuse();`,
    )
    const attempt = browserFor(startOn(a, b))
    const failed = await signInWith(attempt, "idp", { params: person(6) })
    expect(errorParams(failed.url)).toEqual({ error: "AdapterError", code: "DATABASE_ERROR" })
    expect(await count(db, "users WHERE email = 'person-6@example.test'")).toBe(0)
    expect(await count(db, "accounts")).toBe(1)
    await sql(db, "DROP TRIGGER refuse_sessions ON sessions")
    expect((await signInWith(browserFor(startOn(b, a)), "idp", { params: person(6) })).url).toBe(
      `${ORIGIN}/`,
    )
    expect(await count(db, "accounts")).toBe(2)
  })
})
