import pg from "pg"
import { describe, expect, it } from "vitest"
import { findPostgresBin, startPostgres } from "../src/postgres.js"

async function query(url: string, text: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  client.on("error", () => {})
  await client.connect()
  try {
    return (await client.query(text)).rows
  } finally {
    await client.end()
  }
}

describe("startPostgres", () => {
  it("starts a throwaway server on 127.0.0.1, makes databases, pauses, restarts, and is gone after stop()", async () => {
    const server = await startPostgres({ url: null })
    expect(server.started).toBe(true)
    expect(server.url).toBe(`postgresql://postgres@127.0.0.1:${server.port}/postgres`)
    try {
      const db = await server.createDatabase("testkit_probe")
      expect(new URL(db).pathname).toBe("/testkit_probe")
      expect(await query(db, "SHOW fsync")).toEqual([{ fsync: "off" }])
      expect(await query(db, "SHOW listen_addresses")).toEqual([{ listen_addresses: "127.0.0.1" }])
      if (process.getuid?.() === 0)
        expect((await query(db, "SELECT current_setting('data_directory') AS d"))[0].d).toMatch(
          /auth-pg-/,
        )
      await server.pause()
      await expect(query(db, "SELECT 1")).rejects.toMatchObject({ code: "ECONNREFUSED" })
      await server.restart()
      expect(await query(db, "SELECT 1 AS one")).toEqual([{ one: 1 }])
      await server.dropDatabase(db)
      await expect(query(db, "SELECT 1")).rejects.toMatchObject({ code: "3D000" })
    } finally {
      await server.stop()
    }
    await expect(query(server.url, "SELECT 1")).rejects.toMatchObject({ code: "ECONNREFUSED" })
  })

  it("uses DATABASE_URL (or url) instead of starting a server", async () => {
    const server = await startPostgres({ url: "postgresql://someone@127.0.0.1:6543/app" })
    expect(server.started).toBe(false)
    expect(server.port).toBe(6543)
    await expect(server.pause()).rejects.toThrow(/only work on a server startPostgres started/)
    await server.stop() // a no-op for a server it did not start
  })

  it("says how to install PostgreSQL when initdb cannot be found", () => {
    const saved = { PG_BIN: process.env.PG_BIN, PATH: process.env.PATH }
    process.env.PG_BIN = "/nonexistent"
    process.env.PATH = "/nonexistent"
    try {
      expect(() => findPostgresBin("/nonexistent/postgresql")).toThrow(
        /ci-system-deps\.sh.*PG_BIN.*DATABASE_URL/,
      )
      // Debian's layout, found without PATH (where this machine has it: the suite above needs it anyway)
      expect(findPostgresBin()).toMatch(/^\/usr\/lib\/postgresql\/[\d.]+\/bin$/)
    } finally {
      Object.assign(process.env, saved)
    }
  })
})
