import { AdapterError, type AdapterAccount } from "@auth/core/adapters"
import { existsSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { SCHEMA_VERSION, sqliteCode } from "../src/index.js"
import { MIGRATIONS } from "../src/migrations.js"
import { DAY, openDb, rejection, sqliteAdapter, tempDir, type TestDb } from "./helpers.js"

const dir = tempDir("unit")
let n = 0
const freshFile = (label: string) => join(dir, `${label}-${++n}.db`)

function count(db: TestDb, table: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
}

function account(
  userId: string,
  providerAccountId: string,
  extra: Record<string, unknown> = {},
): AdapterAccount {
  return {
    userId,
    provider: "github",
    type: "oauth",
    providerAccountId,
    access_token: "at",
    ...extra,
  } as AdapterAccount
}

describe("connection settings", () => {
  it("a file gets WAL mode, foreign keys and the busy timeout", async () => {
    const file = freshFile("wal")
    sqliteAdapter(file, { busyTimeoutMs: 1234 })
    const db = openDb(file)
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal") // persistent, seen from another connection
    db.close()
    const own = openDb(file)
    const adapter = sqliteAdapter(own, { busyTimeoutMs: 1234 })
    expect(adapter).toBeTruthy()
    expect(own.pragma("foreign_keys", { simple: true })).toBe(1)
    expect(own.pragma("busy_timeout", { simple: true })).toBe(1234)
    own.close()
  })

  it(":memory: works without WAL", async () => {
    const db = openDb(":memory:")
    const adapter = sqliteAdapter(db)
    expect(db.pragma("journal_mode", { simple: true })).toBe("memory")
    const user = await adapter.createUser({ email: "mem@example.com" })
    expect((await adapter.getUser(user.id))?.email).toBe("mem@example.com")
    db.close()
  })

  it("an open Database is used as it is: its journal mode is left alone, its data is the adapter's", async () => {
    const file = freshFile("as-is")
    const db = openDb(file)
    const adapter = sqliteAdapter(db)
    expect(db.pragma("journal_mode", { simple: true })).toBe("delete")
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1)
    const user = await adapter.createUser({ name: "Passed In", email: "passed@example.com" })
    expect(db.prepare("SELECT name, email FROM users WHERE id = ?").get(user.id)).toEqual({
      name: "Passed In",
      email: "passed@example.com",
    })
    expect(db.open).toBe(true)
    db.close()
  })

  it("rejects a table prefix that is not a plain identifier", () => {
    expect(() => sqliteAdapter(":memory:", { tablePrefix: "x; DROP TABLE users; --" })).toThrow(
      TypeError,
    )
    expect(() => sqliteAdapter(":memory:", { tablePrefix: "1abc" })).toThrow(/tablePrefix/)
    expect(() => sqliteAdapter(":memory:", { busyTimeoutMs: -1 })).toThrow(/busyTimeoutMs/)
  })
})

