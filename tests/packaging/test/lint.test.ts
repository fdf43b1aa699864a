/**
 * publint and arethetypeswrong on the packed tarballs: what npm would install, not the source tree.
 * arethetypeswrong runs in-process (@arethetypeswrong/core, the engine of its CLI; one TypeScript load
 * instead of one per package) with the CLI's `--profile node16`: ESM, CJS and types must resolve under
 * node16 (from CJS and from ESM) and bundler resolution; node10 (no `exports`) is out of scope here.
 */
import { checkPackage, createPackageFromTarballData } from "@arethetypeswrong/core"
import { readFileSync } from "node:fs"
import { publint } from "publint"
import { formatMessage } from "publint/utils"
import { describe, expect, inject, it } from "vitest"
import { publishablePackages } from "./packages.js"

const tarballs = inject("tarballs")
const IGNORED_RESOLUTIONS = new Set(["node10"]) // what `attw --profile node16` ignores

describe.each(publishablePackages())("$name", ({ name, pkg }) => {
  it("publint: no errors, no warnings", async () => {
    const tarball = readFileSync(tarballs[name]!)
    const { messages } = await publint({
      pack: {
        tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength),
      },
      level: "warning",
      strict: true,
    })
    const shown = messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)
    expect(shown).toEqual([])
  })

  it("arethetypeswrong (node16 profile): ESM, CJS and types resolve", async () => {
    const analysis = await checkPackage(
      createPackageFromTarballData(new Uint8Array(readFileSync(tarballs[name]!))),
    )
    if (!analysis.types) throw new Error(`${name}: arethetypeswrong found no types in the tarball`)
    const problems = analysis.problems
      .filter(
        (problem) =>
          !("resolutionKind" in problem) || !IGNORED_RESOLUTIONS.has(problem.resolutionKind),
      )
      .map((problem) => JSON.stringify(problem))
    expect(problems).toEqual([])
    // every entry point was analysed under each kept resolution
    const kinds = new Set(
      Object.values(analysis.entrypoints).flatMap((entry) => Object.keys(entry.resolutions)),
    )
    for (const kind of ["node16-cjs", "node16-esm", "bundler"])
      expect(kinds.has(kind), kind).toBe(true)
  })
})
