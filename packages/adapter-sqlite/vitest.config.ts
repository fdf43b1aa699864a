import { defineConfig } from "vitest/config"

// The whole suite runs once per SQLite driver this Node has: better-sqlite3 everywhere (it is a dev
// dependency, compiled by the workspace's postinstall), node:sqlite where the runtime ships a usable one.
const nodeSqlite = (process as { getBuiltinModule?: (id: string) => { DatabaseSync?: { prototype: object } } | undefined })
  .getBuiltinModule?.("node:sqlite")
const drivers = ["better-sqlite3", ...(nodeSqlite?.DatabaseSync && "isTransaction" in nodeSqlite.DatabaseSync.prototype ? ["node:sqlite"] : [])]

export default defineConfig({
  test: {
    reporters: ["default", "json"],
    outputFile: { json: "test-results.json" },
    projects: drivers.map((driver) => ({
      extends: true,
      test: { name: driver, include: ["test/**/*.test.ts"], testTimeout: 20000, provide: { driver } },
    })),
  },
})
