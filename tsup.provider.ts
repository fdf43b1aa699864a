import { defineConfig } from "tsup"

/**
 * The build of every provider package (`tsup --config ../../tsup.provider.ts`, written into each generated
 * package.json): one tiny module, ESM + CJS + types, `@auth/core` left external. The `.d.ts` build uses the
 * root tsconfig.json (found upwards from the package), the same options `pnpm providers:lint` checks with.
 */
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  minify: false,
  external: ["@auth/core"],
})
