/**
 * The "database" session strategy: the cookie holds a random 256-bit token; the session row lives
 * in the adapter. Reads slide the expiry at most once per `updateAge`; sign-out deletes the row.
 */
import type { AdapterSession, AdapterUser } from "../adapters/types.js"
import type { AuthInternals } from "../config/resolve.js"
import type { Session } from "../config/types.js"
import { randomToken } from "../crypto/encoding.js"

export async function createDatabaseSession(
  auth: AuthInternals,
  userId: string,
): Promise<AdapterSession> {
  const session = {
    sessionToken: randomToken(),
    userId,
    expires: new Date(Date.now() + auth.maxAge * 1000),
  }
  return auth.adapter!.createSession(session)
}

/** null for unknown, malformed or expired tokens (an adapter must not return expired ones; checked again here). */
export async function readDatabaseSession(
  auth: AuthInternals,
  token: string,
): Promise<{ session: AdapterSession; user: AdapterUser } | null> {
  if (!/^[\w-]{20,200}$/.test(token)) return null
  const found = await auth.adapter!.getSessionAndUser(token)
  if (!found || found.session.expires.getTime() <= Date.now()) return null
  return found
}

/** True when the session was last extended more than `updateAge` ago. */
export function dueForDatabaseRenewal(auth: AuthInternals, session: AdapterSession): boolean {
  const lastExtended = session.expires.getTime() - auth.maxAge * 1000
  return Date.now() - lastExtended >= auth.updateAge * 1000
}

export async function toDatabaseSession(
  auth: AuthInternals,
  session: AdapterSession,
  user: AdapterUser,
): Promise<Session> {
  const out: Session = {
    user: {
      id: user.id,
      name: user.name ?? null,
      email: user.email ?? null,
      image: user.image ?? null,
    },
    expires: session.expires.toISOString(),
  }
  if (!auth.callbacks.session) return out
  return auth.callbacks.session({ session: out, token: { sub: user.id }, user })
}
