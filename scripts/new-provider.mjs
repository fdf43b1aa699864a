#!/usr/bin/env node
/**
 * The provider line's command.
 *
 *   pnpm new-provider <id> [--name "Display Name"] [--protocol oidc|oauth2|oauth1]
 *       creates packages/provider-<id> from the template (src/index.ts, test/contract.test.ts,
 *       README.md, a changeset), then generates its package.json and README defaults table.
 *   pnpm providers:sync   (pnpm new-provider --sync)
 *       regenerates the generated files of every provider package and the root README catalog,
 *       and deletes per-package boilerplate the root provides (tsconfig.json, tsup/vitest configs).
 *   pnpm providers:check  (pnpm new-provider --check; part of `pnpm lint` and `pnpm test`)
 *       fails, naming each file and difference, when anything differs from what sync would write.
 *
 * The generated parts come from the provider as Auth() resolves it, so @auth/core must be built
 * (`pnpm turbo run build --filter=@auth/core`).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { parseArgs } from "node:util"

const root = new URL("..", import.meta.url).pathname
const USAGE =
  'usage: pnpm new-provider <id> [--name "Display Name"] [--protocol oidc|oauth2|oauth1]\n       pnpm new-provider --sync | --check'

async function line() {
  try {
    return await import("./provider-line/line.mjs")
  } catch (error) {
    if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("@auth/core")) {
      console.error(
        "@auth/core is not built: run `pnpm turbo run build --filter=@auth/core` first (the generated README tables come from the resolved providers).",
      )
      process.exit(1)
    }
    throw error
  }
}

async function report(problems) {
  for (const problem of problems) console.error(`✗ ${problem}\n`)
  if (problems.some((p) => p.includes("JSDoc"))) {
    const { SHAPE } = await import("./provider-line/jsdoc.mjs")
    console.error(
      `The JSDoc block of a provider's default export (PROVIDER-CONVENTIONS), in this shape:\n${SHAPE}\n`,
    )
  }
}

async function sync() {
  const { syncLine } = await line()
  const { changed, problems, providers } = await syncLine(root)
  for (const path of changed) console.log(`wrote ${path}`)
  await report(problems)
  console.log(
    `${providers.length} provider packages in sync${changed.length ? `, ${changed.length} files written` : ""}${problems.length ? `, ${problems.length} problems to fix by hand` : ""}.`,
  )
  return problems.length === 0
}

async function check() {
  const { checkLine, providerIds } = await line()
  const problems = await checkLine(root)
  if (problems.length > 0) {
    await report(problems)
    console.error(
      `The provider line is out of date (${problems.length} ${problems.length === 1 ? "problem" : "problems"}). Run \`pnpm providers:sync\`, then fix what it cannot.`,
    )
    return false
  }
  console.log(`provider line: ${providerIds(root).length} packages match the template.`)
  return true
}

async function create(id, name, protocol) {
  const { PROTOCOLS, starterFiles } = await import("./provider-line/template.mjs")
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id))
    throw new Error(
      `"${id}" is not a provider id: use lower-case letters, digits and dashes (e.g. azure-ad-b2c).`,
    )
  if (!(protocol in PROTOCOLS))
    throw new Error(
      `--protocol must be one of ${Object.keys(PROTOCOLS).join(", ")}, got "${protocol}".`,
    )
  const dir = join(root, "packages", `provider-${id}`)
  if (existsSync(dir))
    throw new Error(
      `packages/provider-${id} already exists. Use \`pnpm providers:sync\` to regenerate its generated files.`,
    )
  const displayName =
    name ??
    id
      .split("-")
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(" ")
  // The starters are written as Prettier formats them, so `prettier --check` (in lint) passes at once.
  const prettier = await import("prettier")
  for (const [path, content] of Object.entries(starterFiles({ id, name: displayName, protocol }))) {
    const file = join(root, path)
    if (existsSync(file)) continue // e.g. a changeset already written by hand
    mkdirSync(dirname(file), { recursive: true })
    const options = await prettier.resolveConfig(file)
    const ignored = (
      await prettier.getFileInfo(file, { ignorePath: join(root, ".prettierignore") })
    ).ignored
    writeFileSync(
      file,
      ignored ? content : await prettier.format(content, { ...options, filepath: file }),
    )
    console.log(`created ${path}`)
  }
  const ok = await sync()
  console.log(
    `\nNext: replace every TODO in packages/provider-${id} (endpoints, Profile, JSDoc, test payloads from ${displayName}'s docs),`,
  )
  console.log(
    "then `pnpm install` (links the new package), `pnpm providers:sync` and `pnpm test:providers provider-" +
      id +
      "/`.",
  )
  return ok
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: "string" },
      protocol: { type: "string", default: "oidc" },
      sync: { type: "boolean", default: false },
      check: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  })
  if (values.help) return (console.log(USAGE), true)
  if (values.check) return check()
  if (values.sync) return sync()
  if (positionals.length !== 1) throw new Error(USAGE)
  return create(positionals[0], values.name, values.protocol)
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
