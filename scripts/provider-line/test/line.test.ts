/**
 * The provider line on a copy of the repository (temp dir): the drift check passes on what sync
 * writes, and fails, naming the file and the difference, on every kind of hand edit.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { checkLine, syncLine } from "../line.mjs"
import { CORE_PEER_RANGE } from "../package-json.mjs"
import { parseRequiredOptions } from "../jsdoc.mjs"
import { starterFiles } from "../template.mjs"

const repo = new URL("../../../", import.meta.url).pathname
let root: string

function copyProvider(id: string) {
  const from = join(repo, "packages", `provider-${id}`)
  const to = join(root, "packages", `provider-${id}`)
  for (const part of ["src", "test", "README.md", "package.json"])
    cpSync(join(from, part), join(to, part), { recursive: true })
}
const file = (path: string) => join(root, path)
const read = (path: string) => readFileSync(file(path), "utf8")
const write = (path: string, text: string) => {
  mkdirSync(join(file(path), ".."), { recursive: true })
  writeFileSync(file(path), text)
}
const editJson = (path: string, edit: (json: Record<string, any>) => void) => {
  const json = JSON.parse(read(path))
  edit(json)
  write(path, `${JSON.stringify(json, null, 2)}\n`)
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "provider-line-"))
  cpSync(join(repo, "README.md"), file("README.md"))
  copyProvider("google")
  copyProvider("github")
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe("drift check", () => {
  it("passes on the repository's own packages (generated files up to date)", async () => {
    // The catalog of the copy lists only the two copied providers: sync it first.
    await syncLine(root)
    expect(await checkLine(root)).toEqual([])
  })

  it("fails on a hand-edited package.json, naming the file and the field, and sync repairs it", async () => {
    await syncLine(root)
    editJson("packages/provider-google/package.json", (json) => {
      json.scripts.build = "tsup src/index.ts"
      json.dependencies = { jose: "6.2.18" }
    })
    const problems = await checkLine(root)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(
      "packages/provider-google/package.json differs from what the template generates",
    )
    expect(problems[0]).toContain('"scripts" is {"build":"tsup src/index.ts"')
    expect(problems[0]).toContain(
      '"dependencies" is {"jose":"6.2.18"}, the template gives no such field',
    )
    expect(problems[0]).toContain("pnpm providers:sync")

    const { changed } = await syncLine(root)
    expect(changed).toEqual(["packages/provider-google/package.json"])
    expect(await checkLine(root)).toEqual([])
    expect(JSON.parse(read("packages/provider-google/package.json")).peerDependencies).toEqual({
      "@auth/core": CORE_PEER_RANGE,
    })
  })

  it("keeps the version changesets wrote", async () => {
    await syncLine(root)
    editJson("packages/provider-github/package.json", (json) => {
      json.version = "1.4.2"
    })
    expect(await checkLine(root)).toEqual([])
  })

  it("fails on a hand-edited defaults table and on a hand-edited catalog", async () => {
    await syncLine(root)
    const readme = read("packages/provider-github/README.md")
    const at = readme.indexOf("<!-- generated:start -->")
    write(
      "packages/provider-github/README.md",
      readme.slice(0, at) +
        readme.slice(at).replace("| scope | `read:user user:email` |", "| scope | `user` |"),
    )
    write("README.md", read("README.md").replace("| `google` |", "| `gooogle` |"))
    const problems = await checkLine(root)
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(
      /^packages\/provider-github\/README\.md \(the generated defaults table\) differs .*expected "\| scope \| `read:user user:email` \|", found "\| scope \| `user` \|"/,
    )
    expect(problems[1]).toMatch(/^README\.md \(the provider catalog\) differs/)
  })

  it("flags per-package boilerplate the root provides, and sync deletes it", async () => {
    await syncLine(root)
    write("packages/provider-google/tsconfig.json", '{ "extends": "../../tsconfig.base.json" }\n')
    write("packages/provider-google/vitest.config.ts", "export default {}\n")
    const problems = await checkLine(root)
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      "packages/provider-google/tsconfig.json",
      "packages/provider-google/vitest.config.ts",
    ])
    await syncLine(root)
    expect(await checkLine(root)).toEqual([])
  })

  it("reports a JSDoc block without its Portal line, naming the file and the line", async () => {
    await syncLine(root)
    const source = read("packages/provider-google/src/index.ts")
    write("packages/provider-google/src/index.ts", source.replace(/^ \* Portal: .*\n/m, ""))
    const problems = await checkLine(root)
    expect(problems[0]).toContain(
      'packages/provider-google/src/index.ts: the JSDoc of the default export has a problem:\n  - no "Portal:" line',
    )
  })

  it("reports a callback URL that does not match the id", async () => {
    const source = read("packages/provider-github/src/index.ts")
    write(
      "packages/provider-github/src/index.ts",
      source.replace("callback/github`", "callback/gh`"),
    )
    const [problem] = await checkLine(root)
    expect(problem).toContain(
      '"Callback URL:" must be `[origin]/api/auth/callback/github` (the id is "github")',
    )
  })
})

describe("required options", () => {
  const provider = (
    validate: string,
  ) => `import { defineProvider, type OAuthUserConfig } from "@auth/core"

export interface RealmOptions extends OAuthUserConfig<Record<string, unknown>> {
  realm?: string
}

/**
 * Sign in with Realm (OpenID Connect).
 *
 * Callback URL: \`[origin]/api/auth/callback/realm\`
 * Portal: https://realm.example.com/admin
 * Docs: https://realm.example.com/docs
 * Required options: issuer ("https://realm.example.com/realms/staff")
 */