describe("schema and migrations", () => {
  it("creates the tables, the case-insensitive email index and one version row per migration", () => {
    const db = openDb(":memory:")
    sqliteAdapter(db)
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string
      }[]
    ).map((r) => r.name)
    expect(tables).toEqual(["accounts", "auth_migrations", "sessions", "used_keys", "users"])
    const index = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'users_email'").get() as {
      sql: string
    }
    expect(index.sql).toMatch(/UNIQUE INDEX users_email ON users \(email COLLATE NOCASE\)/)
    const versions = db
      .prepare("SELECT version, applied_at FROM auth_migrations ORDER BY version")
      .all() as { version: number; applied_at: number }[]
    expect(versions.map((v) => v.version)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    )
    for (const v of versions) expect(Math.abs(v.applied_at - Date.now())).toBeLessThan(60_000)
    const accountColumns = (
      db.prepare("PRAGMA table_info(accounts)").all() as { name: string }[]
    ).map((c) => c.name)
    expect(accountColumns).toEqual([
      "user_id",
      "provider",
      "provider_account_id",
      "type",
      "access_token",
      "refresh_token",
      "expires_at",
      "token_type",
      "scope",
      "id_token",
      "session_state",
      "oauth_token",
      "oauth_token_secret",
      "extras",
    ])
    db.close()
  })

  it("a database an older release made (schema version 1) is brought up to date, its data kept", async () => {
    const file = freshFile("v1")
    const db = openDb(file)
    // What release 1 of the adapter left: migration 1 and its version row, nothing after it.
    db.exec(MIGRATIONS[0]!.sql(""))
    db.exec(
      "CREATE TABLE auth_migrations (version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
    )
    db.prepare("INSERT INTO auth_migrations VALUES (1, ?, ?)").run(MIGRATIONS[0]!.name, Date.now())
    db.prepare("INSERT INTO users (id, email) VALUES ('u1', 'old@example.com')").run()
    const adapter = sqliteAdapter(file)
    expect(
      (
        db.prepare("SELECT version FROM auth_migrations ORDER BY version").all() as {
          version: number
        }[]
      ).map((r) => r.version),
    ).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1))
    expect(await adapter.getUser("u1")).toMatchObject({ email: "old@example.com" })
    expect(await adapter.useOnce!("id_token:abc", new Date(Date.now() + DAY))).toBe(true)
    expect(await adapter.useOnce!("id_token:abc", new Date(Date.now() + DAY))).toBe(false)
    db.close()
  })

  it("useOnce keeps one row per key and sweeps expired ones now and then", async () => {
    const db = openDb(":memory:")
    const adapter = sqliteAdapter(db)
    const past = new Date(Date.now() - 1000)
    for (let i = 0; i < 255; i++) expect(await adapter.useOnce!(`old-${i}`, past)).toBe(true)
    const count = () => (db.prepare("SELECT count(*) AS n FROM used_keys").get() as { n: number }).n
    expect(count()).toBe(255)
    // the 256th call sweeps the expired rows before recording its own key
    expect(await adapter.useOnce!("live", new Date(Date.now() + DAY))).toBe(true)
    expect(count()).toBe(1)
    expect(await adapter.useOnce!("live", new Date(Date.now() + DAY))).toBe(false)
    db.close()
  })

  it("running the constructor again on the same file is a no-op and keeps the data", async () => {
    const file = freshFile("twice")
    const first = sqliteAdapter(file)
    const user = await first.createUser({ email: "kept@example.com" })
    const db = openDb(file)
    const before = db.prepare("SELECT * FROM auth_migrations ORDER BY version").all()
    const schemaBefore = db.prepare("SELECT name, sql FROM sqlite_master ORDER BY name").all()
    const second = sqliteAdapter(file)
    sqliteAdapter(file)
    expect(db.prepare("SELECT * FROM auth_migrations ORDER BY version").all()).toEqual(before)
    expect(before).toHaveLength(SCHEMA_VERSION)
    expect(db.prepare("SELECT name, sql FROM sqlite_master ORDER BY name").all()).toEqual(
      schemaBefore,
    )
    expect((await second.getUser(user.id))?.email).toBe("kept@example.com")
    db.close()
  })

  it("table prefixes keep two adapters apart in one database", async () => {
    const db = openDb(":memory:")
    const a = sqliteAdapter(db, { tablePrefix: "a_" })
    const b = sqliteAdapter(db, { tablePrefix: "b_" })
    const user = await a.createUser({ email: "same@example.com" })
    expect(await b.getUserByEmail("same@example.com")).toBeNull()
    await b.createUser({ email: "same@example.com" })
    expect(count(db, "a_users")).toBe(1)
    expect(count(db, "b_users")).toBe(1)
    expect(count(db, "a_auth_migrations")).toBe(SCHEMA_VERSION)
    expect(count(db, "b_auth_migrations")).toBe(SCHEMA_VERSION)
    expect((await a.getUser(user.id))?.id).toBe(user.id)
    db.close()
  })

  it("a conflicting table of the same name fails with MIGRATION_FAILED and leaves nothing half-made", () => {
    const db = openDb(":memory:")
    db.exec("CREATE TABLE users (whatever TEXT)")
    const error = (() => {
      try {
        sqliteAdapter(db)
      } catch (e) {
        return e as AdapterError
      }
      throw new Error("expected the constructor to throw")
    })()
    expect(error).toBeInstanceOf(AdapterError)
    expect(error.code).toBe("MIGRATION_FAILED")
    expect(error.message).toMatch(/tablePrefix/)
    expect(sqliteCode(error.cause)).toBe("SQLITE_ERROR")
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
        name: string
      }[]
    ).map((r) => r.name)
    expect(tables).toEqual(["users"])
    expect(db.inTransaction).toBe(false)
    // with a prefix it works next to the foreign table
    sqliteAdapter(db, { tablePrefix: "auth_" })
    expect(count(db, "auth_auth_migrations")).toBe(SCHEMA_VERSION)
    db.close()
  })
})

