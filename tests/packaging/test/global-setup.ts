/** Packs every publishable package with `pnpm pack` (workspace: ranges replaced, `files` applied), once. */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { TestProject } from "vitest/node"
import { publishablePackages } from "./packages.js"

export default function setup(project: TestProject) {
  const out = mkdtempSync(join(tmpdir(), "auth-pack-"))
  const tarballs: Record<string, string> = {}
  for (const { name, dir } of publishablePackages()) {
    const before = new Set(readdirSync(out))
    const pack = spawnSync("pnpm", ["pack", "--pack-destination", out], {
      cwd: dir,
      encoding: "utf8",
    })
    if (pack.status !== 0)
      throw new Error(
        `pnpm pack failed for ${name} (exit ${pack.status}):\n${pack.stdout}\n${pack.stderr}`,
      )
    const made = readdirSync(out).filter((file) => !before.has(file) && file.endsWith(".tgz"))
    if (made.length !== 1)
      throw new Error(`pnpm pack for ${name} made ${made.length} tarballs: ${made.join(", ")}`)
    tarballs[name] = join(out, made[0]!)
  }
  project.provide("tarballs", tarballs)
  return () => rmSync(out, { recursive: true, force: true })
}
