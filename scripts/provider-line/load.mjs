/**
 * Loads a provider package's `src/index.ts` without building it, and resolves the provider the way
 * `Auth()` does, so the README table shows core's defaults (scope, checks, client authentication)
 * and cannot drift from the code. The source is transpiled with TypeScript (types stripped) and
 * imported from a data: URL whose only imports, `@auth/core` and its subpaths (`@auth/core/oauth1`),
 * point at the built core.
 */
import { Auth } from "@auth/core"
import ts from "typescript"

/** `@auth/core` and its subpaths: the same package, so a provider may import them at runtime. */
const isCore = (specifier) => specifier === "@auth/core" || specifier.startsWith("@auth/core/")
const SECRET = "provider-line-readme-secret-0123456789"
/** Stand-ins for the credentials: the table shows the variable names, never these values. */
// No clientSecret: core never requires one, and a provider whose secret can be made from other options
// (Apple signs its own from teamId/keyId/privateKey) must show those options as required.
export const CREDENTIALS = { clientId: "CLIENT_ID" }

/** Imports `src/index.ts` as a module; throws when it imports anything but `@auth/core` (and its subpaths). */
export async function importProviderSource(source, file) {
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      removeComments: true,
    },
  })
  const foreign = []
  const code = outputText.replace(
    /(\bfrom\s*|\bimport\s*\(?\s*)(["'])([^"']+)\2/g,
    (match, lead, _q, specifier) => {
      if (isCore(specifier)) return `${lead}${JSON.stringify(import.meta.resolve(specifier))}`
      foreign.push(specifier)
      return match
    },
  )
  if (foreign.length > 0) {
    throw new Error(
      `${file} imports ${foreign.map((s) => JSON.stringify(s)).join(", ")} at runtime. A provider's only runtime import is "@auth/core" or one of its subpaths (types may come from anywhere with \`import type\`); move the code into src/index.ts.`,
    )
  }
  return import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)
}

/** `{ "a.b": 1 }` -> `{ a: { b: 1 } }`. */
export function optionsFrom(pairs) {
  const out = {}
  for (const [path, value] of pairs) {
    const keys = path.split(".")
    let target = out
    for (const key of keys.slice(0, -1)) target = target[key] ??= {}
    target[keys.at(-1)] = value
  }
  return out
}

/** The provider as `Auth()` resolves it (core's `ResolvedProvider`), through the public API only. */
export function resolveWithAuth(factory, options, env = {}) {
  const config = factory(options)
  const auth = Auth({ providers: [config], secret: SECRET, env })
  return auth.providers.get(config.id)
}
