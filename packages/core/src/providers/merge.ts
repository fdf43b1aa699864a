/**
 * The deep merge behind every provider factory (https://www.npmjs.com/package/@auth/core#providers-the-contract).
 *
 * Rules, each tested:
 * 1. Endpoints are normalised on both sides first: a string URL becomes `{ url, params }` (its query
 *    string becomes params), so `authorization: { params: { scope } }` keeps the default URL and
 *    the default's other params.
 * 2. Plain objects merge recursively.
 * 3. Arrays (`checks`), functions (`profile`, `request`) and class instances are replaced whole.
 * 4. `undefined` never overwrites.
 */

const ENDPOINT_KEYS = ["authorization", "token", "userinfo"] as const

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** `"https://x/y?scope=a"` -> `{ url: "https://x/y", params: { scope: "a" } }`; objects pass through. */
export function normalizeEndpoint(endpoint: unknown): unknown {
  if (typeof endpoint !== "string") return endpoint
  const url = new URL(endpoint)
  const params: Record<string, string> = {}
  for (const [key, value] of url.searchParams) params[key] = value
  url.search = ""
  return { url: url.href, params }
}

function normalizeEndpoints<T extends object>(config: T): T {
  let copy: Record<string, unknown> | undefined
  for (const key of ENDPOINT_KEYS) {
    const value = (config as Record<string, unknown>)[key]
    if (typeof value === "string") {
      copy ??= { ...(config as Record<string, unknown>) }
      copy[key] = normalizeEndpoint(value)
    }
  }
  return (copy ?? config) as T
}

function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice()
  if (isPlainObject(value)) return mergeValues({}, value)
  return value
}

function mergeValues(base: unknown, override: unknown): unknown {
  if (override === undefined) return copy(base)
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(base)) out[key] = copy(base[key])
    for (const key of Object.keys(override)) out[key] = mergeValues(base[key], override[key])
    return out
  }
  return copy(override)
}

/**
 * Deep-merges `overrides` into `defaults` following the rules above. Neither input is mutated.
 * @example
 * ```ts
 * const provider = mergeProviderConfig(defaults, { authorization: { params: { prompt: "consent" } } })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export function mergeProviderConfig<T extends object>(
  defaults: T,
  overrides: object | undefined,
): T {
  if (!overrides) return copy(normalizeEndpoints(defaults)) as T
  return mergeValues(normalizeEndpoints(defaults), normalizeEndpoints(overrides)) as T
}