describe("foreign keys", () => {
  it("deleting a user with plain SQL cascades to accounts and sessions", async () => {
    const db = openDb(":memory:")
    const adapter = sqliteAdapter(db)
    const user = await adapter.createUser({ email: "cascade@example.com" })
    const other = await adapter.createUser({ email: "other@example.com" })
    await adapter.linkAccount(account(user.id, "1"))
    await adapter.linkAccount(account(other.id, "2"))
    await adapter.createSession({
      sessionToken: "s1",
      userId: user.id,
      expires: new Date(Date.now() + DAY),
    })
    await adapter.createSession({
      sessionToken: "s2",
      userId: other.id,
      expires: new Date(Date.now() + DAY),
    })
    db.prepare("DELETE FROM users WHERE id = ?").run(user.id)
    expect(db.prepare("SELECT count(*) AS n FROM accounts WHERE user_id = ?").get(user.id)).toEqual(
      { n: 0 },
    )
    expect(db.prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?").get(user.id)).toEqual(
      { n: 0 },
    )
    expect(count(db, "accounts")).toBe(1)
    expect(count(db, "sessions")).toBe(1)
    expect(() =>
      db
        .prepare("INSERT INTO sessions (session_token, user_id, expires) VALUES ('x', 'ghost', 1)")
        .run(),
    ).toThrow(/FOREIGN KEY/)
    db.close()
  })

  it("refuses a Database whose open transaction keeps foreign keys off", () => {
    const db = openDb(":memory:")
    db.pragma("foreign_keys = OFF")
    db.exec("BEGIN")
    let error: AdapterError | undefined
    try {
      sqliteAdapter(db)
    } catch (e) {
      error = e as AdapterError
    }
    expect(error?.code).toBe("DATABASE_ERROR")
    expect(error?.message).toMatch(/foreign keys/)
    db.exec("ROLLBACK")
    db.close()
  })

  it("turns foreign keys on for a Database passed in with them off", async () => {
    const db = openDb(":memory:")
    db.pragma("foreign_keys = OFF")
    const adapter = sqliteAdapter(db)
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1)
    const user = await adapter.createUser({ email: "fk@example.com" })
    await adapter.linkAccount(account(user.id, "fk"))
    await adapter.deleteUser(user.id)
    expect(count(db, "accounts")).toBe(0)
    db.close()
  })
})

