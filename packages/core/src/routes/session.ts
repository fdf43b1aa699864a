import type { AuthInternals } from "../config/resolve.js"
import type { Session } from "../config/types.js"
import { readChunked } from "../cookies/chunk.js"
import { cookieNames } from "../cookies/names.js"
import {
  cachedSessionBody,
  clearSessionCookies,
  decodeSession,
  rememberSessionBody,
  dueForRenewal,
  encodeSession,
  sessionCookies,
  toSession,
} from "../session/jwt.js"
import { secureCookiesFor, type RequestContext } from "./context.js"
import { json, jsonText } from "./response.js"
import { isAdapterError } from "../adapters/types.js"
import { AuthError } from "../errors/index.js"
import {
  dueForDatabaseRenewal,
  readDatabaseSession,
  toDatabaseSession,
} from "../session/database.js"

/**
 * The name a native sign-in's JWT session is sealed for (its key's HKDF salt): a bearer token is
 * never a valid cookie value and a cookie value never a valid JWT bearer token.
 */
export const BEARER_NAME = "auth.bearer-token"

/**
 * The token of an `Authorization: Bearer` header. When there is one it is the request's only
 * session: the cookie is ignored (see SECURITY.md, bearer sessions).
 */
export function bearerOf(headers: Headers): string | undefined {
  const m = /^Bearer ([\w.~+/=-]+)$/i.exec(headers.get("authorization") ?? "")
  return m?.[1]
}

/** GET session: the session as JSON (`null` when signed out); re-issues the cookie only when due. */
export async function sessionRoute(ctx: RequestContext): Promise<Response> {
  // A bearer session (native app) is read as is: no cookie to re-issue.
  if (bearerOf(ctx.request.headers)) return json(ctx, await readSession(ctx.auth, ctx.request))
  const name = ctx.names.sessionToken
  const raw = readChunked(ctx.cookieHeader, name)
  if (raw === undefined) return json(ctx, null)
  if (ctx.auth.strategy === "database") return databaseSessionRoute(ctx, raw)
  const { callbacks } = ctx.auth
  const plain = !callbacks.jwt && !callbacks.session
  if (plain) {
    const body = cachedSessionBody(ctx.auth, name, raw)
    if (body !== undefined) return jsonText(ctx, body)
  }
  let token = await decodeSession(ctx.auth, name, raw)
  if (!token) {
    ctx.setCookies.push(...clearSessionCookies(ctx.cookieHeader, name, ctx.cookieOptions))
    return json(ctx, null)
  }
  if (callbacks.jwt) {
    token = await callbacks.jwt({ token })
    if (!token) {
      ctx.setCookies.push(...clearSessionCookies(ctx.cookieHeader, name, ctx.cookieOptions))
      return json(ctx, null)
    }
  }
  if (dueForRenewal(ctx.auth, token)) {
    const renewed = await encodeSession(ctx.auth, name, token)
    ctx.setCookies.push(
      ...sessionCookies(ctx.cookieHeader, name, renewed, ctx.cookieOptions, ctx.auth.maxAge),
    )
    token = (await decodeSession(ctx.auth, name, renewed)) ?? token
  }
  const body = JSON.stringify(await toSession(ctx.auth, token))
  if (plain && ctx.setCookies.length === 0) rememberSessionBody(ctx.auth, name, raw, body)
  return jsonText(ctx, body)
}

/** GET session with the "database" strategy: the row decides; sliding expiry at most once per updateAge. */
async function databaseSessionRoute(ctx: RequestContext, raw: string): Promise<Response> {
  const { auth } = ctx
  const name = ctx.names.sessionToken
  let found
  try {
    found = await readDatabaseSession(auth, raw)
  } catch (error) {
    // A database that cannot be read does not sign anyone out: keep the cookie, log, answer null.
    auth.logger.error(toAdapterError(error))
    return json(ctx, null)
  }
  if (!found) {
    ctx.setCookies.push(...clearSessionCookies(ctx.cookieHeader, name, ctx.cookieOptions))
    return json(ctx, null)
  }
  let { session } = found
  if (dueForDatabaseRenewal(auth, session)) {
    const expires = new Date(Date.now() + auth.maxAge * 1000)
    try {
      session = (await auth.adapter!.updateSession({
        sessionToken: session.sessionToken,
        expires,
      })) ?? { ...session, expires }
      ctx.setCookies.push(
        ...sessionCookies(
          ctx.cookieHeader,
          name,
          session.sessionToken,
          ctx.cookieOptions,
          auth.maxAge,
        ),
      )
    } catch (error) {
      auth.logger.error(toAdapterError(error))
    }
  }
  return json(ctx, await toDatabaseSession(auth, session, found.user))
}

function toAdapterError(error: unknown): AuthError {
  if (error instanceof AuthError) return error
  return new AuthError("AdapterError", {
    code: isAdapterError(error) ? error.code : "DATABASE_ERROR",
    cause: error,
    message: `Reading the session from the database failed: ${(error as Error)?.message ?? error}`,
  })
}

const SECURE = cookieNames(true).sessionToken
const PLAIN = cookieNames(false).sessionToken
/** The https session cookie's name before `__Host-` (never read, only recognised for the warning). */
const LEGACY = "__Secure-auth.session-token"

/**
 * Server-side session read for a Request or its Headers: no request to the provider, no cookie writes
 * (the `database` strategy does read the adapter). Only the
 * session cookie the routes of this deployment set is read (see `secureCookiesFor`): on https an
 * unprefixed `auth.session-token` (which a sibling subdomain or a plain-http attacker can plant)
 * is never a session.
 */
export async function readSession(
  auth: AuthInternals,
  input: Request | Headers,
): Promise<Session | null> {
  const headers = input instanceof Headers ? input : input.headers
  const bearer = bearerOf(headers)
  const header = headers.get("cookie")
  if (!header && !bearer) return null
  const name = bearer ? BEARER_NAME : secureCookiesFor(auth, input) ? SECURE : PLAIN
  const raw = bearer ?? readChunked(header, name)
  if (raw === undefined) {
    warnIgnoredCookie(auth, header!, name)
    return null
  }
  if (auth.strategy === "database") {
    const found = await readDatabaseSession(auth, raw).catch((error) => {
      auth.logger.error(toAdapterError(error))
      return null
    })
    return found ? toDatabaseSession(auth, found.session, found.user) : null
  }
  let token = await decodeSession(auth, name, raw)
  if (token && auth.callbacks.jwt) token = await auth.callbacks.jwt({ token })
  return token ? toSession(auth, token) : null
}

const warned = new WeakSet<AuthInternals>()

/**
 * Once per instance: a session cookie under another name than this deployment's was ignored. On a
 * real https site that is a planted (or stale `__Secure-`) cookie; on a plain-http site other than
 * localhost it means getSession(headers) could not tell the scheme: set AUTH_URL or useSecureCookies.
 */
function warnIgnoredCookie(auth: AuthInternals, header: string, name: string): void {
  if (warned.has(auth) || !header.includes("auth.session-token")) return
  const others = name === SECURE ? [PLAIN, LEGACY] : [SECURE, LEGACY]
  if (!others.some((other) => readChunked(header, other) !== undefined)) return
  warned.add(auth)
  auth.logger.warn(
    "SESSION_COOKIE_IGNORED",
    `Ignored a session cookie other than "${name}" (expected on https for an old or planted one). ` +
      "If the app runs on plain http (not localhost), set AUTH_URL or useSecureCookies: false.",
  )
}
