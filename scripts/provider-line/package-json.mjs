/** The generated `package.json` of a provider package: nothing in it is written by hand. */

/**
 * The `@auth/core` peer range every provider package declares. ONE line to change when core's
 * release policy is decided; `pnpm providers:sync` then rewrites every provider package.json.
 */
export const CORE_PEER_RANGE = "workspace:^0.1.0"

/** Dev tools come from the pnpm catalog (pnpm-workspace.yaml), so their versions live in one place. */
const DEV_DEPENDENCIES = {
  "@auth/core": "workspace:*",
  "@auth/testkit": "workspace:*",
  "@types/node": "catalog:",
  nock: "catalog:",
  tsup: "catalog:",
  typescript: "catalog:",
  vitest: "catalog:",
}

/**
 * @param facts from providerFacts()
 * @param existing the current package.json, if any: only its `version` (written by changesets) is kept.
 */
export function providerPackageJson(facts, existing) {
  return {
    name: facts.packageName,
    version: typeof existing?.version === "string" ? existing.version : "0.0.0",
    description: facts.description,
    license: "ISC",
    type: "module",
    sideEffects: false,
    files: ["dist"],
    main: "./dist/index.cjs",
    module: "./dist/index.js",
    types: "./dist/index.d.ts",
    exports: {
      ".": {
        import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
        require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
      },
      "./package.json": "./package.json",
    },
    engines: { node: ">=20.19.0" },
    scripts: {
      // One build config for every provider (tsup.provider.ts); lint and tests run once for all
      // providers from the root (pnpm providers:lint, pnpm test:providers). This runs only this one.
      build: "tsup --config ../../tsup.provider.ts",
      test: `vitest run --config ../../vitest.providers.config.ts packages/provider-${facts.id}/`,
    },
    peerDependencies: { "@auth/core": CORE_PEER_RANGE },
    devDependencies: DEV_DEPENDENCIES,
  }
}

export const formatJson = (value) => `${JSON.stringify(value, null, 2)}\n`
