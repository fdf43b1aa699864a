/**
 * `node:crypto`, when the runtime has it, reached without a static import so the portable build
 * stays importable on runtimes without it (workers, browsers). `process.getBuiltinModule` exists
 * on Node >= 20.16, Bun and Deno 2; elsewhere this is `undefined` and callers use Web Crypto.
 */
import type * as NodeCrypto from "node:crypto"

type ProcessWithBuiltins = { getBuiltinModule?: (id: string) => unknown }

let cached: typeof NodeCrypto | null | undefined

export function nodeCrypto(): typeof NodeCrypto | undefined {
  if (cached === undefined) {
    const proc = (globalThis as { process?: ProcessWithBuiltins }).process
    cached = (proc?.getBuiltinModule?.("node:crypto") as typeof NodeCrypto | undefined) ?? null
  }
  return cached ?? undefined
}

/** For tests of the portable path: pretend `node:crypto` is not there (or restore it). */
export function setNodeCryptoForTesting(value: typeof NodeCrypto | null | undefined): void {
  cached = value
}
