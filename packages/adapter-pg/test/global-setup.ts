import { startPostgres, type RunningPostgres } from "@auth/testkit"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    /** The admin URL of the run's PostgreSQL (databases are created on it per test file). */
    postgresUrl: string
    /** True when the run started the server itself (so a test may stop and restart it). */
    postgresStarted: boolean
  }
}

let server: RunningPostgres | undefined

export async function setup(project: TestProject) {
  server = await startPostgres()
  project.provide("postgresUrl", server.url)
  project.provide("postgresStarted", server.started)
}

export async function teardown() {
  await server?.stop()
}
