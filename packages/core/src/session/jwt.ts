/**
 * The "jwt" session strategy: the session is a JWE in the session cookie (DESIGN §6).
 * Reading is the hot path: one cookie lookup, one synchronous decrypt where `node:crypto` exists,
 * no Set-Cookie unless `updateAge` says the cookie is due for renewal.
 */
import type { AuthInternals } from "../config/resolve.js"
import type { JWT, Session } from "../config/types.js"
import { clearChunked, readChunked, writeChunked } from "../cookies/chunk.js"
import type { CookieOptions } from "../cookies/cookie.js"
import { randomToken } from "../crypto/encoding.js"
import { decryptJwe, decryptJweSync, encryptJwe } from "../crypto/jwe.js"

export async function encodeSession(auth: AuthInternals, cookieName: string, token: JWT): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const [key] = await auth.keyring.get(cookieName)
  return encryptJwe({ ...token, iat: now, exp: now + auth.maxAge, jti: token.jti ?? randomToken() }, key!)
}

function valid(payload: unknown): JWT | null {
  if (!payload || typeof payload !== "object") return null
  const exp = (payload as JWT).exp
  if (typeof exp !== "number" || exp <= Date.now() / 1000) return null
  return payload as JWT
}

/**
 * A bounded cache of tokens this instance already decrypted and validated, keyed by the exact
 * cookie value. A JWT session is immutable until it expires, so a hit is exactly as valid as a
 * fresh decrypt; `exp` is still checked on every hit, and callers get a copy. This takes the
 * decrypt (the largest cost of a read) off repeated reads of the same session.
 */
const SESSION_CACHE_SIZE = 1000

/** A verified token and, once computed, the JSON `GET session` answers for it (without callbacks). */
export interface CachedSession {
  token: JWT
  body?: string
}

function remember(auth: AuthInternals, raw: string, token: JWT | null): JWT | null {
  if (!token) return null
  const cache = auth.sessionCache
  if (cache.size >= SESSION_CACHE_SIZE) cache.delete(cache.keys().next().value!)
  cache.set(raw, { token })
  return { ...token }
}

/**
 * The response body of `GET session` for a token read before, when nothing can change it: no
 * `jwt`/`session` callback, still valid, not due for renewal. Saves rebuilding the same JSON.
 */
export function cachedSessionBody(auth: AuthInternals, raw: string): string | undefined {
  const hit = auth.sessionCache.get(raw)
  if (!hit?.body || !valid(hit.token) || dueForRenewal(auth, hit.token)) return undefined
  return hit.body
}

export function rememberSessionBody(auth: AuthInternals, raw: string, body: string): void {
  const hit = auth.sessionCache.get(raw)
  if (hit) hit.body = body
}

/** Decodes a session token; null when absent, altered, foreign or expired. */
export function decodeSession(auth: AuthInternals, cookieName: string, raw: string): JWT | null | Promise<JWT | null> {
  const hit = auth.sessionCache.get(raw)
  if (hit) {
    if (valid(hit.token)) return { ...hit.token }
    auth.sessionCache.delete(raw)
    return null
  }
  const keys = auth.keyring.peek(cookieName)
  if (keys) {
    const fast = decryptJweSync(raw, keys)
    if (fast !== undefined) return remember(auth, raw, valid(fast))
  }
  return auth.keyring.get(cookieName).then((k) => decryptJwe(raw, k)).then((payload) => remember(auth, raw, valid(payload)))
}

export function readSessionCookie(cookieHeader: string | null, cookieName: string): string | undefined {
  return readChunked(cookieHeader, cookieName)
}

export function sessionCookies(cookieHeader: string | null, cookieName: string, value: string, options: CookieOptions, maxAge: number): string[] {
  return writeChunked(cookieHeader, cookieName, value, { ...options, maxAge })
}

export function clearSessionCookies(cookieHeader: string | null, cookieName: string, options: CookieOptions): string[] {
  return clearChunked(cookieHeader, cookieName, options)
}

/** The client-facing session from a token, through the `session` callback if there is one. */
export async function toSession(auth: AuthInternals, token: JWT): Promise<Session> {
  const session: Session = {
    // With an adapter the JWT's `sub` is the stored user's id, so it is part of the session.
    user: auth.adapter && token.sub ? { id: token.sub, name: token.name ?? null, email: token.email ?? null, image: token.picture ?? null } : { name: token.name ?? null, email: token.email ?? null, image: token.picture ?? null },
    expires: new Date((token.exp ?? 0) * 1000).toISOString(),
  }
  if (!auth.callbacks.session) return session
  return auth.callbacks.session({ session, token })
}

/** True when the cookie was issued more than `updateAge` ago and should be re-issued. */
export function dueForRenewal(auth: AuthInternals, token: JWT): boolean {
  const iat = token.iat ?? 0
  return Date.now() / 1000 - iat >= auth.updateAge
}
