import type { SqliteConnection } from "./driver.js"
import { migrationError } from "./errors.js"

export interface Migration {
  version: number
  name: string
  /** The SQL of the migration, for the given table prefix. */
  sql(prefix: string): string
}

/**
 * The schema, as an append-only list. Never edit a released migration: add a new one.
 * Within a major version migrations only add (tables, columns, indexes), so an older release
 * keeps working against a database a newer one migrated.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "users, accounts, sessions",
    sql: (p) => `
      CREATE TABLE ${p}users (
        id             TEXT PRIMARY KEY NOT NULL,
        name           TEXT,
        email          TEXT,
        email_verified INTEGER,
        image          TEXT
      );
      CREATE UNIQUE INDEX ${p}users_email ON ${p}users (email COLLATE NOCASE);

      CREATE TABLE ${p}accounts (
        user_id             TEXT NOT NULL REFERENCES ${p}users (id) ON DELETE CASCADE,
        provider            TEXT NOT NULL,
        provider_account_id TEXT NOT NULL,
        type                TEXT NOT NULL,
        access_token        TEXT,
        refresh_token       TEXT,
        expires_at          INTEGER,
        token_type          TEXT,
        scope               TEXT,
        id_token            TEXT,
        session_state       TEXT,
        oauth_token         TEXT,
        oauth_token_secret  TEXT,
        extras              TEXT,
        UNIQUE (provider, provider_account_id)
      );
      CREATE INDEX ${p}accounts_user_id ON ${p}accounts (user_id);

      CREATE TABLE ${p}sessions (
        session_token TEXT PRIMARY KEY NOT NULL,
        user_id       TEXT NOT NULL REFERENCES ${p}users (id) ON DELETE CASCADE,
        expires       INTEGER NOT NULL
      );
      CREATE INDEX ${p}sessions_user_id ON ${p}sessions (user_id);
    `,
  },
  {
    version: 2,
    name: "single-use keys (useOnce)",
    sql: (p) => `
      CREATE TABLE ${p}used_keys (
        key     TEXT PRIMARY KEY NOT NULL,
        expires INTEGER NOT NULL
      );
      CREATE INDEX ${p}used_keys_expires ON ${p}used_keys (expires);
    `,
  },
]

/** The schema version this release creates (the number of migrations). */
export const SCHEMA_VERSION = MIGRATIONS.length

function tableExists(db: SqliteConnection, name: string): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !==
    undefined
  )
}

function appliedVersion(db: SqliteConnection, table: string): number {
  if (!tableExists(db, table)) return 0
  const row = db.prepare(`SELECT max(version) AS version FROM ${table}`).get() as {
    version: number | null
  }
  return row.version ?? 0
}

/**
 * Brings the schema up to date. Safe at every start and when several processes start at once:
 * a database already up to date is only read (so a read-only copy opens fine), and each pending
 * migration runs in its own `BEGIN IMMEDIATE` transaction that first re-checks, under the write
 * lock, whether another process applied it meanwhile.
 */
export function migrate(db: SqliteConnection, prefix: string, busyTimeoutMs: number): void {
  const table = `${prefix}auth_migrations`
  let current: number
  try {
    current = appliedVersion(db, table)
  } catch (error) {
    throw migrationError(error, "read the schema version", busyTimeoutMs)
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue
    const what = `apply migration ${migration.version} (${migration.name})`
    try {
      db.exec("BEGIN IMMEDIATE")
    } catch (error) {
      throw migrationError(error, what, busyTimeoutMs)
    }
    try {
      db.exec(`CREATE TABLE IF NOT EXISTS ${table} (
        version    INTEGER PRIMARY KEY NOT NULL,
        name       TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      )`)
      const done =
        db.prepare(`SELECT 1 FROM ${table} WHERE version = ?`).get(migration.version) !== undefined
      if (!done) {
        db.exec(migration.sql(prefix))
        db.prepare(`INSERT INTO ${table} (version, name, applied_at) VALUES (?, ?, ?)`).run(
          migration.version,
          migration.name,
          Date.now(),
        )
      }
      db.exec("COMMIT")
    } catch (error) {
      try {
        if (db.inTransaction) db.exec("ROLLBACK")
      } catch {
        // the rollback failing too leaves SQLite's own recovery to the next open
      }
      throw migrationError(error, what, busyTimeoutMs)
    }
  }
}
