/**
 * Versioned migrations. Each runs in its own transaction, recorded in `<prefix>auth_migrations`, under
 * a session-level advisory lock (`pg_advisory_lock`), so several instances starting at once apply
 * each migration exactly once: the others wait for the lock, then find it applied.
 */
import type { Pool, PoolClient } from "pg"
import { migrationError, type PoolState } from "./errors.js"

export interface Migration {
  version: number
  name: string
  /** The SQL of the migration, for the given table prefix. */
  sql(prefix: string): string
}

/**
 * Emails are unique and compared case-insensitively with ASCII folding (the adapter contract, like
 * SQLite's NOCASE). `translate` is immutable (so it can back a unique index) and, unlike `lower()`,
 * does not depend on the database's locale.
 */
export const emailKey = (expression: string) =>
  `translate(${expression}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`

/**
 * The schema, as an append-only list. Never edit a released migration: add a new one. Within a major
 * version migrations only add (tables, columns, indexes), so an older release keeps working against
 * a database a newer one migrated (instances are upgraded one by one).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "users, accounts, sessions",
    sql: (p) => `
      CREATE TABLE ${p}users (
        id              text PRIMARY KEY,
        name            text,
        email           text,
        "emailVerified" timestamptz,
        image           text
      );
      CREATE UNIQUE INDEX ${p}users_email_key ON ${p}users (${emailKey("email")});

      CREATE TABLE ${p}accounts (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "userId"            text NOT NULL REFERENCES ${p}users (id) ON DELETE CASCADE,
        type                text NOT NULL,
        provider            text NOT NULL,
        "providerAccountId" text NOT NULL,
        access_token        text,
        refresh_token       text,
        expires_at          double precision,
        token_type          text,
        scope               text,
        id_token            text,
        session_state       text,
        oauth_token         text,
        oauth_token_secret  text,
        extras              json,
        CONSTRAINT ${p}accounts_provider_key UNIQUE (provider, "providerAccountId")
      );
      CREATE INDEX ${p}accounts_user_id ON ${p}accounts ("userId");

      CREATE TABLE ${p}sessions (
        "sessionToken" text PRIMARY KEY,
        "userId"       text NOT NULL REFERENCES ${p}users (id) ON DELETE CASCADE,
        expires        timestamptz NOT NULL
      );
      CREATE INDEX ${p}sessions_user_id ON ${p}sessions ("userId");
    `,
  },
  {
    version: 2,
    name: "single-use keys (useOnce)",
    sql: (p) => `
      CREATE TABLE ${p}used_keys (
        key     text PRIMARY KEY,
        expires timestamptz NOT NULL
      );
      CREATE INDEX ${p}used_keys_expires ON ${p}used_keys (expires);
    `,
  },
]

/** The schema version this release creates (the number of migrations). */
export const SCHEMA_VERSION = MIGRATIONS.length

/** The advisory lock key: one per table prefix, so two prefixes in one database migrate independently. */
const lockName = (prefix: string) => `@auth/adapter-pg migrations ${prefix}`

async function appliedVersion(client: PoolClient, table: string): Promise<number> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [
    table,
  ])
  if (!exists.rows[0]?.t) return 0
  const result = await client.query<{ version: number | null }>(
    `SELECT max(version)::int AS version FROM ${table}`,
  )
  return result.rows[0]?.version ?? 0
}

/**
 * Brings the schema up to date; returns the versions this call applied (empty when it was up to date).
 * An up-to-date database is only read (so a read-only replica starts fine); otherwise the advisory lock
 * is taken, and each pending migration runs in its own transaction after re-checking, under the lock,
 * that no other instance applied it meanwhile.
 */
export async function runMigrations(
  pool: Pool,
  prefix: string,
  poolState: () => PoolState,
): Promise<number[]> {
  const table = `${prefix}auth_migrations`
  const context = (action: string) => ({ action, pool: poolState() })
  let client: PoolClient
  try {
    client = await pool.connect()
  } catch (error) {
    throw migrationError(error, context("connect to run the migrations"))
  }
  let broken = false
  const onError = () => (broken = true)
  client.on("error", onError)
  const applied: number[] = []
  try {
    let current: number
    try {
      current = await appliedVersion(client, table)
    } catch (error) {
      broken = true
      throw migrationError(error, context("read the schema version"))
    }
    if (current >= SCHEMA_VERSION) return applied
    try {
      await client.query("SELECT pg_advisory_lock(hashtext($1))", [lockName(prefix)])
    } catch (error) {
      broken = true
      throw migrationError(error, context("take the migration lock"))
    }
    try {
      for (const migration of MIGRATIONS) {
        if (migration.version <= current) continue
        const what = `apply migration ${migration.version} (${migration.name})`
        try {
          await client.query("BEGIN")
          await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
          )`)
          const done = await client.query(`SELECT 1 FROM ${table} WHERE version = $1`, [
            migration.version,
          ])
          if (done.rowCount === 0) {
            await client.query(migration.sql(prefix))
            await client.query(`INSERT INTO ${table} (version, name) VALUES ($1, $2)`, [
              migration.version,
              migration.name,
            ])
            applied.push(migration.version)
          }
          await client.query("COMMIT")
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {
            broken = true
          })
          throw migrationError(error, context(what))
        }
      }
    } finally {
      await client
        .query("SELECT pg_advisory_unlock(hashtext($1))", [lockName(prefix)])
        .catch(() => {
          // a broken connection releases its advisory locks when the server closes it
          broken = true
        })
    }
    return applied
  } finally {
    client.removeListener("error", onError)
    client.release(broken)
  }
}
