import pg from "pg"
import { afterAll } from "vitest"
import { ADMIN_URL } from "./cluster.js"

/** Runs one statement on `url` with a connection of its own. */
export async function sql<R extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<R>(text, values)).rows
  } finally {
    await client.end()
  }
}

/** A new, empty database for this test file, dropped after it; its URL. */
export async function freshDatabase(label: string, adminUrl = ADMIN_URL): Promise<string> {
  const name = `auth_${label}_${Math.random().toString(36).slice(2, 10)}`
  await sql(adminUrl, `CREATE DATABASE "${name}"`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  afterAll(async () => {
    await sql(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {})
  })
  return url.toString()
}

export const count = async (url: string, from: string) =>
  Number((await sql<{ n: string }>(url, `SELECT count(*) AS n FROM ${from}`))[0]!.n)
