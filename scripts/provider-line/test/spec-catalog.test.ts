/**
 * The catalog promises what the spec promises: every one of the spec's 62 built-in providers exists as
 * a package, listed once in the root README's catalog, and nothing else is listed.
 *
 * `spec-providers.json` is the spec's provider list (name and the NextAuth.js docs slug), read from the
 * spec's "built-in providers" paragraph. When the spec itself is beside the repository (as on the
 * team's machines and in CI: ../shared/spec), the list is checked against it too.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const repo = new URL("../../../", import.meta.url).pathname
const specList = JSON.parse(
  readFileSync(join(repo, "scripts/provider-line/spec-providers.json"), "utf8"),
) as Array<{
  name: string
  slug: string
}>

/** Where our package id differs from the NextAuth.js docs slug (the issue and the provider READMEs say why). */
const PACKAGE_ID: Record<string, string> = {
  "battle.net": "battlenet", // a dot is not a good npm/URL path segment; v4's provider id was "battlenet" too
  "duende-identityserver6": "duende-identity-server6", // the package name the issue asks for; the README maps old ids
}
const packageId = (slug: string) => PACKAGE_ID[slug] ?? slug

function catalogIds(): string[] {
  const readme = readFileSync(join(repo, "README.md"), "utf8")
  const start = readme.indexOf("<!-- providers:start -->")
  const end = readme.indexOf("<!-- providers:end -->")
  expect(start, "the root README has the catalog markers").toBeGreaterThan(-1)
  expect(end).toBeGreaterThan(start)
  return [...readme.slice(start, end).matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!)
}

describe("the catalog against the spec's 62 providers", () => {
  it("the spec lists 62 providers, and our copy of its list matches the spec when the spec is at hand", () => {
    expect(specList).toHaveLength(62)
    expect(new Set(specList.map((p) => p.slug)).size).toBe(62)
    const spec = join(repo, "..", "shared", "spec", "nextauth-oauth-providers.ko.md")
    if (existsSync(spec)) {
      const text = readFileSync(spec, "utf8")
      const fromSpec = [
        ...text.matchAll(/\[([^\]]+)\]\(https:\/\/next-auth\.js\.org\/providers\/([^)]+)\)/g),
      ].map((m) => m[2])
      expect(fromSpec).toEqual(specList.map((p) => p.slug))
    }
  })

  it("every spec provider has its package and exactly one catalog row; the catalog lists nothing else", () => {
    const ids = catalogIds()
    const expected = specList.map((p) => packageId(p.slug)).sort()
    expect(ids).toHaveLength(62)
    expect([...ids].sort()).toEqual(expected)
    for (const id of expected) {
      const pkg = join(repo, "packages", `provider-${id}`, "package.json")
      expect(existsSync(pkg), `packages/provider-${id}`).toBe(true)
      expect(JSON.parse(readFileSync(pkg, "utf8")).name).toBe(`@auth/provider-${id}`)
    }
  })
})
