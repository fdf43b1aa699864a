/**
 * The packages as users get them: the tarballs `pnpm pack` made are installed with npm into an empty
 * project outside the workspace (npm resolves their dependencies from the registry, no workspace
 * links), then a person signs in against the testkit IdP from an ESM script and from a CJS script,
 * with database sessions in SQLite.
 *
 * On a Node with node:sqlite (22.16+, 24) the adapter needs no native module and better-sqlite3 is
 * not installed at all. On Node 20 the project installs better-sqlite3 as a user would; its install
 * script would download a prebuilt binary from GitHub, which this machine cannot reach, so the
 * script is skipped (--ignore-scripts) and the binary the workspace compiled for this very Node (same
 * better-sqlite3 version) is copied in its place.
 */
import { spawnSync } from "node:child_process"
import {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest"
import { ROOT } from "./packages.js"

const tarballs = inject("tarballs")
const project = mkdtempSync(join(tmpdir(), "auth-consumer-"))
afterAll(() => rmSync(project, { recursive: true, force: true }))

// What a user's shell has: without NODE_PATH, which `pnpm run` sets to the workspace's hoisted
// node_modules (through it, require() in the consumer would find the workspace's better-sqlite3).
const userEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => key !== "NODE_PATH"),
)

const installed = [
  "@auth/core",
  "@auth/adapter-sqlite",
  "@auth/adapter-pg",
  "@auth/testkit",
  "@auth/provider-google",
  "@auth/provider-github",
]
// node:sqlite with isTransaction (what the adapter needs): Node 22.16+, 23.10+, 24
const [major, minor] = process.versions.node.split(".").map(Number) as [number, number]
const hasNodeSqlite = major >= 24 || (major === 23 && minor >= 10) || (major === 22 && minor >= 16)

beforeAll(() => {
  expect(project.startsWith(ROOT)).toBe(false)
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "auth-consumer", version: "1.0.0", private: true }, null, 2),
  )
  const workspaceSqlite = createRequire(
    join(ROOT, "packages", "adapter-sqlite", "package.json"),
  ).resolve("better-sqlite3/package.json")
  const sqliteVersion = (JSON.parse(readFileSync(workspaceSqlite, "utf8")) as { version: string })
    .version
  const specs = [
    ...installed.map((name) => tarballs[name]!),
    ...(hasNodeSqlite ? [] : [`better-sqlite3@${sqliteVersion}`]),
  ]
  const npm = spawnSync(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--ignore-scripts",
      "--loglevel=error",
      ...specs,
    ],
    {
      cwd: project,
      encoding: "utf8",
      env: userEnv,
    },
  )
  if (npm.status !== 0)
    throw new Error(`npm install failed (exit ${npm.status}):\n${npm.stdout}\n${npm.stderr}`)
  if (!hasNodeSqlite) {
    const binary = join("build", "Release", "better_sqlite3.node")
    mkdirSync(join(project, "node_modules", "better-sqlite3", "build", "Release"), {
      recursive: true,
    })
    copyFileSync(
      join(dirname(workspaceSqlite), binary),
      join(project, "node_modules", "better-sqlite3", binary),
    )
  }
  const fixtures = fileURLToPath(new URL("fixtures", import.meta.url))
  cpSync(fixtures, project, { recursive: true })
}, 300_000)

describe("installed from the packed tarballs with npm", () => {
  it("the packages come from the tarballs, not the workspace, with their published ranges", () => {
    const manifest = (name: string) =>
      JSON.parse(readFileSync(join(project, "node_modules", name, "package.json"), "utf8"))
    for (const name of installed)
      expect(manifest(name).version, name).toBe(
        JSON.parse(
          readFileSync(join(ROOT, "packages", name.slice("@auth/".length), "package.json"), "utf8"),
        ).version,
      )
    expect(manifest("@auth/provider-google").peerDependencies["@auth/core"]).toMatch(
      /^\^\d+\.\d+\.\d+$/,
    )
    expect(manifest("@auth/adapter-sqlite").dependencies ?? {}).not.toHaveProperty("better-sqlite3")
    const require = createRequire(join(project, "package.json"))
    expect(require.resolve("@auth/core")).toContain(join(project, "node_modules"))
  })

  it("@auth/adapter-pg brings pg from the registry (a caret range) and loads as ESM and CJS", () => {
    const manifest = JSON.parse(
      readFileSync(join(project, "node_modules", "@auth/adapter-pg", "package.json"), "utf8"),
    )
    expect(manifest.dependencies).toEqual({ pg: expect.stringMatching(/^\^8\./) })
    expect(manifest.peerDependencies["@auth/core"]).toMatch(/^\^\d+\.\d+\.\d+$/)
    expect(readFileSync(join(project, "node_modules", "pg", "package.json"), "utf8")).toContain(
      '"name": "pg"',
    )
    for (const [flag, code] of [
      [
        "--input-type=module",
        "const m = await import('@auth/adapter-pg'); console.log(typeof m.pgAdapter, typeof m.migrate, m.SCHEMA_VERSION)",
      ],
      [
        "--input-type=commonjs",
        "const m = require('@auth/adapter-pg'); console.log(typeof m.pgAdapter, typeof m.migrate, m.SCHEMA_VERSION)",
      ],
    ] as const) {
      const run = spawnSync(process.execPath, [flag, "-e", code], {
        cwd: project,
        encoding: "utf8",
        env: userEnv,
      })
      expect(run.stdout.trim(), run.stderr).toBe("function function 2")
    }
  })

  it.each(["signin.mjs", "signin.cjs"])(
    "%s signs alice in with Google against the testkit IdP, database session in SQLite",
    (script) => {
      const db = join(project, `${script}.db`)
      const run = spawnSync(process.execPath, [script, db], {
        cwd: project,
        encoding: "utf8",
        timeout: 60_000,
        env: userEnv,
      })
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0)
      const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as {
        module: string
        driver: string
        session: { user: { email: string; id?: string } } | null
        providers: string[]
        entries: { sameClasses: boolean; code: string }
      }
      expect(result.module).toBe(script.endsWith(".mjs") ? "esm" : "cjs")
      expect(result.driver).toBe(hasNodeSqlite ? "node:sqlite" : "better-sqlite3")
      expect(result.session?.user.email).toMatch(/^alice@/)
      expect(result.session?.user.id).toBeTruthy()
      expect(result.providers).toEqual(["google", "github"])
      expect(result.entries).toEqual({ sameClasses: true, code: "MISSING_SECRET" })
    },
  )
})
