/**
 * Tokens at rest against the real IdP and a real SQLite file: after a sign-in the database file
 * holds no token (nor any piece of one); the tokens come back through `auth.adapter`, also after a
 * secret rotation; a tampered row gives TOKEN_DECRYPTION_FAILED, and a federated sign-out that
 * needs it answers with that code and leaves no session.
 */
import { mkdtempSync, readFileSync, readdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import Database from "better-sqlite3"
import { sqliteAdapter } from "@auth/adapter-sqlite"
import { signInWith, sessionOf, type RunningOidcProvider } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { tokenApi } from "@auth/core/tokens"
import { CLIENTS, ORIGIN, SECRET, errorParams, idpProvider, makeApp, startIdp } from "./setup.js"

let idp: RunningOidcProvider
beforeAll(async () => {
  idp = await startIdp({
    clients: CLIENTS.map((c) => ({ ...c, post_logout_redirect_uris: [ORIGIN] })),
  })
})
afterAll(async () => {
  await idp.stop()
})

const OLD_SECRET = "integration-old-secret-0123456789-abcdef"
const offline = (issuer: string) =>
  idpProvider(issuer, {
    authorization: { params: { scope: "openid email profile offline_access", prompt: "consent" } },
  })

function dbFile(): string {
  return join(mkdtempSync(join(tmpdir(), "auth-at-rest-")), "auth.db")
}

/** Every byte SQLite keeps for this database (the file, its WAL and shared memory), as latin1 text. */
function databaseBytes(file: string): string {
  const dir = dirname(file)
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name)).toString("latin1"))
    .join("\n")
}

describe("tokens at rest (@auth/adapter-sqlite, real IdP)", () => {
  it("the database file holds no token, nor any 12-character piece of one", async () => {
    const file = dbFile()
    const adapter = sqliteAdapter(file)
    const app = makeApp({ adapter, providers: [offline(idp.issuer)] })
    await signInWith(app.browser, "idp", { params: { login_hint: "alice" } })
    const user = (await sessionOf(app.browser))!.user
    const [account] = await app.auth.adapter!.getAccountsByUser!(String(user.id))
    const tokens = [account!.access_token, account!.refresh_token, account!.id_token]
    expect(tokens.every((t) => typeof t === "string" && t.length > 20)).toBe(true)
    await adapter.close?.()

    const bytes = databaseBytes(file)
    expect(bytes).toContain("alice@example.test") // the file is readable: the check below means something
    for (const token of tokens as string[]) {
      for (let i = 0; i + 12 <= token.length; i += 6)
        expect(bytes.includes(token.slice(i, i + 12)), `piece ${i} of a token`).toBe(false)
    }
    const raw = new Database(file, { readonly: true })
      .prepare("SELECT access_token, refresh_token, id_token FROM accounts")
      .get() as Record<string, string>
    for (const value of Object.values(raw)) expect(value).toMatch(/^enc:v1:[\w.-]+$/)
  })

  it("after a rotation ([new, old]) the tokens written with the old secret still read; a tampered one gives TOKEN_DECRYPTION_FAILED", async () => {
    const file = dbFile()
    const first = makeApp({
      adapter: sqliteAdapter(file),
      secret: OLD_SECRET,
      providers: [offline(idp.issuer)],
    })
    await signInWith(first.browser, "idp", { params: { login_hint: "alice" } })
    const userId = String((await sessionOf(first.browser))!.user.id)
    const [before] = await first.auth.adapter!.getAccountsByUser!(userId)
    await first.auth.adapter!.close?.()

    const rotated = makeApp({
      adapter: sqliteAdapter(file),
      secret: [SECRET, OLD_SECRET],
      providers: [offline(idp.issuer)],
    })
    const [after] = await rotated.auth.adapter!.getAccountsByUser!(userId)
    expect(after!.refresh_token).toBe(before!.refresh_token)
    expect(after!.id_token).toBe(before!.id_token)
    await rotated.auth.adapter!.close?.()

    // alter one character of the stored id_token's ciphertext
    const db = new Database(file)
    const { id_token } = db.prepare("SELECT id_token FROM accounts").get() as { id_token: string }
    const at = id_token.length - 60
    const altered =
      id_token.slice(0, at) + (id_token[at] === "A" ? "B" : "A") + id_token.slice(at + 1)
    db.prepare("UPDATE accounts SET id_token = ?").run(altered)
    db.close()

    const app = makeApp({
      adapter: sqliteAdapter(file),
      secret: [SECRET, OLD_SECRET],
      providers: [offline(idp.issuer)],
      extensions: [tokenApi],
    })
    await expect(app.auth.adapter!.getAccountsByUser!(userId)).rejects.toMatchObject({
      code: "TOKEN_DECRYPTION_FAILED",
      providerId: "idp",
    })
    // the fix the error names: signing in again rewrites the row with new tokens, which read again
    await signInWith(app.browser, "idp", { params: { login_hint: "alice" } })
    expect(await sessionOf(app.browser)).not.toBeNull()
    const [repaired] = await app.auth.adapter!.getAccountsByUser!(userId)
    expect(repaired!.id_token).toMatch(/^eyJ/)
    // altered again while signed in: a federated sign-out needs the id_token: a precise error, and no session left
    const again = new Database(file)
    again.prepare("UPDATE accounts SET id_token = ?").run(altered)
    again.close()
    const { csrfToken } = (await (await app.browser.fetch("/api/auth/csrf")).json()) as {
      csrfToken: string
    }
    const result = await app.browser.navigate("/api/auth/signout", {
      form: { csrfToken, federated: "true" },
    })
    expect(errorParams(result.url)).toEqual({
      error: "AdapterError",
      code: "TOKEN_DECRYPTION_FAILED",
    })
    expect(await sessionOf(app.browser)).toBeNull()
    expect(app.errors.map((e) => e.code)).toContain("TOKEN_DECRYPTION_FAILED")
  })
})
