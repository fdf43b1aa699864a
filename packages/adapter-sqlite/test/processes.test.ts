/**
 * Several processes starting at once on a new database file: every one of them must come up, and the
 * migrations must be applied exactly once. The adapter is compiled from src (not dist) for the children.
 */
import { spawn } from "node:child_process"
import { mkdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { build } from "tsup"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SCHEMA_VERSION } from "../src/index.js"
import { DRIVER, openDb, tempDir } from "./helpers.js"

const packageDir = new URL("..", import.meta.url).pathname
// inside the package, so the children resolve better-sqlite3 and @auth/core from its node_modules
const outDir = join(packageDir, "test-output", `processes-${process.pid}`)
const dir = tempDir("processes")

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true })
  await build({
    config: false,
    entry: { adapter: join(packageDir, "src/index.ts") },
    outDir,
    format: ["esm"],
    target: "node20",
    dts: false,
    silent: true,
    external: ["@auth/core", "better-sqlite3"],
  })
  writeFileSync(
    join(outDir, "child.mjs"),
    `import { sqliteAdapter } from "./adapter.js"
const [file, startAt, driver] = process.argv.slice(2)
while (Date.now() < Number(startAt)) {} // all children start their migration at the same moment
try {
  const adapter = sqliteAdapter(file, { driver })
  const user = await adapter.createUser({ email: "child-" + process.pid + "@example.com" })
  process.stdout.write("ok " + user.id)
} catch (error) {
  process.stdout.write("error " + error.code + " " + error.message)
  process.exitCode = 1
}
`,
  )
}, 60_000)

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

function runChild(
  file: string,
  startAt: number,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [join(outDir, "child.mjs"), file, String(startAt), DRIVER],
      { stdio: ["ignore", "pipe", "pipe"] },
    )
    let out = ""
    let err = ""
    child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => (err += d))
    child.on("close", (code) => resolve({ code, out, err }))
  })
}

describe("several processes starting at once", () => {
  it("all start, and each migration is applied exactly once", async () => {
    for (let round = 0; round < 3; round++) {
      const file = join(dir, `race-${round}.db`)
      const children = 4
      const startAt = Date.now() + 1500
      const results = await Promise.all(
        Array.from({ length: children }, () => runChild(file, startAt)),
      )
      for (const result of results) {
        expect(result.err).toBe("")
        expect(result.out).toMatch(/^ok /)
        expect(result.code).toBe(0)
      }
      const db = openDb(file, { readonly: true })
      expect(db.prepare("SELECT version FROM auth_migrations ORDER BY version").all()).toEqual(
        Array.from({ length: SCHEMA_VERSION }, (_, i) => ({ version: i + 1 })),
      )
      expect(db.prepare("SELECT count(*) AS n FROM users").get()).toEqual({ n: children })
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal")
      db.close()
    }
  }, 60_000)
})
