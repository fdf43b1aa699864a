import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts", "src/contract.ts", "src/adapter-conformance.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  treeshake: true,
})
