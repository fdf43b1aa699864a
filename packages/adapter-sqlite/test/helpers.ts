import { mkdtempSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, inject } from "vitest"
import type { SqliteDriverName } from "../src/driver.js"
import { sqliteAdapter as realSqliteAdapter, type SqliteAdapterOptions } from "../src/index.js"

declare module "vitest" {
  export interface ProvidedContext {
    driver: SqliteDriverName
  }
}

/** The driver this run of the suite tests (one vitest project per driver: see vitest.config.ts). */
export const DRIVER: SqliteDriverName = inject("driver")

/** A fresh temporary directory, removed after the test file. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `auth-sqlite-${label}-`))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
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

interface Statement {
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
  run(...params: unknown[]): unknown
}

/** A connection of the driver under test, opened by the test itself (to inspect, lock or pass in). */
export interface TestDb {
  /** The driver's own database object: what a user would pass to sqliteAdapter(). */
  readonly raw: any
  prepare(sql: string): Statement
  exec(sql: string): void
  /** `pragma("journal_mode = WAL")` runs it; with `{ simple: true }` returns the first column. */
  pragma(source: string, options?: { simple?: boolean }): unknown
  close(): void
  readonly open: boolean
  readonly inTransaction: boolean
}

const require = createRequire(import.meta.url)

/** Opens `file` with the driver under test. */
export function openDb(
  file: string,
  options: { readonly?: boolean; timeout?: number } = {},
): TestDb {
  const raw =
    DRIVER === "node:sqlite"
      ? new (require("node:sqlite").DatabaseSync)(file, {
          readOnly: options.readonly ?? false,
          timeout: options.timeout ?? 5000,
        })
      : new (require("better-sqlite3"))(file, {
          readonly: options.readonly ?? false,
          timeout: options.timeout ?? 5000,
        })
  // rows of node:sqlite have a null prototype; copy them so that toEqual compares plain objects
  const plain = (row: unknown) => (row && typeof row === "object" ? { ...row } : row)
  return {
    raw,
    prepare(sql) {
      const statement = raw.prepare(sql)
      return {
        get: (...params) => plain(statement.get(...params)),
        all: (...params) => statement.all(...params).map(plain),
        run: (...params) => statement.run(...params),
      }
    },
    exec: (sql) => raw.exec(sql),
    pragma(source, { simple } = {}) {
      if (!simple) return raw.exec(`PRAGMA ${source}`)
      const row = raw.prepare(`PRAGMA ${source}`).get()
      return row ? Object.values(row)[0] : undefined
    },
    close: () => raw.close(),
    get open() {
      return DRIVER === "node:sqlite" ? raw.isOpen : raw.open
    },
    get inTransaction() {
      return DRIVER === "node:sqlite" ? raw.isTransaction : raw.inTransaction
    },
  }
}

/** sqliteAdapter() on the driver under test: a path is opened with it, a TestDb is passed in raw. */
export function sqliteAdapter(database: string | TestDb, options: SqliteAdapterOptions = {}) {
  return realSqliteAdapter(typeof database === "string" ? database : database.raw, {
    driver: DRIVER,
    ...options,
  })
}
