/** Row mapping: how users, accounts and sessions are stored in SQLite columns and read back. */
import {
  ACCOUNT_STRING_FIELDS,
  normalizeAdapterAccount,
  splitAccountUpdate,
  type AccountKey,
  type AdapterAccount,
  type AdapterSession,
  type AdapterUser,
} from "@auth/core/adapters"

export interface UserRow {
  id: string
  name: string | null
  email: string | null
  email_verified: number | null
  image: string | null
}

export interface AccountRow {
  user_id: string
  provider: string
  provider_account_id: string
  type: string
  access_token: string | null
  refresh_token: string | null
  expires_at: number | null
  token_type: string | null
  scope: string | null
  id_token: string | null
  session_state: string | null
  oauth_token: string | null
  oauth_token_secret: string | null
  extras: string | null
}

export interface SessionRow {
  session_token: string
  user_id: string
  expires: number
}

const STRING_FIELDS = ACCOUNT_STRING_FIELDS
type StringField = (typeof STRING_FIELDS)[number]

export function toMs(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null
  const ms = value instanceof Date ? value.getTime() : new Date(value as string | number).getTime()
  if (Number.isNaN(ms))
    throw new TypeError(`@auth/adapter-sqlite: ${field} must be a valid Date, got ${String(value)}`)
  return ms
}

export function toUser(row: UserRow): AdapterUser {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    emailVerified: row.email_verified === null ? null : new Date(row.email_verified),
    image: row.image,
  }
}

export function toSession(row: SessionRow): AdapterSession {
  return { sessionToken: row.session_token, userId: row.user_id, expires: new Date(row.expires) }
}

export function toAccount(row: AccountRow): AdapterAccount {
  const account: AdapterAccount = {
    userId: row.user_id,
    provider: row.provider,
    providerAccountId: row.provider_account_id,
    type: row.type as AdapterAccount["type"],
  }
  for (const field of STRING_FIELDS) {
    const value = row[field]
    if (value !== null) account[field] = value
  }
  if (row.expires_at !== null) account.expires_at = row.expires_at
  if (row.extras !== null) {
    try {
      account.extras = JSON.parse(row.extras) as Record<string, unknown>
    } catch {
      account.extras = { unparsable: row.extras }
    }
  }
  return account
}

/** The row to insert for an account: standard fields in their columns, everything else in `extras`. */
export function accountParams(input: AdapterAccount) {
  const account = normalizeAdapterAccount(input)
  const columns = {} as Record<StringField, string | null>
  for (const field of STRING_FIELDS) columns[field] = account[field] ?? null
  return {
    ...columns,
    expires_at: account.expires_at ?? null,
    user_id: account.userId,
    provider: account.provider,
    provider_account_id: account.providerAccountId,
    type: String(account.type),
    // normalizeAdapterAccount already made extras JSON-safe
    extras: account.extras ? JSON.stringify(account.extras) : null,
  }
}

/** The parameters of the `updateAccount` statement: which columns to set, the extras patch, the CAS condition. */
export function accountUpdateParams(
  account: Partial<AdapterAccount> & AccountKey,
  ifRefreshToken: string | null | undefined,
) {
  const { set, clearExtras, patch } = splitAccountUpdate(account)
  const params: Record<string, string | number | null> = {
    provider: String(account.provider),
    provider_account_id: String(account.providerAccountId),
    check_refresh: ifRefreshToken === undefined ? 0 : 1,
    if_refresh_token: ifRefreshToken ?? null,
    clear_extras: clearExtras ? 1 : 0,
    patch: patch ? JSON.stringify(patch) : null,
  }
  for (const field of [...STRING_FIELDS, "expires_at", "type"] as const) {
    params[`set_${field}`] = field in set ? 1 : 0
    params[field] = set[field] ?? null
  }
  return params
}
