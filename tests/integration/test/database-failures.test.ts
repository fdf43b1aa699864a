/**
 * Bad input and a misbehaving database through the whole flow: a read-only or locked SQLite file
 * ends the sign-in on an error page with a precise code, writes nothing, and never crashes; a
 * corrupted or foreign session cookie gives no session and is cleared.
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { sqliteAdapter } from "@auth/adapter-sqlite"
import { signInWith, sessionOf, type RunningOidcProvider } from "@auth/testkit"
import Database from "better-sqlite3"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ORIGIN, errorParams, hasSession, idpProvider, makeApp, startIdp } from "./setup.js"

let idp: RunningOidcProvider
beforeAll(async () => {
  idp = await startIdp()
})
afterAll(async () => {
  await idp.stop()
})

function freshFile() {
  return join(mkdtempSync(join(tmpdir(), "auth-int-db-")), "auth.db")
}

function countUsers(file: string): number {
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe("a misbehaving database during sign-in", () => {
  it("read-only database file -> AdapterError / DATABASE_READ_ONLY, nothing written, the app keeps serving", async () => {
    const file = freshFile()
    sqliteAdapter(file) // create the schema once
    const app = makeApp({
      adapter: sqliteAdapter(new Database(file, { readonly: true })),
      providers: [idpProvider(idp.issuer)],
    })
    const result = await signInWith(app.browser, "idp")
    expect(errorParams(result.url)).toEqual({ error: "AdapterError", code: "DATABASE_READ_ONLY" })
    expect(result.response.status).toBe(400)
    const page = await result.response.text()
    expect(page).toContain("Nothing was changed")
    expect(page).not.toMatch(/at .*\.js:\d+/)
    expect(hasSession(app)).toBe(false)
    expect(countUsers(file)).toBe(0)
    expect((await app.browser.fetch("/api/auth/providers")).status).toBe(200)
  })

  it("a database locked by another process -> DATABASE_LOCKED, nothing written", async () => {
    const file = freshFile()
    const app = makeApp({
      adapter: sqliteAdapter(file, { busyTimeoutMs: 50 }),
      providers: [idpProvider(idp.issuer)],
    })
    const other = new Database(file)
    other.exec("BEGIN EXCLUSIVE")
    try {
      const result = await signInWith(app.browser, "idp")
      expect(errorParams(result.url)).toEqual({ error: "AdapterError", code: "DATABASE_LOCKED" })
      expect(hasSession(app)).toBe(false)
    } finally {
      other.exec("ROLLBACK")
      other.close()
    }
    expect(countUsers(file)).toBe(0)
    // once the lock is gone, the same app signs the person in
    const again = await signInWith(app.browser, "idp")
    expect(again.url).toBe(`${ORIGIN}/`)
    expect(countUsers(file)).toBe(1)
  })

  it("corrupted, foreign and JWT-shaped cookies on a database-session app: no session, cookie cleared, no crash", async () => {
    const app = makeApp({
      adapter: sqliteAdapter(freshFile()),
      providers: [idpProvider(idp.issuer)],
    })
    for (const value of [
      "%E0%A4%A",
      "x".repeat(5000),
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..a.b.c",
      "' OR 1=1 --",
    ]) {
      app.browser.cookies.set(ORIGIN, [`auth.session-token=${encodeURIComponent(value)}; Path=/`])
      const response = await app.browser.fetch("/api/auth/session")
      expect(response.status).toBe(200)
      expect(await response.json()).toBeNull()
      expect(hasSession(app)).toBe(false)
    }
    // a real session from another app (another database) is unknown here
    const other = makeApp({
      adapter: sqliteAdapter(freshFile()),
      providers: [idpProvider(idp.issuer)],
    })
    await signInWith(other.browser, "idp")
    const token = other.browser.cookies.list().find((c) => c.name === "auth.session-token")!.value
    app.browser.cookies.set(ORIGIN, [`auth.session-token=${token}; Path=/`])
    expect(await sessionOf(app.browser)).toBeNull()
    expect(hasSession(app)).toBe(false)
  })
})