export default defineProvider<Record<string, unknown>, RealmOptions>(() => ({
  id: "realm",
  name: "Realm",
  type: "oidc",
  ${validate}
}))
`
  const setup = (validate: string) => {
    write("packages/provider-realm/src/index.ts", provider(validate))
    write(
      "packages/provider-realm/README.md",
      "# @auth/provider-realm\n\n<!-- generated:start -->\n<!-- generated:end -->\n",
    )
  }

  it("the table shows the example issuer, its discovery URL and AUTH_<ID>_ISSUER", async () => {
    setup(
      'validate: (p) => (p.issuer ? undefined : "`issuer` is required, e.g. https://realm.example.com/realms/staff"),',
    )
    const { problems } = await syncLine(root)
    expect(problems).toEqual([])
    const readme = read("packages/provider-realm/README.md")
    expect(readme).toContain("| issuer | `https://realm.example.com/realms/staff` |")
    expect(readme).toContain(
      "| discovery | `https://realm.example.com/realms/staff/.well-known/openid-configuration` |",
    )
    expect(readme).toContain("| scope | `openid profile email` |") // core's OIDC default
    expect(readme).toContain(
      "| environment | `AUTH_REALM_ID`, `AUTH_REALM_SECRET`, `AUTH_REALM_ISSUER` |",
    )
    expect(read("README.md")).toContain(
      "| `realm` | Realm | [`@auth/provider-realm`](packages/provider-realm) | OpenID Connect | [realm.example.com](https://realm.example.com/admin) | `issuer` |",
    )
  })

  it("an option listed as required that Auth() does not require is an error", async () => {
    // Without a validate hook core still refuses an OIDC provider without issuer: issuer is required.
    setup("")
    expect((await syncLine(root)).problems).toEqual([])
    // With a default issuer, Auth() accepts the provider without the option: the list is wrong.
    write(
      "packages/provider-realm/src/index.ts",
      provider('issuer: "https://realm.example.com/realms/default",'),
    )
    const again = await checkLine(root)
    expect(
      again.some((p) =>
        p.includes(
          'packages/provider-realm/src/index.ts: "Required options:" lists `issuer`, but Auth() accepts the provider without it',
        ),
      ),
    ).toBe(true)
  })

  it("parses none, several options, nested names and JSON values, and rejects the rest precisely", () => {
    expect(parseRequiredOptions("none")).toEqual([])
    expect(
      parseRequiredOptions(
        'tenantId ("contoso.onmicrosoft.com"), primaryUserFlow ("B2C_1_signin")',
      ),
    ).toEqual([
      ["tenantId", "contoso.onmicrosoft.com"],
      ["primaryUserFlow", "B2C_1_signin"],
    ])
    expect(
      parseRequiredOptions('enterprise.baseUrl ("https://gh.example.com, (eu)"), port (8443)'),
    ).toEqual([
      ["enterprise.baseUrl", "https://gh.example.com, (eu)"],
      ["port", 8443],
    ])
    expect(() => parseRequiredOptions("issuer")).toThrow('expected `name ("example value")`')
    expect(() => parseRequiredOptions("issuer (https://x)")).toThrow("must be a JSON value")
    expect(() => parseRequiredOptions('issuer ("https://x") tenant ("y")')).toThrow(
      'expected "," between options',
    )
  })
})

describe("new-provider template", () => {
  for (const protocol of ["oidc", "oauth2", "oauth1"] as const) {
    it(`a new ${protocol} package is in line once synced`, async () => {
      for (const [path, content] of Object.entries(
        starterFiles({ id: "acme-id", name: "Acme ID", protocol }),
      ))
        write(path, content)
      const { problems } = await syncLine(root)
      // Generated files are in line; only the template's TODOs are left, and the check names each file.
      expect(problems.map((p) => p.split(":")[0])).toEqual([
        "packages/provider-acme-id/src/index.ts",
        "packages/provider-acme-id/README.md",
        "packages/provider-acme-id/test/contract.test.ts",
      ])
      expect(problems[0]).toMatch(
        /^packages\/provider-acme-id\/src\/index\.ts: line \d+(, \d+)* still have a TODO from the template/,
      )
      expect(await checkLine(root)).toEqual(problems)
      const pkg = JSON.parse(read("packages/provider-acme-id/package.json"))
      expect(pkg.name).toBe("@auth/provider-acme-id")
      expect(pkg.description).toMatch(/^Sign in with Acme ID \(.+\) for @auth\/core\.$/)
      expect(pkg.scripts.build).toBe("tsup --config ../../tsup.provider.ts")
      expect(read("packages/provider-acme-id/README.md")).toContain(
        "| environment | `AUTH_ACME_ID_ID`, `AUTH_ACME_ID_SECRET` |",
      )
      expect(read("packages/provider-acme-id/src/index.ts")).toContain(
        "export interface AcmeIDProfile",
      )
    })
  }
})