describe("storage details", () => {
  it("extras are one JSON column; standard fields of the wrong type land there too", async () => {
    const db = openDb(":memory:")
    const adapter = sqliteAdapter(db)
    const user = await adapter.createUser({ email: "extras@example.com" })
    const circular: Record<string, unknown> = { ok: true }
    circular.self = circular
    const stored = await adapter.linkAccount(
      account(user.id, "42", {
        refresh_token_expires_in: 5183999,
        "x-weird": { a: 1 },
        scope: ["read", "write"],
        expires_at: "3600",
        big: 10n,
        circular,
        extras: { chosen: "by provider" },
      }),
    )
    const row = db
      .prepare(
        "SELECT scope, expires_at, extras, access_token FROM accounts WHERE provider_account_id = '42'",
      )
      .get() as Record<string, unknown>
    expect(row.scope).toBeNull()
    expect(row.expires_at).toBeNull()
    expect(row.access_token).toBe("at")
    expect(JSON.parse(row.extras as string)).toEqual({
      refresh_token_expires_in: 5183999,
      "x-weird": { a: 1 },
      scope: ["read", "write"],
      expires_at: "3600",
      big: "10",
      chosen: "by provider",
    })
    expect(stored!.extras).toEqual(JSON.parse(row.extras as string))
    const plain = await adapter.linkAccount(account(user.id, "43", { expires_at: 1_900_000_000 }))
    expect(plain!.extras).toBeUndefined()
    expect(plain!.expires_at).toBe(1_900_000_000)
    expect(
      db.prepare("SELECT extras FROM accounts WHERE provider_account_id = '43'").get(),
    ).toEqual({ extras: null })
    db.close()
  })

  it("Dates are stored as integer milliseconds", async () => {
    const db = openDb(":memory:")
    const adapter = sqliteAdapter(db)
    const user = await adapter.createUser({
      email: "ms@example.com",
      emailVerified: new Date(1_700_000_000_123),
    })
    await adapter.createSession({
      sessionToken: "ms",
      userId: user.id,
      expires: new Date(1_900_000_000_456),
    })
    expect(
      db.prepare("SELECT email_verified, typeof(email_verified) AS t FROM users").get(),
    ).toEqual({ email_verified: 1_700_000_000_123, t: "integer" })
    expect(db.prepare("SELECT expires, typeof(expires) AS t FROM sessions").get()).toEqual({
      expires: 1_900_000_000_456,
      t: "integer",
    })
    db.close()
  })

  it("reading an expired session deletes its row", async () => {
    const db = openDb(":memory:")
    const adapter = sqliteAdapter(db)
    const user = await adapter.createUser({ email: "exp@example.com" })
    await adapter.createSession({
      sessionToken: "old",
      userId: user.id,
      expires: new Date(Date.now() - 1),
    })
    await adapter.createSession({
      sessionToken: "new",
      userId: user.id,
      expires: new Date(Date.now() + DAY),
    })
    expect(await adapter.getSessionAndUser("old")).toBeNull()
    expect(
      (db.prepare("SELECT session_token FROM sessions").all() as { session_token: string }[]).map(
        (r) => r.session_token,
      ),
    ).toEqual(["new"])
    db.close()
  })
})

