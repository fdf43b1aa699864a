/**
 * What the conformance suite cannot see: migrations under concurrency, the schema, accounts' read and
 * compare-and-swap update across pools, and each failure of a real server mapped to its own code.
 */
import { createServer } from "node:net"
import pg from "pg"
import { beforeAll, describe, expect, it } from "vitest"
import { migrate, MIGRATIONS, pgAdapter, SCHEMA_VERSION } from "../src/index.js"
import { adapterOn, DAY, freshDatabase, rejection } from "./helpers.js"

async function sql(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await client.query(text, values)
  } finally {
    await client.end()
  }
}

const count = async (url: string, table: string) =>
  Number((await sql(url, `SELECT count(*) AS n FROM ${table}`)).rows[0].n)

describe("migrations", () => {
  it("4 concurrent migrators on an empty database: each migration applied exactly once, then a no-op", async () => {
    const url = await freshDatabase("migrate")
    const results = await Promise.all([migrate(url), migrate(url), migrate(url), migrate(url)])
    expect(results.flat().sort()).toEqual(MIGRATIONS.map((m) => m.version))
    expect(results.filter((applied) => applied.length > 0)).toHaveLength(1)
    const rows = (await sql(url, "SELECT version, name FROM auth_migrations ORDER BY version")).rows
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version))
    expect(await migrate(url)).toEqual([])
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length)
  })

  it("4 adapters started at once migrate on first use and all work", async () => {
    const url = await freshDatabase("first-use")
    const adapters = Array.from({ length: 4 }, () => adapterOn(url))
    const users = await Promise.all(
      adapters.map((adapter, i) => adapter.createUser({ email: `first-${i}@example.com` })),
    )
    expect(new Set(users.map((u) => u.id)).size).toBe(4)
    expect(await count(url, "auth_migrations")).toBe(SCHEMA_VERSION)
  })

  it("creates the unique keys, foreign keys with cascades and an index for every lookup", async () => {
    const url = await freshDatabase("schema")
    await migrate(url, { tablePrefix: "auth_" })
    const indexes = (
      await sql(url, "SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'auth_%'")
    ).rows.map((r) => r.indexdef as string)
    const has = (table: string, pattern: RegExp) =>
      indexes.some((def) => def.includes(`public.${table} `) && pattern.test(def))
    expect(has("auth_users", /UNIQUE INDEX .*\(id\)/)).toBe(true)
    expect(has("auth_users", /UNIQUE INDEX .*translate\(email/)).toBe(true)
    expect(has("auth_accounts", /UNIQUE INDEX .*\(provider, "providerAccountId"\)/)).toBe(true)
    expect(has("auth_accounts", /INDEX .*\("userId"\)/)).toBe(true)
    expect(has("auth_sessions", /UNIQUE INDEX .*\("sessionToken"\)/)).toBe(true)
    expect(has("auth_sessions", /INDEX .*\("userId"\)/)).toBe(true)
    expect(has("auth_used_keys", /UNIQUE INDEX .*\(key\)/)).toBe(true)
    expect(has("auth_used_keys", /INDEX .*\(expires\)/)).toBe(true)
    const fks = (
      await sql(
        url,
        "SELECT conrelid::regclass::text AS t, confdeltype FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text LIKE 'auth_%'",
      )
    ).rows
    expect(fks.map((r) => `${r.t}:${r.confdeltype}`).sort()).toEqual([
      "auth_accounts:c",
      "auth_sessions:c",
    ])
  })

  it("a conflicting table of the same name fails with MIGRATION_FAILED and leaves nothing half-made", async () => {
    const url = await freshDatabase("conflict")
    await sql(url, "CREATE TABLE sessions (id serial PRIMARY KEY, data text)")
    const error = await rejection(migrate(url))
    expect(error.code).toBe("MIGRATION_FAILED")
    expect(error.message).toMatch(/tablePrefix/)
    expect(error.cause).toBeDefined()
    const tables = (
      await sql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    ).rows.map((r) => r.tablename)
    expect(tables).toEqual(["sessions"])
    // a prefix keeps the adapter's tables apart
    expect(await migrate(url, { tablePrefix: "auth_" })).toEqual(MIGRATIONS.map((m) => m.version))
  })

  it("an up-to-date schema on a read-only database: the adapter starts and reads", async () => {
    const url = await freshDatabase("ro-start")
    const writer = adapterOn(url)
    const user = await writer.createUser({ email: "ro@example.com" })
    await writer.close()
    const name = new URL(url).pathname.slice(1)
    await sql(url, `ALTER DATABASE "${name}" SET default_transaction_read_only = on`)
    const reader = adapterOn(url)
    expect((await reader.getUser(user.id))?.email).toBe("ro@example.com")
  })

  it("a database an older release made (schema version 1) is brought up to date, its data kept", async () => {
    const url = await freshDatabase("from-v1")
    // What release 1 of the adapter left: migration 1 and its version row, nothing after it.
    await sql(url, MIGRATIONS[0]!.sql(""))
    await sql(
      url,
      "CREATE TABLE auth_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    )
    await sql(url, "INSERT INTO auth_migrations (version, name) VALUES (1, $1)", [
      MIGRATIONS[0]!.name,
    ])
    await sql(url, "INSERT INTO users (id, email) VALUES ('u1', 'old@example.com')")
    expect(await migrate(url)).toEqual(MIGRATIONS.slice(1).map((m) => m.version))
    const adapter = adapterOn(url)
    expect(await adapter.getUser("u1")).toMatchObject({ email: "old@example.com" })
    expect(await adapter.useOnce("id_token:abc", new Date(Date.now() + DAY))).toBe(true)
    expect(await adapter.useOnce("id_token:abc", new Date(Date.now() + DAY))).toBe(false)
  })

  it("migrate: false leaves the schema to a deploy step", async () => {
    const url = await freshDatabase("no-migrate")
    const adapter = adapterOn(url, { migrate: false })
    const error = await rejection(adapter.getUser("x"))
    expect(error.code).toBe("DATABASE_ERROR")
    expect(error.message).toMatch(/migrate\(\)/)
    await migrate(url)
    expect(await adapter.getUser("x")).toBeNull()
  })

  it("rejects a table prefix that is not a plain lowercase identifier", () => {
    expect(() =>
      pgAdapter("postgresql://127.0.0.1/x", { tablePrefix: "x; DROP TABLE users" }),
    ).toThrow(/tablePrefix/)
    expect(() => pgAdapter("postgresql://127.0.0.1/x", { tablePrefix: "Auth_" })).toThrow(
      /lowercase/,
    )
  })
})

