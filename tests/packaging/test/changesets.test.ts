/**
 * A changesets dry run in a scratch copy of the repository: a changeset for one provider bumps that
 * provider and nothing else (providers peer on `@auth/core` with a caret range, so no other package
 * is dragged along), and the peer range stays what the provider was built against.
 */
import { spawnSync } from "node:child_process"
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { ROOT, publishablePackages, type PackageJson } from "./packages.js"

const scratch = mkdtempSync(join(tmpdir(), "auth-changesets-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Copies the repository's tracked and new files (not node_modules, not build output) into `to`. */
function copyRepository(to: string): void {
  const files = spawnSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], {
    cwd: ROOT,
    encoding: "utf8",
  })
  if (files.status !== 0) throw new Error(`git ls-files failed: ${files.stderr}`)
  for (const file of files.stdout.split("\0").filter(Boolean)) {
    mkdirSync(dirname(join(to, file)), { recursive: true })
    try {
      cpSync(join(ROOT, file), join(to, file))
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error // deleted but not yet committed
    }
  }
  // the changelog generator named in .changeset/config.json is resolved from the copy's root
  symlinkSync(join(ROOT, "node_modules"), join(to, "node_modules"), "dir")
}

const versions = (root: string) =>
  Object.fromEntries(publishablePackages(root).map(({ name, pkg }) => [name, pkg.version]))
const manifests = (root: string) =>
  Object.fromEntries(
    publishablePackages(root).map(({ name, dir }) => [
      name,
      readFileSync(join(dir, "package.json"), "utf8"),
    ]),
  )

describe("changesets dry run", () => {
  it("a changeset for one provider bumps only that provider", () => {
    copyRepository(scratch)
    const changesetDir = join(scratch, ".changeset")
    // only our changeset: the pending ones of other work are not part of this question
    for (const file of readdirSync(changesetDir))
      if (file.endsWith(".md") && file !== "README.md") rmSync(join(changesetDir, file))
    writeFileSync(
      join(changesetDir, "kakao-only.md"),
      `---\n"@auth/provider-kakao": patch\n---\n\nA Kakao fix.\n`,
    )
    const before = versions(scratch)
    const manifestsBefore = manifests(scratch)
    expect(Object.keys(before).length).toBeGreaterThan(3)

    const bin = join(ROOT, "node_modules", "@changesets", "cli", "bin.js")
    const run = spawnSync(process.execPath, [bin, "version"], { cwd: scratch, encoding: "utf8" })
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0)

    const after = versions(scratch)
    const changed = Object.keys(after).filter((name) => after[name] !== before[name])
    expect(changed).toEqual(["@auth/provider-kakao"])
    expect(after["@auth/provider-kakao"]).not.toBe(before["@auth/provider-kakao"])
    const manifestsAfter = manifests(scratch)
    for (const name of Object.keys(manifestsBefore)) {
      if (name !== "@auth/provider-kakao")
        expect(manifestsAfter[name], `${name}'s package.json changed`).toBe(manifestsBefore[name])
    }
    const kakao = JSON.parse(manifestsAfter["@auth/provider-kakao"]!) as PackageJson
    expect(kakao.peerDependencies?.["@auth/core"]).toBe(
      JSON.parse(manifestsBefore["@auth/provider-kakao"]!).peerDependencies["@auth/core"],
    )
    expect(
      readFileSync(join(scratch, "packages", "provider-kakao", "CHANGELOG.md"), "utf8"),
    ).toMatch(/A Kakao fix/)
  })
})

describe("dependency ranges", () => {
  const core = publishablePackages().find(({ name }) => name === "@auth/core")!

  it.each(publishablePackages().filter(({ pkg }) => pkg.peerDependencies?.["@auth/core"]))(
    "$name peers on the @auth/core minor it was built against, not >=0.0.0",
    ({ pkg }) => {
      const range = pkg.peerDependencies!["@auth/core"]!
      // workspace:^0.1.0 is published as ^0.1.0: >=0.1.0 <0.2.0, the 0.x contract it was built against
      expect(range).toMatch(/^workspace:\^\d+\.\d+\.\d+$/)
      const [major, minor] = range.slice("workspace:^".length).split(".")
      const [coreMajor, coreMinor] = core.pkg.version.split(".")
      expect(`${major}.${minor}`, "the range must include the workspace's @auth/core").toBe(
        `${coreMajor}.${coreMinor}`,
      )
    },
  )

  it.each(publishablePackages())(
    "$name: runtime dependencies and peers use caret ranges",
    ({ pkg }) => {
      const ranges = { ...pkg.dependencies, ...pkg.peerDependencies }
      for (const [dep, range] of Object.entries(ranges))
        expect(range, `${pkg.name} -> ${dep}`).toMatch(/^(workspace:)?\^\d/)
    },
  )

  it.each(publishablePackages())("$name: engines say Node >= 20.19", ({ pkg }) => {
    expect(pkg.engines?.node).toBe(">=20.19.0")
  })
})
