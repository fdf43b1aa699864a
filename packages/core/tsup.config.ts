import { defineConfig } from "tsup"

export default defineConfig({
  // One entry per public subpath: `@auth/core`, `/adapters`, `/errors`, `/node`, `/accounts`, `/tokens`, `/oauth1`.
  entry: {
    index: "src/index.ts",
    adapters: "src/adapters/index.ts",
    errors: "src/errors/public.ts",
    node: "src/node.ts",
    accounts: "src/accounts.ts",
    tokens: "src/tokens.ts",
    oauth1: "src/oauth1.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  treeshake: true,
  // CJS too: one copy of each class across entries, so `instanceof AuthError` holds between them.
  splitting: true,
})
