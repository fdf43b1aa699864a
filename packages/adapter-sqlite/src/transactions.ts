/**
 * Transactions and the per-adapter mutex.
 *
 * Both drivers run every statement synchronously, so a single adapter call can never interleave with
 * another. Only `transaction(fn)` spans awaits: while its BEGIN IMMEDIATE is open, calls from outside
 * fn wait on `openTransaction`; calls made inside fn (recognised by the AsyncLocalStorage context) go
 * straight through, so fn cannot deadlock on its own lock. Nested calls use savepoints.
 */
import { AsyncLocalStorage } from "node:async_hooks"
import { AdapterError } from "@auth/core/adapters"
import type { SqliteConnection } from "./driver.js"
import { sqliteCode, toAdapterError } from "./errors.js"

/** Maps a constraint failure to a precise error, or `undefined` for the generic one. */
export type OnConstraint = (error: unknown, code: string) => AdapterError | undefined

interface TransactionContext {
  active: boolean
  savepoints: number
}

/** `run` executes one statement (waiting for another caller's open transaction); `transaction` spans awaits. */
export function createRunner(db: SqliteConnection, busyTimeoutMs: number) {
  const context = new AsyncLocalStorage<TransactionContext>()
  let openTransaction: Promise<void> | null = null

  async function run<T>(
    action: string,
    statement: () => T,
    onConstraint?: OnConstraint,
  ): Promise<T> {
    if (!context.getStore()?.active) {
      while (openTransaction) await openTransaction
    }
    try {
      return statement()
    } catch (error) {
      const code = sqliteCode(error)
      if (onConstraint && code.startsWith("SQLITE_CONSTRAINT")) {
        const mapped = onConstraint(error, code)
        if (mapped) throw mapped
      }
      throw toAdapterError(error, { action, busyTimeoutMs })
    }
  }

  function rollback(statement: string): void {
    try {
      if (db.inTransaction) db.exec(statement)
    } catch {
      // SQLite already rolled back (e.g. after SQLITE_FULL); nothing left to undo
    }
  }

  async function transaction<T>(fn: () => Promise<T>): Promise<T> {
    const outer = context.getStore()
    if (outer?.active) {
      // Nested: a savepoint inside the open transaction, so an inner failure can be caught alone.
      const name = `auth_savepoint_${++outer.savepoints}`
      await run("start a nested transaction", () => db.exec(`SAVEPOINT ${name}`))
      try {
        const result = await fn()
        await run("finish a nested transaction", () => db.exec(`RELEASE ${name}`))
        return result
      } catch (error) {
        rollback(`ROLLBACK TO ${name}`)
        rollback(`RELEASE ${name}`)
        throw error
      }
    }

    while (openTransaction) await openTransaction
    let release!: () => void
    openTransaction = new Promise<void>((resolve) => (release = resolve))
    const own: TransactionContext = { active: true, savepoints: 0 }
    try {
      try {
        db.exec("BEGIN IMMEDIATE")
      } catch (error) {
        throw toAdapterError(error, { action: "start a transaction", busyTimeoutMs })
      }
      let result: T
      try {
        result = await context.run(own, fn)
      } catch (error) {
        rollback("ROLLBACK")
        throw error
      }
      if (!db.inTransaction) {
        throw new AdapterError(
          "DATABASE_ERROR",
          "@auth/adapter-sqlite: the transaction was ended before fn returned (SQLite rolled it back after an error, or fn ran COMMIT/ROLLBACK itself), so its writes may be lost. Fix: let transaction() commit, and check the database for I/O or disk-full errors.",
        )
      }
      try {
        db.exec("COMMIT")
      } catch (error) {
        rollback("ROLLBACK")
        throw toAdapterError(error, { action: "commit a transaction", busyTimeoutMs })
      }
      return result
    } finally {
      own.active = false
      openTransaction = null
      release()
    }
  }

  return { run, transaction }
}

export type Runner = ReturnType<typeof createRunner>
