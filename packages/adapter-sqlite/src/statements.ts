/** Every SQL statement the adapter runs, prepared once per adapter (table names carry the prefix). */
import { ACCOUNT_STRING_FIELDS } from "@auth/core/adapters"
import type { SqliteConnection } from "./driver.js"

/** The columns `updateAccount` may set (the key and user_id never change). */
export const UPDATABLE_ACCOUNT_FIELDS = [...ACCOUNT_STRING_FIELDS, "expires_at", "type"] as const

/** The prepared statements of one adapter; `prefix` is validated by the caller (letters, digits, `_`). */
export function prepareStatements(db: SqliteConnection, prefix: string) {
  const t = {
    users: `${prefix}users`,
    accounts: `${prefix}accounts`,
    sessions: `${prefix}sessions`,
    usedKeys: `${prefix}used_keys`,
  }
  return {
    insertUser: db.prepare(
      `INSERT INTO ${t.users} (id, name, email, email_verified, image) VALUES (@id, @name, @email, @email_verified, @image) RETURNING *`,
    ),
    userById: db.prepare(`SELECT * FROM ${t.users} WHERE id = ?`),
    userByEmail: db.prepare(`SELECT * FROM ${t.users} WHERE email = ? COLLATE NOCASE`),
    userByAccount: db.prepare(
      `SELECT u.* FROM ${t.users} u JOIN ${t.accounts} a ON a.user_id = u.id WHERE a.provider = ? AND a.provider_account_id = ?`,
    ),
    updateUser: db.prepare(
      `UPDATE ${t.users} SET
         name = CASE WHEN @set_name THEN @name ELSE name END,
         email = CASE WHEN @set_email THEN @email ELSE email END,
         email_verified = CASE WHEN @set_email_verified THEN @email_verified ELSE email_verified END,
         image = CASE WHEN @set_image THEN @image ELSE image END
       WHERE id = @id RETURNING *`,
    ),
    deleteUser: db.prepare(`DELETE FROM ${t.users} WHERE id = ?`),
    insertAccount: db.prepare(
      `INSERT INTO ${t.accounts} (user_id, provider, provider_account_id, type, access_token, refresh_token, expires_at,
         token_type, scope, id_token, session_state, oauth_token, oauth_token_secret, extras)
       VALUES (@user_id, @provider, @provider_account_id, @type, @access_token, @refresh_token, @expires_at,
         @token_type, @scope, @id_token, @session_state, @oauth_token, @oauth_token_secret, @extras) RETURNING *`,
    ),
    deleteAccount: db.prepare(
      `DELETE FROM ${t.accounts} WHERE provider = ? AND provider_account_id = ?`,
    ),
    accountByKey: db.prepare(
      `SELECT * FROM ${t.accounts} WHERE provider = ? AND provider_account_id = ?`,
    ),
    // One statement, so the compare-and-swap on refresh_token is atomic across connections and processes.
    updateAccount: db.prepare(
      `UPDATE ${t.accounts} SET
         ${UPDATABLE_ACCOUNT_FIELDS.map((f) => `${f} = CASE WHEN @set_${f} THEN @${f} ELSE ${f} END`).join(",\n         ")},
         extras = CASE WHEN @patch IS NULL AND NOT @clear_extras THEN extras
           ELSE nullif(json_patch(CASE WHEN @clear_extras THEN '{}' WHEN json_valid(extras) THEN extras ELSE '{}' END, coalesce(@patch, '{}')), '{}') END
       WHERE provider = @provider AND provider_account_id = @provider_account_id
         AND (NOT @check_refresh OR refresh_token IS @if_refresh_token)
       RETURNING *`,
    ),
    accountsByUser: db.prepare(`SELECT * FROM ${t.accounts} WHERE user_id = ? ORDER BY rowid`),
    insertSession: db.prepare(
      `INSERT INTO ${t.sessions} (session_token, user_id, expires) VALUES (?, ?, ?) RETURNING *`,
    ),
    sessionAndUser: db.prepare(
      `SELECT s.session_token, s.user_id, s.expires, u.id, u.name, u.email, u.email_verified, u.image
       FROM ${t.sessions} s JOIN ${t.users} u ON u.id = s.user_id WHERE s.session_token = ?`,
    ),
    deleteExpiredSession: db.prepare(
      `DELETE FROM ${t.sessions} WHERE session_token = ? AND expires <= ?`,
    ),
    updateSession: db.prepare(
      `UPDATE ${t.sessions} SET expires = coalesce(@expires, expires), user_id = coalesce(@user_id, user_id)
       WHERE session_token = @session_token RETURNING *`,
    ),
    deleteSession: db.prepare(`DELETE FROM ${t.sessions} WHERE session_token = ?`),
    // One statement: of concurrent calls with one key (any connection, any process) one inserts or
    // replaces an expired record and gets a row back; the others get none.
    useKey: db.prepare(
      `INSERT INTO ${t.usedKeys} (key, expires) VALUES (@key, @expires)
       ON CONFLICT (key) DO UPDATE SET expires = excluded.expires WHERE ${t.usedKeys}.expires <= @now
       RETURNING 1 AS used`,
    ),
    deleteExpiredKeys: db.prepare(`DELETE FROM ${t.usedKeys} WHERE expires <= ?`),
  }
}

export type Statements = ReturnType<typeof prepareStatements>
