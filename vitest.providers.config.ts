import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

/**
 * ONE vitest run for every provider package and the provider line's own tests (`pnpm test:providers [filter]`): the provider packages
 * hold no vitest config of their own, and a single run shares one worker pool and one transform
 * cache instead of starting a vitest process per package. scripts/test-all.mjs reads the JSON report
 * and counts the tests per package.
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  test: {
    include: ["packages/provider-*/test/**/*.test.ts", "scripts/provider-line/test/*.test.ts"],
    testTimeout: 20000,
    reporters: ["default", "json"],
    outputFile: { json: "test-results.providers.json" },
  },
})