describe("accounts: getAccount and the compare-and-swap updateAccount", () => {
  let url = ""
  beforeAll(async () => {
    url = await freshDatabase("accounts")
  })

  it("getAccount returns the stored account or null", async () => {
    const adapter = adapterOn(url)
    const user = await adapter.createUser({ email: "get-account@example.com" })
    await adapter.linkAccount({
      userId: user.id,
      provider: "p",
      providerAccountId: "get-1",
      type: "oauth",
      access_token: "at",
      expires_at: 1_900_000_000,
      refresh_token_expires_in: 99,
    } as never)
    expect(await adapter.getAccount({ provider: "p", providerAccountId: "get-1" })).toEqual({
      userId: user.id,
      provider: "p",
      providerAccountId: "get-1",
      type: "oauth",
      access_token: "at",
      expires_at: 1_900_000_000,
      extras: { refresh_token_expires_in: 99 },
    })
    expect(await adapter.getAccount({ provider: "p", providerAccountId: "missing" })).toBeNull()
  })

  it("updateAccount: undefined leaves a field, null clears it, the key and userId never change, unknown -> null", async () => {
    const adapter = adapterOn(url)
    const user = await adapter.createUser({ email: "update-account@example.com" })
    const other = await adapter.createUser({ email: "update-account-other@example.com" })
    const key = { provider: "p", providerAccountId: "upd-1" }
    await adapter.linkAccount({
      ...key,
      userId: user.id,
      type: "oauth",
      access_token: "a1",
      refresh_token: "r1",
      scope: "openid",
      expires_at: 100,
    })
    const updated = await adapter.updateAccount({
      ...key,
      userId: other.id,
      access_token: "a2",
      scope: null,
      expires_at: 200,
      id_token: undefined,
    })
    expect(updated).toMatchObject({
      userId: user.id,
      access_token: "a2",
      refresh_token: "r1",
      expires_at: 200,
    })
    expect(updated).not.toHaveProperty("scope")
    expect(await adapter.getAccount(key)).toEqual(updated)
    expect(
      await adapter.updateAccount({ provider: "p", providerAccountId: "nope", access_token: "x" }),
    ).toBeNull()
  })

  it("compare-and-swap: only the caller holding the stored refresh_token wins, across pools", async () => {
    const a = adapterOn(url)
    const b = adapterOn(url)
    const user = await a.createUser({ email: "cas@example.com" })
    const key = { provider: "p", providerAccountId: "cas-1" }
    await a.linkAccount({
      ...key,
      userId: user.id,
      type: "oauth",
      access_token: "a0",
      refresh_token: "r0",
    })
    const attempts = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).updateAccount(
          { ...key, access_token: `a-${i}`, refresh_token: `r-${i}` },
          { ifRefreshToken: "r0" },
        ),
      ),
    )
    const winners = attempts.filter((r) => r !== null)
    expect(winners).toHaveLength(1)
    expect(await a.getAccount(key)).toEqual(winners[0])
    // a stale token never wins
    expect(
      await b.updateAccount({ ...key, access_token: "stale" }, { ifRefreshToken: "r0" }),
    ).toBeNull()
    expect((await b.getAccount(key))?.access_token).toBe(winners[0]!.access_token)
  })

  it("useOnce: of 10 racing calls with one key across two pools, exactly one gets true", async () => {
    const a = adapterOn(url)
    const b = adapterOn(url)
    const expires = new Date(Date.now() + DAY)
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).useOnce("race-key", expires)),
    )
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(await a.useOnce("race-key", expires)).toBe(false)
    // an expired record is replaced (the key is new again) on either pool
    expect(await a.useOnce("expired-key", new Date(Date.now() - 1000))).toBe(true)
    expect(await b.useOnce("expired-key", expires)).toBe(true)
    expect(await a.useOnce("expired-key", expires)).toBe(false)
  })

  it("compare-and-swap with null means 'no refresh token stored'", async () => {
    const adapter = adapterOn(url)
    const user = await adapter.createUser({ email: "cas-null@example.com" })
    const key = { provider: "p", providerAccountId: "cas-null" }
    await adapter.linkAccount({ ...key, userId: user.id, type: "oauth", access_token: "a0" })
    expect(
      await adapter.updateAccount({ ...key, refresh_token: "first" }, { ifRefreshToken: "" }),
    ).toBeNull()
    expect(
      (await adapter.updateAccount({ ...key, refresh_token: "first" }, { ifRefreshToken: null }))
        ?.refresh_token,
    ).toBe("first")
    expect(
      await adapter.updateAccount({ ...key, refresh_token: "second" }, { ifRefreshToken: null }),
    ).toBeNull()
  })

  it("updateAccount merges unknown fields into extras", async () => {
    const adapter = adapterOn(url)
    const user = await adapter.createUser({ email: "extras@example.com" })
    const key = { provider: "p", providerAccountId: "extras-1" }
    await adapter.linkAccount({ ...key, userId: user.id, type: "oauth", kept: 1 } as never)
    const updated = await adapter.updateAccount({ ...key, added: { deep: true } } as never)
    expect(updated?.extras).toEqual({ kept: 1, added: { deep: true } })
  })
})

