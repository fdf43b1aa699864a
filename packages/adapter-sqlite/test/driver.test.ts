import { describe, expect, it } from "vitest"
import { defaultDriver, sqliteAdapter as realSqliteAdapter, sqliteCode } from "../src/index.js"
import { DRIVER, openDb, sqliteAdapter } from "./helpers.js"

describe("drivers", () => {
  it("better-sqlite3 is the default where it loads (here it does: a dev dependency); node:sqlite runs only where usable", () => {
    // node:sqlite with isTransaction: Node 22.16+, 23.10+, 24 (Node 20 has no node:sqlite at all)
    const [major, minor] = process.versions.node.split(".").map(Number) as [number, number]
    const usable = major >= 24 || (major === 23 && minor >= 10) || (major === 22 && minor >= 16)
    expect(defaultDriver()).toBe("better-sqlite3")
    expect(
      DRIVER === "better-sqlite3" || usable,
      "the node:sqlite project runs only where it is usable",
    ).toBe(true)
    if (!usable)
      expect(() => realSqliteAdapter(":memory:", { driver: "node:sqlite" })).toThrow(
        /has no usable node:sqlite/,
      )
  })

  it("an open database of the driver under test is recognised and used", async () => {
    const db = openDb(":memory:")
    const adapter = sqliteAdapter(db)
    const user = await adapter.createUser({ email: `${DRIVER}@example.com` })
    expect(db.prepare("SELECT email FROM users WHERE id = ?").get(user.id)).toEqual({
      email: `${DRIVER}@example.com`,
    })
    db.close()
  })

  it("refuses an unknown driver name and an object that is no database, saying what it takes", () => {
    expect(() => realSqliteAdapter(":memory:", { driver: "sqlite3" as "node:sqlite" })).toThrow(
      /driver must be "node:sqlite" or "better-sqlite3"/,
    )
    expect(() => realSqliteAdapter({} as never)).toThrow(TypeError)
    expect(() => realSqliteAdapter({} as never)).toThrow(
      /better-sqlite3 Database or an open node:sqlite DatabaseSync/,
    )
  })

  it("sqliteCode names the result code of either driver's error", () => {
    expect(sqliteCode({ code: "SQLITE_CONSTRAINT_UNIQUE" })).toBe("SQLITE_CONSTRAINT_UNIQUE") // better-sqlite3
    expect(sqliteCode({ code: "ERR_SQLITE_ERROR", errcode: 2067 })).toBe("SQLITE_CONSTRAINT_UNIQUE") // node:sqlite
    expect(sqliteCode({ code: "ERR_SQLITE_ERROR", errcode: 5 })).toBe("SQLITE_BUSY")
    expect(sqliteCode({ code: "ERR_SQLITE_ERROR", errcode: 8 | (6 << 8) })).toBe(
      "SQLITE_READONLY_DIRECTORY",
    )
    expect(sqliteCode({ code: "ERR_SQLITE_ERROR", errcode: 19 | (40 << 8) })).toBe(
      "SQLITE_CONSTRAINT",
    ) // unknown extended code
    expect(sqliteCode(new Error("not from SQLite"))).toBe("")
    expect(sqliteCode(undefined)).toBe("")
  })
})
