import { deriveKey, deriveKeySync } from "./hkdf.js"
import type { JweKey } from "./jwe.js"

/**
 * The derived keys for each purpose (salt = cookie name), newest secret first. Each key is derived
 * once per process and kept; encryption uses the first, decryption tries them all (rotation).
 */
export class Keyring {
  readonly #secrets: ReadonlyArray<string>
  readonly #keys = new Map<string, ReadonlyArray<JweKey>>()
  readonly #pending = new Map<string, Promise<ReadonlyArray<JweKey>>>()

  constructor(secrets: ReadonlyArray<string>) {
    this.#secrets = secrets
  }

  /** The keys if already derived (or derivable synchronously), else undefined. */
  peek(salt: string): ReadonlyArray<JweKey> | undefined {
    const known = this.#keys.get(salt)
    if (known) return known
    const derived: JweKey[] = []
    for (const secret of this.#secrets) {
      const key = deriveKeySync(secret, salt)
      if (!key) return undefined
      derived.push(key)
    }
    this.#keys.set(salt, derived)
    return derived
  }

  async get(salt: string): Promise<ReadonlyArray<JweKey>> {
    const ready = this.peek(salt)
    if (ready) return ready
    let pending = this.#pending.get(salt)
    if (!pending) {
      pending = Promise.all(this.#secrets.map((s) => deriveKey(s, salt))).then((keys) => {
        this.#keys.set(salt, keys)
        return keys
      })
      this.#pending.set(salt, pending)
    }
    return pending
  }
}
