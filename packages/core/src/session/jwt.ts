/**
 * The "jwt" session strategy: the session is a JWE in the session cookie (https://www.npmjs.com/package/@auth/core#sessions).
 * Reading is the hot path: one cookie lookup, one synchronous decrypt where `node:crypto` exists,
 * no Set-Cookie unless `updateAge` says the cookie is due for renewal.
 */
import type { AuthInternals } from "../config/resolve.js"
import type { JWT, Session } from "../config/types.js"
import { clearChunked, writeChunked } from "../cookies/chunk.js"
import type { CookieOptions } from "../cookies/cookie.js"
import { randomToken } from "../crypto/encoding.js"
import { decryptJwe, decryptJweSync, encryptJwe } from "../crypto/jwe.js"
import { copyToken } from "./cache.js"

export async function encodeSession(
  auth: AuthInternals,
  cookieName: string,
  token: JWT,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const [key] = await auth.keyring.get(cookieName)
  return encryptJwe(
    { ...token, iat: now, exp: now + auth.maxAge, jti: token.jti ?? randomToken() },
    key!,
  )
}

/**
 * Clock-skew allowance, in seconds, for `nbf` and `iat`: a token minted by another instance whose
 * clock runs a little ahead is still accepted, one claiming to start (or to have been issued) later
 * than that is not. `exp` gets no allowance: a session never outlives its expiry.
 */
export const CLOCK_SKEW = 15

/** The token when its time claims hold now: `exp` in the future, `nbf` and `iat` not (beyond the skew). */
function valid(payload: unknown): JWT | null {
  if (!payload || typeof payload !== "object") return null
  const { exp, nbf, iat } = payload as JWT & { nbf?: unknown }
  const now = Date.now() / 1000
  if (typeof exp !== "number" || exp <= now) return null
  if (nbf !== undefined && (typeof nbf !== "number" || nbf > now + CLOCK_SKEW)) return null
  if (iat !== undefined && (typeof iat !== "number" || iat > now + CLOCK_SKEW)) return null
  return payload as JWT
}

function remember(
  auth: AuthInternals,
  cookieName: string,
  raw: string,
  token: JWT | null,
): JWT | null {
  if (!token) return null
  return copyToken(auth.sessionCache.set(cookieName, raw, token))
}

/**
 * The response body of `GET session` for a token read before, when nothing can change it: no
 * `jwt`/`session` callback, still valid, not due for renewal. Saves rebuilding the same JSON.
 */
export function cachedSessionBody(
  auth: AuthInternals,
  cookieName: string,
  raw: string,
): string | undefined {
  const hit = auth.sessionCache.get(cookieName, raw)
  if (!hit?.body || !valid(hit.token) || dueForRenewal(auth, hit.token)) return undefined
  return hit.body
}

export function rememberSessionBody(
  auth: AuthInternals,
  cookieName: string,
  raw: string,
  body: string,
): void {
  const hit = auth.sessionCache.get(cookieName, raw)
  if (hit) hit.body = body
}

/**
 * Decodes a session token read from the cookie `cookieName`; null when absent, altered, foreign,
 * not canonical, expired or not yet valid. The caller gets its own copy (see `copyToken`).
 */
export function decodeSession(
  auth: AuthInternals,
  cookieName: string,
  raw: string,
): JWT | null | Promise<JWT | null> {
  const hit = auth.sessionCache.get(cookieName, raw)
  if (hit) {
    if (valid(hit.token)) return copyToken(hit)
    auth.sessionCache.delete(cookieName, raw)
    return null
  }
  const keys = auth.keyring.peek(cookieName)
  if (keys) {
    const fast = decryptJweSync(raw, keys)
    if (fast !== undefined) return remember(auth, cookieName, raw, valid(fast))
  }
  return auth.keyring
    .get(cookieName)
    .then((k) => decryptJwe(raw, k))
    .then((payload) => remember(auth, cookieName, raw, valid(payload)))
}

export function sessionCookies(
  cookieHeader: string | null,
  cookieName: string,
  value: string,
  options: CookieOptions,
  maxAge: number,
): string[] {
  return writeChunked(cookieHeader, cookieName, value, { ...options, maxAge })
}

export function clearSessionCookies(
  cookieHeader: string | null,
  cookieName: string,
  options: CookieOptions,
): string[] {
  return clearChunked(cookieHeader, cookieName, options)
}

/** The client-facing session from a token, through the `session` callback if there is one. */
export async function toSession(auth: AuthInternals, token: JWT): Promise<Session> {
  const session: Session = {
    // With an adapter the JWT's `sub` is the stored user's id, so it is part of the session.
    user:
      auth.adapter && token.sub
        ? {
            id: token.sub,
            name: token.name ?? null,
            email: token.email ?? null,
            image: token.picture ?? null,
          }
        : { name: token.name ?? null, email: token.email ?? null, image: token.picture ?? null },
    expires: new Date((token.exp ?? 0) * 1000).toISOString(),
  }
  if (!auth.callbacks.session) return session
  return auth.callbacks.session({ session, token })
}

/** True when the cookie was issued more than `updateAge` ago and should be re-issued. */
export function dueForRenewal(auth: AuthInternals, token: Readonly<JWT>): boolean {
  const iat = token.iat ?? 0
  return Date.now() / 1000 - iat >= auth.updateAge
}
