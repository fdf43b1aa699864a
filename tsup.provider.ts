import { defineConfig } from "tsup"

/** The build of every provider package: one tiny module, ESM + CJS + types, `@auth/core` left external. */
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  minify: false,
  external: ["@auth/core"],
})
