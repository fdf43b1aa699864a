/**
 * The provider line: what every `packages/provider-<id>` must look like, computed from the
 * hand-written files (src/index.ts, README.md's hand-written part), and the two operations on it:
 * `syncLine` writes the generated files, `checkLine` lists every difference (the lint drift check).
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { providerFacts } from "./facts.mjs"
import { formatJson, providerPackageJson } from "./package-json.mjs"
import {
  CATALOG_MARKERS,
  PACKAGE_MARKERS,
  catalogSection,
  defaultsSection,
  replaceBetween,
} from "./readme.mjs"

/** Files a provider package used to carry that the line now provides from the root. */
export const BOILERPLATE = ["tsconfig.json", "tsup.config.ts", "vitest.config.ts"]
/** Top-level entries a provider package may hold (besides git-ignored build output). */
const ALLOWED = new Set(["package.json", "README.md", "CHANGELOG.md", "src", "test"])
const IGNORED = new Set([
  "node_modules",
  "dist",
  ".turbo",
  "coverage",
  "test-output",
  "test-results.json",
])
const ignored = (name) =>
  IGNORED.has(name) || name.endsWith(".log") || name.endsWith(".tsbuildinfo")

const SYNC = "run `pnpm providers:sync` to regenerate it"

export function providerIds(root) {
  const packages = join(root, "packages")
  return readdirSync(packages)
    .filter((name) => name.startsWith("provider-") && statSync(join(packages, name)).isDirectory())
    .map((name) => name.slice("provider-".length))
    .sort()
}

const read = (file) => (existsSync(file) ? readFileSync(file, "utf8") : undefined)

/** The template's placeholders (`TODO`, `<id>.example.com` endpoints) must not reach a commit. */
function leftoverTodos(dir, rel) {
  const files = ["src/index.ts", "README.md"]
  if (existsSync(join(dir, "test")))
    files.push(...readdirSync(join(dir, "test")).map((name) => `test/${name}`))
  const out = []
  for (const name of files) {
    const text = read(join(dir, name))
    if (text === undefined) continue
    // The README's generated part repeats the source's links: only its hand-written part counts.
    let inside = false
    const lines = text.split("\n").flatMap((line, i) => {
      if (line === PACKAGE_MARKERS[0]) inside = true
      if (line === PACKAGE_MARKERS[1]) inside = false
      return !inside && /\bTODO\b/.test(line) ? [i + 1] : []
    })
    if (lines.length > 0) {
      out.push(
        `${rel}/${name}: line ${lines.join(", ")} still ${lines.length > 1 ? "have" : "has"} a TODO from the template: replace it with the provider's real endpoints, fields, docs and payloads.`,
      )
    }
  }
  return out
}

/**
 * What the line expects on disk: path -> content (null: the file must not exist), plus the
 * problems no sync can fix (a malformed JSDoc, a README without its hand-written part...).
 */
export async function expectedState(root) {
  const files = new Map()
  const problems = []
  const all = []
  for (const id of providerIds(root)) {
    const dir = join(root, "packages", `provider-${id}`)
    const rel = `packages/provider-${id}`
    if (!existsSync(join(dir, "src", "index.ts"))) {
      problems.push(
        `${rel}: has no src/index.ts (create packages with \`pnpm new-provider ${id}\`).`,
      )
      continue
    }
    let facts
    try {
      facts = await providerFacts(root, id)
    } catch (error) {
      problems.push(error.message)
      continue
    }
    all.push(facts)
    let existing
    try {
      existing = JSON.parse(read(join(dir, "package.json")) ?? "null")
    } catch {
      existing = undefined
    }
    files.set(`${rel}/package.json`, formatJson(providerPackageJson(facts, existing)))
    const readme = read(join(dir, "README.md"))
    if (readme === undefined) {
      problems.push(
        `${rel}/README.md is missing: write its hand-written part (title, what the person gets, setup, options, quirks), ending with the lines ${PACKAGE_MARKERS.join(" and ")}.`,
      )
    } else {
      try {
        files.set(
          `${rel}/README.md`,
          replaceBetween(readme, PACKAGE_MARKERS, defaultsSection(facts), `${rel}/README.md`),
        )
      } catch (error) {
        problems.push(error.message)
      }
    }
    problems.push(...leftoverTodos(dir, rel))
    for (const name of BOILERPLATE) files.set(`${rel}/${name}`, null)
    for (const name of readdirSync(dir)) {
      if (!ALLOWED.has(name) && !ignored(name) && !BOILERPLATE.includes(name)) {
        problems.push(
          `${rel}/${name}: a provider package holds only package.json, README.md, src/index.ts and test/ (shared configuration lives at the repository root). Remove it or move it under test/.`,
        )
      }
    }
  }
  const rootReadme = read(join(root, "README.md")) ?? ""
  try {
    files.set(
      "README.md",
      replaceBetween(rootReadme, CATALOG_MARKERS, catalogSection(all), "README.md"),
    )
  } catch (error) {
    problems.push(error.message)
  }
  return { files, problems, providers: all }
}

