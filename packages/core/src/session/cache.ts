/**
 * A bounded cache of session tokens this instance already decrypted and validated, keyed by
 * (cookie name, exact cookie value): a token is only ever a hit under the name it was read under,
 * so a value copied into another cookie name is decrypted (with that name's key) like any other.
 * A JWT session is immutable until it expires, so a hit is exactly as valid as a fresh decrypt.
 */
import type { JWT } from "../config/types.js"

export const SESSION_CACHE_SIZE = 1000

/** A verified token (deep-frozen, never handed out) and, once computed, the `GET session` JSON for it. */
export interface CachedSession {
  token: Readonly<JWT>
  /** True when every claim is a primitive: a shallow copy is then a full copy. */
  flat: boolean
  body?: string
}

export class SessionCache {
  /** One map per cookie name (an instance reads one or two names), so a lookup builds no key string. */
  readonly #byName = new Map<string, Map<string, CachedSession>>()
  #size = 0

  get(name: string, raw: string): CachedSession | undefined {
    return this.#byName.get(name)?.get(raw)
  }

  has(name: string, raw: string): boolean {
    return this.get(name, raw) !== undefined
  }

  /** Caches `token` (freezing it deeply); the oldest entry goes when the cache is full. */
  set(name: string, raw: string, token: JWT): CachedSession {
    let entries = this.#byName.get(name)
    if (!entries) this.#byName.set(name, (entries = new Map()))
    if (!entries.has(raw)) {
      if (this.#size >= SESSION_CACHE_SIZE) this.#evictOne()
      this.#size++
    }
    const entry: CachedSession = { token: token as Readonly<JWT>, flat: deepFreeze(token) }
    entries.set(raw, entry)
    return entry
  }

  delete(name: string, raw: string): void {
    if (this.#byName.get(name)?.delete(raw)) this.#size--
  }

  get size(): number {
    return this.#size
  }

  #evictOne(): void {
    for (const entries of this.#byName.values()) {
      const oldest = entries.keys().next()
      if (!oldest.done) {
        entries.delete(oldest.value)
        this.#size--
        return
      }
    }
  }
}

/** Freezes `value` and everything in it; returns true when it had no nested object at all. */
function deepFreeze(value: object): boolean {
  let flat = true
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key]
    if (child !== null && typeof child === "object") {
      flat = false
      deepFreeze(child)
    }
  }
  Object.freeze(value)
  return flat
}

/**
 * A copy of a cached token for a caller, who may change it at will (a `jwt` callback that pushes
 * to `token.roles`): the cached token stays as it was issued, so every read sees the same value.
 * Flat tokens (the common case: name, email, sub, iat, exp, jti) need only a shallow copy; a token
 * with nested claims gets a deep one.
 */
export function copyToken(entry: CachedSession): JWT {
  return entry.flat ? { ...entry.token } : (cloneJson(entry.token) as JWT)
}

/**
 * Deep copy of a JSON value. Cached tokens come from `JSON.parse` of the decrypted cookie, so they
 * hold only plain objects, arrays and primitives: this copies them exactly, several times faster
 * than `structuredClone`. An own `__proto__` key (JSON.parse makes one from `"__proto__"`) is
 * defined, never assigned, so a copy can never get another prototype.
 */
function cloneJson(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value
  if (Array.isArray(value)) return value.map(cloneJson)
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const child = cloneJson((value as Record<string, unknown>)[key])
    if (key === "__proto__")
      Object.defineProperty(out, key, {
        value: child,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    else out[key] = child
  }
  return out
}