describe("errors", () => {
  it("a duplicate account maps SQLITE_CONSTRAINT_UNIQUE to ACCOUNT_ALREADY_LINKED, with the cause", async () => {
    const adapter = sqliteAdapter(":memory:")
    const a = await adapter.createUser({ email: "a@example.com" })
    const b = await adapter.createUser({ email: "b@example.com" })
    await adapter.linkAccount(account(a.id, "dup"))
    const error = await rejection(adapter.linkAccount(account(b.id, "dup")))
    expect(error).toBeInstanceOf(AdapterError)
    expect(error.code).toBe("ACCOUNT_ALREADY_LINKED")
    expect(error.message).toMatch(/github account "dup" is already linked/)
    expect(error.message).toMatch(/unlinkAccount/)
    expect(sqliteCode(error.cause)).toBe("SQLITE_CONSTRAINT_UNIQUE")
  })

  it("constraint violations of the caller's data are DATABASE_ERRORs that say which rule", async () => {
    const adapter = sqliteAdapter(":memory:")
    const user = await adapter.createUser({ email: "Taken@example.com" })
    const dupEmail = await rejection(adapter.createUser({ email: "taken@EXAMPLE.com" }))
    expect(dupEmail.code).toBe("DATABASE_ERROR")
    expect(dupEmail.message).toMatch(/already exists/)
    expect(sqliteCode(dupEmail.cause)).toBe("SQLITE_CONSTRAINT_UNIQUE")

    const other = await adapter.createUser({ email: "other@example.com" })
    const moveEmail = await rejection(
      adapter.updateUser({ id: other.id, email: "TAKEN@example.com" }),
    )
    expect(moveEmail.code).toBe("DATABASE_ERROR")
    expect((await adapter.getUser(other.id))?.email).toBe("other@example.com")

    const ghostLink = await rejection(adapter.linkAccount(account("ghost", "g")))
    expect(ghostLink.code).toBe("DATABASE_ERROR")
    expect(ghostLink.message).toMatch(/no user with id "ghost"/)
    expect(sqliteCode(ghostLink.cause)).toBe("SQLITE_CONSTRAINT_FOREIGNKEY")

    const ghostSession = await rejection(
      adapter.createSession({
        sessionToken: "t",
        userId: "ghost",
        expires: new Date(Date.now() + DAY),
      }),
    )
    expect(ghostSession.code).toBe("DATABASE_ERROR")
    await adapter.createSession({
      sessionToken: "t",
      userId: user.id,
      expires: new Date(Date.now() + DAY),
    })
    const dupToken = await rejection(
      adapter.createSession({
        sessionToken: "t",
        userId: other.id,
        expires: new Date(Date.now() + DAY),
      }),
    )
    expect(dupToken.code).toBe("DATABASE_ERROR")
    expect((await adapter.getSessionAndUser("t"))?.user.id).toBe(user.id)

    const unknownUpdate = await rejection(adapter.updateUser({ id: "nobody", name: "x" }))
    expect(unknownUpdate.code).toBe("DATABASE_ERROR")
    expect(await adapter.getUser("nobody")).toBeNull()
  })

  it("a read-only database: reads work, every write fails with DATABASE_READ_ONLY, nothing is written", async () => {
    const file = freshFile("readonly")
    const writable = sqliteAdapter(file)
    const user = await writable.createUser({ email: "ro@example.com" })
    await writable.linkAccount(account(user.id, "ro"))
    await writable.createSession({
      sessionToken: "ro-session",
      userId: user.id,
      expires: new Date(Date.now() + DAY),
    })
    await writable.createSession({
      sessionToken: "ro-expired",
      userId: user.id,
      expires: new Date(Date.now() - 1),
    })

    const ro = openDb(file, { readonly: true })
    const adapter = sqliteAdapter(ro)
    expect((await adapter.getUserByEmail("RO@example.com"))?.id).toBe(user.id)
    expect((await adapter.getSessionAndUser("ro-session"))?.user.id).toBe(user.id)
    expect(await adapter.getSessionAndUser("ro-expired")).toBeNull() // the clean-up delete fails quietly

    const writes: [string, () => unknown][] = [
      ["createUser", () => adapter.createUser({ email: "new@example.com" })],
      ["updateUser", () => adapter.updateUser({ id: user.id, name: "changed" })],
      ["deleteUser", () => adapter.deleteUser(user.id)],
      ["linkAccount", () => adapter.linkAccount(account(user.id, "ro-2"))],
      [
        "unlinkAccount",
        () => adapter.unlinkAccount({ provider: "github", providerAccountId: "ro" }),
      ],
      [
        "createSession",
        () =>
          adapter.createSession({
            sessionToken: "ro-2",
            userId: user.id,
            expires: new Date(Date.now() + DAY),
          }),
      ],
      [
        "updateSession",
        () =>
          adapter.updateSession({
            sessionToken: "ro-session",
            expires: new Date(Date.now() + 2 * DAY),
          }),
      ],
      ["deleteSession", () => adapter.deleteSession("ro-session")],
      [
        "transaction",
        () => adapter.transaction!(async () => adapter.createUser({ email: "tx@example.com" })),
      ],
    ]
    for (const [name, write] of writes) {
      const error = await rejection(write())
      expect(error, name).toBeInstanceOf(AdapterError)
      expect(error.code, name).toBe("DATABASE_READ_ONLY")
      expect(error.message, name).toMatch(/read-only/)
      expect(error.message, name).toMatch(/Fix:/)
      expect(sqliteCode(error.cause), name).toMatch(/^SQLITE_READONLY/)
    }
    ro.close()

    const check = openDb(file)
    expect(count(check, "users")).toBe(1)
    expect(check.prepare("SELECT name FROM users").get()).toEqual({ name: null })
    expect(count(check, "accounts")).toBe(1)
    expect(count(check, "sessions")).toBe(2)
    expect(
      check.prepare("SELECT expires FROM sessions WHERE session_token = 'ro-session'").get(),
    ).toEqual({
      expires: (await writable.getSessionAndUser("ro-session"))!.session.expires.getTime(),
    })
    check.close()
  })

  it("a read-only database that still needs its schema fails at construction with DATABASE_READ_ONLY", () => {
    const file = freshFile("readonly-empty")
    openDb(file).close()
    const ro = openDb(file, { readonly: true })
    let error: AdapterError | undefined
    try {
      sqliteAdapter(ro)
    } catch (e) {
      error = e as AdapterError
    }
    expect(error).toBeInstanceOf(AdapterError)
    expect(error!.code).toBe("DATABASE_READ_ONLY")
    expect(error!.message).toMatch(/apply migration 1/)
    ro.close()
  })

  it("a locked database: writes fail with DATABASE_LOCKED after the busy timeout, nothing is written, then it recovers", async () => {
    const file = freshFile("locked")
    const adapter = sqliteAdapter(file, { busyTimeoutMs: 50 })
    const user = await adapter.createUser({ email: "locked@example.com" })

    const other = openDb(file)
    other.exec("BEGIN EXCLUSIVE")
    other.prepare("INSERT INTO users (id, email) VALUES ('other', 'other@example.com')").run()

    const started = Date.now()
    const error = await rejection(adapter.createUser({ email: "blocked@example.com" }))
    expect(Date.now() - started).toBeLessThan(3000)
    expect(error).toBeInstanceOf(AdapterError)
    expect(error.code).toBe("DATABASE_LOCKED")
    expect(error.message).toMatch(/50 ms/)
    expect(error.message).toMatch(/busyTimeoutMs/)
    expect(sqliteCode(error.cause)).toMatch(/^SQLITE_BUSY/)

    let ran = false
    const txError = await rejection(
      adapter.transaction!(async () => {
        ran = true
        return adapter.createUser({ email: "tx-blocked@example.com" })
      }),
    )
    expect(txError.code).toBe("DATABASE_LOCKED")
    expect(ran).toBe(false)

    const linkError = await rejection(adapter.linkAccount(account(user.id, "locked")))
    expect(linkError.code).toBe("DATABASE_LOCKED")
    // WAL: reads still work while another connection writes
    expect((await adapter.getUser(user.id))?.email).toBe("locked@example.com")

    other.exec("ROLLBACK")
    other.close()

    expect(await adapter.getUserByEmail("blocked@example.com")).toBeNull()
    expect(await adapter.getUserByEmail("tx-blocked@example.com")).toBeNull()
    expect(
      await adapter.getUserByAccount({ provider: "github", providerAccountId: "locked" }),
    ).toBeNull()
    // the adapter works again, and its transaction machinery was released
    await adapter.transaction!(async () => adapter.createUser({ email: "after@example.com" }))
    expect(await adapter.getUserByEmail("after@example.com")).not.toBeNull()
  })

  it("construction on an up-to-date database only reads: it succeeds while another connection writes", async () => {
    const file = freshFile("locked-uptodate")
    sqliteAdapter(file)
    const other = openDb(file)
    other.exec("BEGIN EXCLUSIVE")
    other.prepare("INSERT INTO users (id, email) VALUES ('w', 'writer@example.com')").run()
    const adapter = sqliteAdapter(file, { busyTimeoutMs: 50 })
    expect(await adapter.getUser("w")).toBeNull() // uncommitted
    other.exec("COMMIT")
    expect((await adapter.getUser("w"))?.email).toBe("writer@example.com")
    other.close()
  })

  it("construction on a locked database that needs migrating fails with DATABASE_LOCKED", () => {
    const file = freshFile("locked-start")
    const other = openDb(file)
    other.pragma("journal_mode = WAL")
    other.exec("BEGIN EXCLUSIVE")
    other.exec("CREATE TABLE unrelated (x)")
    let error: AdapterError | undefined
    try {
      sqliteAdapter(file, { busyTimeoutMs: 50 })
    } catch (e) {
      error = e as AdapterError
    }
    expect(error).toBeInstanceOf(AdapterError)
    expect(error!.code).toBe("DATABASE_LOCKED")
    other.exec("ROLLBACK")
    const tables = other.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()
    expect(tables).toEqual([])
    other.close()
    expect(existsSync(file)).toBe(true)
  })
})