describe("constraints", () => {
  let url = ""
  beforeAll(async () => {
    url = await freshDatabase("constraints")
  })

  it("emails are unique case-insensitively (ASCII folding), across instances", async () => {
    const [a, b] = [adapterOn(url), adapterOn(url)]
    await a.createUser({ email: "Dup@Example.com" })
    const error = await rejection(b.createUser({ email: "dup@example.COM" }))
    expect(error.code).toBe("DATABASE_ERROR")
    expect(error.message).toMatch(/already exists.*getUserByEmail/)
    // not Unicode case folding: É and é are different emails, as in SQLite's NOCASE
    await a.createUser({ email: "É@example.com" })
    expect(await b.getUserByEmail("é@example.com")).toBeNull()
  })

  it("linking to an unknown user explains the foreign key", async () => {
    const adapter = adapterOn(url)
    const error = await rejection(
      adapter.linkAccount({
        userId: "ghost",
        provider: "p",
        providerAccountId: "fk",
        type: "oauth",
      }),
    )
    expect(error.code).toBe("DATABASE_ERROR")
    expect(error.message).toMatch(/no user with id "ghost".*createUser/)
  })

  it("two instances racing to link one account: exactly one wins, the other gets ACCOUNT_ALREADY_LINKED", async () => {
    const [a, b] = [adapterOn(url), adapterOn(url)]
    const ua = await a.createUser({ email: "race-a@example.com" })
    const ub = await b.createUser({ email: "race-b@example.com" })
    const results = await Promise.allSettled([
      a.linkAccount({ userId: ua.id, provider: "race", providerAccountId: "1", type: "oauth" }),
      b.linkAccount({ userId: ub.id, provider: "race", providerAccountId: "1", type: "oauth" }),
    ])
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1)
    const lost = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!
    expect(lost.reason.code).toBe("ACCOUNT_ALREADY_LINKED")
    expect(await count(url, "accounts WHERE provider = 'race'")).toBe(1)
  })
})