function firstDifference(expected, actual) {
  const a = expected.split("\n")
  const b = actual.split("\n")
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i])
      return `line ${i + 1}: expected ${JSON.stringify(a[i] ?? "(end of file)")}, found ${JSON.stringify(b[i] ?? "(end of file)")}`
  }
  return "whitespace differs"
}

function packageJsonDifference(expected, actual) {
  let found
  try {
    found = JSON.parse(actual)
  } catch (error) {
    return `is not valid JSON (${error.message})`
  }
  const wanted = JSON.parse(expected)
  const keys = [...new Set([...Object.keys(wanted), ...Object.keys(found)])]
  const differing = keys.filter((k) => JSON.stringify(wanted[k]) !== JSON.stringify(found[k]))
  if (differing.length === 0)
    return `differs in formatting or key order (${firstDifference(expected, actual)})`
  return differing
    .map(
      (k) =>
        `"${k}" is ${found[k] === undefined ? "missing" : JSON.stringify(found[k])}, the template gives ${wanted[k] === undefined ? "no such field" : JSON.stringify(wanted[k])}`,
    )
    .join("; ")
}

/** Every difference between the packages on disk and what the template generates. */
export async function checkLine(root) {
  const { files, problems } = await expectedState(root)
  const drift = []
  for (const [path, content] of files) {
    const actual = read(join(root, path))
    if (content === null) {
      if (actual !== undefined) {
        drift.push(
          `${path}: boilerplate the line provides once at the root (tsup.provider.ts, vitest.providers.config.ts, tsconfig.json). Delete it (\`pnpm providers:sync\` does).`,
        )
      }
    } else if (actual === undefined) {
      drift.push(`${path} is missing: ${SYNC}.`)
    } else if (
      path.endsWith("README.md") &&
      !actual.includes((path === "README.md" ? CATALOG_MARKERS : PACKAGE_MARKERS)[0])
    ) {
      const markers = path === "README.md" ? CATALOG_MARKERS : PACKAGE_MARKERS
      drift.push(
        `${path} has no ${markers.join(" / ")} lines: add them (empty) where the generated part goes, then run \`pnpm providers:sync\`.`,
      )
    } else if (actual !== content) {
      const what = path.endsWith("package.json")
        ? packageJsonDifference(content, actual)
        : firstDifference(content, actual)
      const part = path.endsWith("README.md")
        ? path === "README.md"
          ? " (the provider catalog)"
          : " (the generated defaults table)"
        : ""
      drift.push(
        `${path}${part} differs from what the template generates: ${what}. It is generated: do not edit it by hand; ${SYNC}.`,
      )
    }
  }
  return [...problems, ...drift]
}

/** Writes every generated file; returns the paths it changed and the problems it could not fix. */
export async function syncLine(root) {
  const { files, problems, providers } = await expectedState(root)
  const changed = []
  for (const [path, content] of files) {
    const file = join(root, path)
    const actual = read(file)
    if (content === null) {
      if (actual !== undefined) {
        rmSync(file)
        changed.push(`${path} (deleted)`)
      }
    } else if (actual !== content) {
      writeFileSync(file, content)
      changed.push(path)
    }
  }
  return { changed, problems, providers }
}
