/**
 * Every public export of @auth/core (the entry points in package.json `exports`) carries a JSDoc
 * comment with an `@example` and an `@see`, so an editor shows documentation on each name of the
 * published `.d.ts`. Read with the TypeScript compiler from the sources the build emits them from.
 */
import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  exports: Record<string, unknown>
}
/** tsup builds dist/<name>.js from each `entry` source; package.json `exports` names those files. */
const { default: tsupConfig } = (await import("../tsup.config.js")) as {
  default: { entry: Record<string, string> }
}
const subpaths = Object.keys(pkg.exports).filter((key) => key !== "./package.json")
const entryOf = (subpath: string): string | undefined =>
  tsupConfig.entry[subpath === "." ? "index" : subpath.slice(2)]
const entries = subpaths.map((subpath) =>
  join(root, entryOf(subpath) ?? `missing entry for ${subpath}`),
)

function undocumented(): { missingDoc: string[]; missingTags: string[] } {
  const program = ts.createProgram(entries, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
  })
  const checker = program.getTypeChecker()
  const missingDoc: string[] = []
  const missingTags: string[] = []
  for (const entry of entries) {
    const source = program.getSourceFile(entry)
    if (!source) throw new Error(`entry ${entry} not found`)
    const moduleSymbol = checker.getSymbolAtLocation(source)!
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
      const name = `${entry.slice(root.length + 1)}: ${exported.name}`
      if (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === "")
        missingDoc.push(name)
      const tags = new Set(symbol.getJsDocTags(checker).map((tag) => tag.name))
      if (!tags.has("example") || !tags.has("see")) missingTags.push(name)
    }
  }
  return { missingDoc, missingTags }
}

describe("documentation on the public exports", () => {
  const result = undocumented()
  it("every subpath of package.json exports is built from a tsup entry", () => {
    expect(subpaths.filter((subpath) => entryOf(subpath) === undefined)).toEqual([])
    expect(subpaths).toEqual([
      ".",
      "./adapters",
      "./errors",
      "./node",
      "./accounts",
      "./tokens",
      "./oauth1",
    ])
  })
  it("every export of every entry point has a doc comment", () => {
    expect(entries.length).toBeGreaterThanOrEqual(4)
    expect(result.missingDoc).toEqual([])
  })
  it("every export has an @example and an @see", () => {
    expect(result.missingTags).toEqual([])
  })
})