describe("transactions", () => {
  let url = ""
  beforeAll(async () => {
    url = await freshDatabase("tx")
  })

  it("fn that swallows a failed statement: nothing is kept and the caller is told (COMMIT answered ROLLBACK)", async () => {
    const adapter = adapterOn(url)
    const owner = await adapter.createUser({ email: "tx-owner@example.com" })
    await adapter.linkAccount({
      userId: owner.id,
      provider: "tx",
      providerAccountId: "taken",
      type: "oauth",
    })
    const error = await rejection(
      adapter.transaction(async () => {
        await adapter.createUser({ email: "tx-swallowed@example.com" })
        await adapter
          .linkAccount({
            userId: owner.id,
            provider: "tx",
            providerAccountId: "taken",
            type: "oauth",
          })
          .catch(() => {})
      }),
    )
    expect(error.code).toBe("DATABASE_ERROR")
    expect(error.message).toMatch(/rolled back instead of committed/)
    expect(await adapter.getUserByEmail("tx-swallowed@example.com")).toBeNull()
  })

  it("a nested transaction is a savepoint: its failure can be caught and the outer one commits", async () => {
    const adapter = adapterOn(url)
    const owner = await adapter.createUser({ email: "nested-owner@example.com" })
    await adapter.linkAccount({
      userId: owner.id,
      provider: "tx",
      providerAccountId: "nested-taken",
      type: "oauth",
    })
    await adapter.transaction(async () => {
      await adapter.createUser({ email: "nested-kept@example.com" })
      const inner = await rejection(
        adapter.transaction(async () => {
          await adapter.createUser({ email: "nested-dropped@example.com" })
          await adapter.linkAccount({
            userId: owner.id,
            provider: "tx",
            providerAccountId: "nested-taken",
            type: "oauth",
          })
        }),
      )
      expect(inner.code).toBe("ACCOUNT_ALREADY_LINKED")
    })
    expect(await adapter.getUserByEmail("nested-kept@example.com")).not.toBeNull()
    expect(await adapter.getUserByEmail("nested-dropped@example.com")).toBeNull()
  })

  it("a transaction holds one pooled client: with a pool of 2, other calls still run while it is open", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 2 })
    const adapter = adapterOn(pool)
    let inside!: () => void
    const opened = new Promise<void>((r) => (inside = r))
    let finish!: () => void
    const gate = new Promise<void>((r) => (finish = r))
    const tx = adapter.transaction(async () => {
      await adapter.createUser({ email: "held@example.com" })
      inside()
      await gate
    })
    await opened
    expect(await adapter.getUserByEmail("held@example.com")).toBeNull()
    finish()
    await tx
    expect(await adapter.getUserByEmail("held@example.com")).not.toBeNull()
    await pool.end()
  })
})

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const { port } = server.address() as { port: number }
  await new Promise((r) => server.close(r))
  return port
}

