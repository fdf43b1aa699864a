import { defineConfig } from "vitest/config"

// One throwaway PostgreSQL per run (test/global-setup.ts: initdb + pg_ctl, or DATABASE_URL when set);
// each test file makes a database of its own on it.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30000,
    hookTimeout: 60000,
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
  },
})
