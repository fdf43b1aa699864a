import { defineConfig } from "vitest/config"

// One throwaway PostgreSQL per run (initdb + pg_ctl, or DATABASE_URL); each test file makes its own database.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 120000,
    hookTimeout: 60000,
    // the files start app processes of their own: one file at a time keeps the 2-core machine responsive
    fileParallelism: false,
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
  },
})