describe("a misbehaving server: each failure has its own code, says what to check, and writes nothing", () => {
  let url = ""
  beforeAll(async () => {
    url = await freshDatabase("failures")
    await migrate(url)
  })

  it("server unreachable (closed port) -> DATABASE_UNAVAILABLE", async () => {
    const adapter = adapterOn(`postgresql://postgres@127.0.0.1:${await closedPort()}/nowhere`)
    const error = await rejection(adapter.getUser("x"))
    expect(error.code).toBe("DATABASE_UNAVAILABLE")
    expect(error.message).toMatch(/cannot be reached.*pg_isready/)
    expect((error.cause as { code?: string }).code).toBe("ECONNREFUSED")
    // and again on the next call (a failed start is retried, not remembered)
    expect((await rejection(adapter.createUser({ email: "x@example.com" }))).code).toBe(
      "DATABASE_UNAVAILABLE",
    )
  })

  it("connections the server terminates -> DATABASE_UNAVAILABLE inside a transaction, the pool recovers, the process survives", async () => {
    const adapter = adapterOn(url)
    await adapter.getUser("warm")
    const name = new URL(url).pathname.slice(1)
    const error = await rejection(
      adapter.transaction(async () => {
        await adapter.createUser({ email: "terminated@example.com" })
        await sql(
          url,
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [name],
        )
        await adapter.createUser({ email: "terminated-2@example.com" })
      }),
    )
    expect(error.code).toBe("DATABASE_UNAVAILABLE")
    // idle connections killed too: the pool's 'error' event must not crash the process
    await sql(
      url,
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    )
    await new Promise((r) => setTimeout(r, 100))
    expect(await adapter.getUserByEmail("terminated@example.com")).toBeNull()
  })

  it("pool exhausted (connectionTimeoutMillis) -> POOL_EXHAUSTED, nothing written", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 200 })
    const adapter = adapterOn(pool)
    await adapter.getUser("warm")
    const held = await pool.connect()
    try {
      const error = await rejection(adapter.createUser({ email: "exhausted@example.com" }))
      expect(error.code).toBe("POOL_EXHAUSTED")
      expect(error.message).toMatch(/All 1 connections.*200 ms.*max/)
      expect((await rejection(adapter.transaction(async () => {}))).code).toBe("POOL_EXHAUSTED")
    } finally {
      held.release()
    }
    expect(await adapter.getUserByEmail("exhausted@example.com")).toBeNull()
    await pool.end()
  })

  it("read-only (default_transaction_read_only, as on a replica) -> DATABASE_READ_ONLY; reads still work", async () => {
    const writer = adapterOn(url)
    const user = await writer.createUser({ email: "before-ro@example.com" })
    const adapter = adapterOn({
      connectionString: url,
      options: "-c default_transaction_read_only=on",
    })
    const error = await rejection(adapter.createUser({ email: "ro-write@example.com" }))
    expect(error.code).toBe("DATABASE_READ_ONLY")
    expect(error.message).toMatch(/primary.*pg_is_in_recovery/)
    expect((await rejection(adapter.transaction(() => adapter.deleteUser(user.id)))).code).toBe(
      "DATABASE_READ_ONLY",
    )
    expect((await adapter.getUser(user.id))?.email).toBe("before-ro@example.com")
    expect(await writer.getUserByEmail("ro-write@example.com")).toBeNull()
  })

  it("statement timeout -> DATABASE_TIMEOUT; lock timeout -> DATABASE_LOCKED; nothing written", async () => {
    const blocker = new pg.Client({ connectionString: url })
    await blocker.connect()
    try {
      await blocker.query("BEGIN")
      await blocker.query("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
      const slow = adapterOn({ connectionString: url, statement_timeout: 150 })
      const error = await rejection(slow.createUser({ email: "timeout@example.com" }))
      expect(error.code).toBe("DATABASE_TIMEOUT")
      expect(error.message).toMatch(/statement timeout.*pg_stat_activity/)
      const locked = adapterOn({ connectionString: url, options: "-c lock_timeout=150" })
      expect((await rejection(locked.createUser({ email: "locked@example.com" }))).code).toBe(
        "DATABASE_LOCKED",
      )
    } finally {
      await blocker.query("ROLLBACK")
      await blocker.end()
    }
    const adapter = adapterOn(url)
    expect(await adapter.getUserByEmail("timeout@example.com")).toBeNull()
    expect(await adapter.getUserByEmail("locked@example.com")).toBeNull()
  })

  it("expired sessions are never returned, and are deleted", async () => {
    const adapter = adapterOn(url)
    const user = await adapter.createUser({ email: "expired@example.com" })
    await adapter.createSession({
      sessionToken: "expired-token-0123456789",
      userId: user.id,
      expires: new Date(Date.now() - 1000),
    })
    await adapter.createSession({
      sessionToken: "live-token-0123456789",
      userId: user.id,
      expires: new Date(Date.now() + DAY),
    })
    expect(await adapter.getSessionAndUser("expired-token-0123456789")).toBeNull()
    expect(await count(url, `sessions WHERE "sessionToken" = 'expired-token-0123456789'`)).toBe(0)
    expect((await adapter.getSessionAndUser("live-token-0123456789"))?.user.id).toBe(user.id)
  })
})
