/**
 * Everything the line generates for one provider package, gathered from its source: the JSDoc
 * block (summary, portal, docs, required options) and the provider as `Auth()` resolves it with
 * the required options' example values. Also checks what the README promises: the env variables
 * really are read, and each required option really is required (resolving without it fails).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { readProviderDoc } from "./jsdoc.mjs"
import { CREDENTIALS, importProviderSource, optionsFrom, resolveWithAuth } from "./load.mjs"

/** `AUTH_<ID>_<FIELD>`: what core reads (id upper-cased, anything outside [A-Z0-9] becomes `_`). */
export const envName = (id, field) => `AUTH_${id.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_${field}`

export function protocolOf(p) {
  if (p.version === "1.0A") return "OAuth 1.0a"
  if (p.version === "1.0") return "OAuth 1.0"
  if (p.type === "oidc") return "OpenID Connect"
  return p.idToken ? "OAuth 2.0 (with id_token)" : "OAuth 2.0"
}

const describeError = (error) =>
  error?.code ? `${error.code}: ${error.message}` : String(error?.message ?? error)

/** @returns the facts, or throws an Error whose message names the file and the fix. */
export async function providerFacts(root, id) {
  const dir = join(root, "packages", `provider-${id}`)
  const file = `packages/provider-${id}/src/index.ts`
  const source = readFileSync(join(dir, "src", "index.ts"), "utf8")
  const doc = readProviderDoc(source, id, file)
  const factory = (await importProviderSource(source, file)).default
  if (typeof factory !== "function")
    throw new Error(`${file}: the default export must be the factory made by defineProvider(...).`)

  const example = optionsFrom(doc.required)
  let resolved
  try {
    resolved = resolveWithAuth(factory, { ...CREDENTIALS, ...example })
  } catch (error) {
    throw new Error(
      `${file}: Auth() refuses the provider with its documented example options (${doc.requiredText}): ${describeError(error)}. Fix the "Required options:" line or the provider.`,
    )
  }
  if (resolved.id !== id) {
    throw new Error(
      `${file}: the provider's id is "${resolved.id}" but its package is provider-${id}. The id is the folder name after "provider-".`,
    )
  }

  for (const [name] of doc.required) {
    const without = optionsFrom(doc.required.filter(([other]) => other !== name))
    let accepted = true
    try {
      resolveWithAuth(factory, { ...CREDENTIALS, ...without })
    } catch {
      accepted = false
    }
    if (accepted) {
      throw new Error(
        `${file}: "Required options:" lists \`${name}\`, but Auth() accepts the provider without it. Check it in the provider's \`validate\` hook (a sentence naming the option and an example value), or drop it from the list.`,
      )
    }
  }

  const env = [envName(id, "ID"), envName(id, "SECRET")]
  const fromEnv = resolveWithAuth(
    factory,
    { ...example },
    { [env[0]]: "ENV_ID", [env[1]]: "ENV_SECRET" },
  )
  // A provider may make its secret itself from its options (Apple signs one from its key): then only the
  // id must come from the environment.
  if (
    fromEnv.clientId !== "ENV_ID" ||
    (fromEnv.clientSecret !== "ENV_SECRET" && !fromEnv.getClientSecret)
  ) {
    throw new Error(
      `${file}: the provider does not take its credentials from ${env[0]}/${env[1]} (it must not set clientId/clientSecret itself).`,
    )
  }
  // The issuer from the environment, when the provider lets core apply it.
  const issuerExample = doc.required.find(([name]) => name === "issuer")?.[1]
  if (typeof issuerExample === "string") {
    const withoutIssuer = optionsFrom(doc.required.filter(([name]) => name !== "issuer"))
    try {
      const viaEnv = resolveWithAuth(
        factory,
        { ...CREDENTIALS, ...withoutIssuer },
        { [envName(id, "ISSUER")]: issuerExample },
      )
      if (viaEnv.issuer === resolved.issuer) env.push(envName(id, "ISSUER"))
    } catch {
      // The provider needs the issuer as an option (it derives endpoints from it): no env fallback.
    }
  }

  return {
    id,
    dir,
    packageName: `@auth/provider-${id}`,
    name: resolved.name,
    summary: doc.summary,
    description: `${doc.summary.replace(/\.$/, "")} for @auth/core.`,
    portal: doc.portal,
    docs: doc.docs,
    required: doc.required,
    env,
    protocol: protocolOf(resolved),
    resolved,
  }
}
