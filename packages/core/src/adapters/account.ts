import { ACCOUNT_STRING_FIELDS, type AdapterAccount } from "./types.js"

/** JSON round trip that never throws: bigints become strings, values JSON cannot hold are dropped. */
function jsonCopy(value: Record<string, unknown>): Record<string, unknown> {
  const replacer = (_key: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v)
  try {
    return JSON.parse(JSON.stringify(value, replacer)) as Record<string, unknown>
  } catch {
    const out: Record<string, unknown> = {}
    for (const [key, v] of Object.entries(value)) {
      try {
        const text = JSON.stringify(v, replacer)
        if (text !== undefined) out[key] = JSON.parse(text)
      } catch {
        // circular or otherwise unserialisable: dropped, as a database would have to
      }
    }
    return out
  }
}

/**
 * The contract's rule for storing an Account, shared by every adapter: the standard fields (of the
 * right type) stay fields, everything else goes to `extras` as JSON-safe data, so an unusual token
 * response can never break `linkAccount`.
 * @example
 * ```ts
 * linkAccount: async (input) => store(normalizeAdapterAccount(input))
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export function normalizeAdapterAccount(input: AdapterAccount): AdapterAccount {
  const { userId, provider, providerAccountId, type, extras, ...rest } = input as AdapterAccount &
    Record<string, unknown>
  const account: AdapterAccount = {
    userId: String(userId),
    provider: String(provider),
    providerAccountId: String(providerAccountId),
    type,
  }
  const other: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || value === null) continue
    if ((ACCOUNT_STRING_FIELDS as readonly string[]).includes(key) && typeof value === "string") {
      ;(account as unknown as Record<string, unknown>)[key] = value
    } else if (key === "expires_at" && typeof value === "number" && Number.isFinite(value)) {
      account.expires_at = value
    } else {
      other[key] = value
    }
  }
  const merged = jsonCopy({ ...other, ...(extras && typeof extras === "object" ? extras : {}) })
  if (Object.keys(merged).length > 0) account.extras = merged
  return account
}

/** RFC 7396 JSON merge patch: `null` removes a key, objects merge recursively, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) return patch
  const out: Record<string, unknown> =
    target && typeof target === "object" && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else out[key] = mergePatch(out[key], value)
  }
  return out
}

/**
 * What an `updateAccount` call asks for, in the terms of the stored row (see {@link splitAccountUpdate}).
 * @example
 * ```ts
 * const { set, clearExtras, patch }: AccountUpdate = splitAccountUpdate(update)
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export interface AccountUpdate {
  /** Standard fields to write (`null`: clear); fields not listed are kept. */
  set: Partial<
    Record<(typeof ACCOUNT_STRING_FIELDS)[number] | "expires_at" | "type", string | number | null>
  >
  /** Clear the stored extras before applying `patch`. */
  clearExtras: boolean
  /** JSON merge patch (RFC 7396) for the extras, JSON-safe; undefined when there is none. */
  patch: Record<string, unknown> | undefined
}

/**
 * The contract's rule for `updateAccount`, shared by every adapter: a field given as `undefined` is
 * kept and `null` clears it; `userId`, `provider` and `providerAccountId` never change; a standard
 * field of the wrong type and every other field go to the extras, as for `linkAccount`.
 * `extras: null` clears the extras; extras given (in `extras` or as other fields) are merged into the
 * stored ones as a JSON merge patch (RFC 7396: a `null` value removes a key), what SQL adapters do
 * with `json_patch`.
 * @example
 * ```ts
 * const { set, clearExtras, patch } = splitAccountUpdate({ ...key, access_token: "new", extras: { flag: null } })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export function splitAccountUpdate(update: Partial<AdapterAccount>): AccountUpdate {
  const {
    userId: _u,
    provider: _p,
    providerAccountId: _a,
    extras,
    ...fields
  } = update as Partial<AdapterAccount> & Record<string, unknown>
  const set: AccountUpdate["set"] = {}
  const other: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || (key === "type" && value === null)) continue
    const isString = (ACCOUNT_STRING_FIELDS as readonly string[]).includes(key)
    if (value === null && (isString || key === "expires_at"))
      set[key as keyof AccountUpdate["set"]] = null
    else if (isString && typeof value === "string") set[key as keyof AccountUpdate["set"]] = value
    else if (key === "expires_at" && typeof value === "number" && Number.isFinite(value))
      set.expires_at = value
    else if (key === "type" && (value === "oauth" || value === "oidc")) set.type = value
    else other[key] = value
  }
  const given = { ...other, ...(extras && typeof extras === "object" ? extras : {}) }
  const patch = Object.keys(given).length > 0 ? jsonCopy(given) : undefined
  return { set, clearExtras: extras === null, patch }
}

/**
 * Applies an `updateAccount` call to a stored account, in memory (see {@link splitAccountUpdate}).
 * @example
 * ```ts
 * accounts.set(key, applyAccountUpdate(stored, update))
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export function applyAccountUpdate(
  stored: AdapterAccount,
  update: Partial<AdapterAccount>,
): AdapterAccount {
  const { set, clearExtras, patch } = splitAccountUpdate(update)
  const next: Record<string, unknown> = { ...stored }
  for (const [key, value] of Object.entries(set)) {
    if (value === null) delete next[key]
    else next[key] = value
  }
  const extras = mergePatch(clearExtras ? {} : (stored.extras ?? {}), patch ?? {}) as Record<
    string,
    unknown
  >
  delete next.extras
  if (Object.keys(extras).length > 0) next.extras = extras
  return next as unknown as AdapterAccount
}
