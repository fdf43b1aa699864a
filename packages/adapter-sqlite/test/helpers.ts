import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"

/** A fresh temporary directory, removed after the test file. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `auth-sqlite-${label}-`))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Awaits `promise`, which must reject; returns the error with its code. */
export async function rejection(promise: unknown): Promise<Error & { code?: string; cause?: unknown }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string; cause?: unknown }
  }
  throw new Error("expected a rejection, but the promise resolved")
}

export const DAY = 24 * 60 * 60 * 1000