describe("transactions", () => {
  function deferred() {
    let resolve!: () => void
    const promise = new Promise<void>((r) => (resolve = r))
    return { promise, resolve }
  }

  it("holds the write lock: another connection cannot write until it commits, and sees nothing before", async () => {
    const file = freshFile("tx-lock")
    const adapter = sqliteAdapter(file)
    const other = openDb(file, { timeout: 20 })
    const inside = deferred()
    const finish = deferred()
    const tx = adapter.transaction!(async () => {
      await adapter.createUser({ email: "in-tx@example.com" })
      inside.resolve()
      await finish.promise
    })
    await inside.promise
    expect(
      other.prepare("SELECT count(*) AS n FROM users WHERE email = 'in-tx@example.com'").get(),
    ).toEqual({ n: 0 })
    expect(() =>
      other.prepare("INSERT INTO users (id, email) VALUES ('x', 'x@example.com')").run(),
    ).toThrow(/locked|busy/i)
    finish.resolve()
    await tx
    expect(
      other.prepare("SELECT count(*) AS n FROM users WHERE email = 'in-tx@example.com'").get(),
    ).toEqual({ n: 1 })
    other.close()
  })

  it("transactions run one after another", async () => {
    const adapter = sqliteAdapter(":memory:")
    const order: string[] = []
    const first = adapter.transaction!(async () => {
      order.push("first:start")
      await new Promise((r) => setTimeout(r, 20))
      await adapter.createUser({ email: "first@example.com" })
      order.push("first:end")
    })
    const second = adapter.transaction!(async () => {
      order.push("second:start")
      await adapter.createUser({ email: "second@example.com" })
      order.push("second:end")
      throw new Error("second fails")
    })
    await first
    await expect(second).rejects.toThrow("second fails")
    expect(order).toEqual(["first:start", "first:end", "second:start", "second:end"])
    expect(await adapter.getUserByEmail("first@example.com")).not.toBeNull()
    expect(await adapter.getUserByEmail("second@example.com")).toBeNull()
  })

  it("concurrent calls inside fn don't deadlock; a nested transaction is a savepoint", async () => {
    const adapter = sqliteAdapter(":memory:")
    const result = await adapter.transaction!(async () => {
      const [a, b] = await Promise.all([
        adapter.createUser({ email: "p1@example.com" }),
        adapter.createUser({ email: "p2@example.com" }),
      ])
      await expect(
        adapter.transaction!(async () => {
          await adapter.linkAccount(account(a.id, "nested"))
          throw new Error("inner")
        }),
      ).rejects.toThrow("inner")
      expect(
        await adapter.getUserByAccount({ provider: "github", providerAccountId: "nested" }),
      ).toBeNull()
      await adapter.transaction!(async () => adapter.linkAccount(account(b.id, "nested")))
      return [a.id, b.id]
    })
    expect(
      (await adapter.getUserByAccount({ provider: "github", providerAccountId: "nested" }))?.id,
    ).toBe(result[1])
    expect(await adapter.getUser(result[0]!)).not.toBeNull()
  })

  it("a transaction ended from inside fn is reported, not silently committed", async () => {
    const db = openDb(":memory:")
    const adapter = sqliteAdapter(db)
    const error = await rejection(
      adapter.transaction!(async () => {
        await adapter.createUser({ email: "ended@example.com" })
        db.exec("ROLLBACK")
      }),
    )
    expect(error.code).toBe("DATABASE_ERROR")
    expect(error.message).toMatch(/ended before fn returned/)
    expect(await adapter.getUserByEmail("ended@example.com")).toBeNull()
    // and the adapter is usable afterwards
    await adapter.transaction!(async () => adapter.createUser({ email: "later@example.com" }))
    expect(await adapter.getUserByEmail("later@example.com")).not.toBeNull()
    db.close()
  })
})
