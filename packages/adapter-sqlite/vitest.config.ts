import { defineConfig } from "vitest/config"

// The whole suite runs once per SQLite driver this Node has: better-sqlite3 everywhere (it is a dev
// dependency, compiled by the workspace's postinstall), node:sqlite where the runtime ships a usable one.
const nodeSqlite = (
  process as {
    getBuiltinModule?: (
      id: string,
    ) =>
      | { DatabaseSync?: new (path: string) => { isTransaction?: unknown; close(): void } }
      | undefined
  }
).getBuiltinModule?.("node:sqlite")
function usable(): boolean {
  if (!nodeSqlite?.DatabaseSync) return false
  const probe = new nodeSqlite.DatabaseSync(":memory:")
  const ok = typeof probe.isTransaction === "boolean"
  probe.close()
  return ok
}
const drivers = ["better-sqlite3", ...(usable() ? ["node:sqlite"] : [])]

export default defineConfig({
  test: {
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    projects: drivers.map((driver) => ({
      extends: true,
      test: {
        name: driver,
        include: ["test/**/*.test.ts"],
        testTimeout: 20000,
        provide: { driver },
      },
    })),
  },
})
