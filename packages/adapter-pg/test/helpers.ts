import pg from "pg"
import { afterAll, inject } from "vitest"
import { pgAdapter, type PgAdapter, type PgAdapterOptions, type PgDatabase } from "../src/index.js"

const ADMIN_URL = inject("postgresUrl")

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Runs one statement on the server's admin database. */
export async function admin(sql: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    return await client.query(sql, values)
  } finally {
    await client.end()
  }
}

/** A new, empty database for this test file, dropped after it; its URL. */
export async function freshDatabase(label: string): Promise<string> {
  const name = `auth_${label}_${Math.random().toString(36).slice(2, 10)}`
  await admin(`CREATE DATABASE ${quote(name)}`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`)
  })
  return url.toString()
}

/** Adapters made by a test file, closed after it. */
const made: PgAdapter[] = []
afterAll(async () => {
  await Promise.all(made.splice(0).map((adapter) => adapter.close()))
})

export function adapterOn(database: PgDatabase, options: PgAdapterOptions = {}): PgAdapter {
  const adapter = pgAdapter(database, options)
  made.push(adapter)
  return adapter
}

/** Awaits `promise`, which must reject; returns the error with its code. */
export async function rejection(
  promise: unknown,
): Promise<Error & { code?: string; cause?: unknown }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string; cause?: unknown }
  }
  throw new Error("expected a rejection, but the promise resolved")
}

export const DAY = 24 * 60 * 60 * 1000
