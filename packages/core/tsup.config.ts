import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts", "src/node.ts", "src/accounts.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "node20",
  treeshake: true,
})
