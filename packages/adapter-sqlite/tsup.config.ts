import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  minify: false,
  // import.meta.url (createRequire for the lazily loaded better-sqlite3) in the CJS build too
  shims: true,
  external: ["@auth/core", "better-sqlite3"],
})
