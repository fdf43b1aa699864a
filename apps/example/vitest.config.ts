import { defineConfig } from "vitest/config"

// One e2e file: it builds the app, starts `next start` and the local IdPs, and drives Chromium.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
  },
})
