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
  const { userId, provider, providerAccountId, type, extras, ...rest } = input as AdapterAccount & Record<string, unknown>
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

