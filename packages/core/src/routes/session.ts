import type { AuthInternals } from "../config/resolve.js"
import type { Session } from "../config/types.js"
import { readChunked } from "../cookies/chunk.js"
import { cookieNames } from "../cookies/names.js"
import { clearSessionCookies, decodeSession, dueForRenewal, encodeSession, sessionCookies, toSession } from "../session/jwt.js"
import type { RequestContext } from "./context.js"
import { json } from "./redirect.js"

/** GET session: the session as JSON (`null` when signed out); re-issues the cookie only when due. */
export async function sessionRoute(ctx: RequestContext): Promise<Response> {
  const name = ctx.names.sessionToken
  const raw = readChunked(ctx.cookieHeader, name)
  if (raw === undefined) return json(ctx, null)
  let token = await decodeSession(ctx.auth, name, raw)
  if (!token) {
    ctx.setCookies.push(...clearSessionCookies(ctx.cookieHeader, name, ctx.cookieOptions))
    return json(ctx, null)
  }
  const { callbacks } = ctx.auth
  if (callbacks.jwt) {
    token = await callbacks.jwt({ token })
    if (!token) {
      ctx.setCookies.push(...clearSessionCookies(ctx.cookieHeader, name, ctx.cookieOptions))
      return json(ctx, null)
    }
  }
  if (dueForRenewal(ctx.auth, token)) {
    const renewed = await encodeSession(ctx.auth, name, token)
    ctx.setCookies.push(...sessionCookies(ctx.cookieHeader, name, renewed, ctx.cookieOptions, ctx.auth.maxAge))
    token = (await decodeSession(ctx.auth, name, renewed)) ?? token
  }
  return json(ctx, await toSession(ctx.auth, token))
}

const SECURE = cookieNames(true).sessionToken
const PLAIN = cookieNames(false).sessionToken

/** Server-side session read for a Request or its Headers: no network, no cookie writes. */
export async function readSession(auth: AuthInternals, input: Request | Headers): Promise<Session | null> {
  const headers = input instanceof Headers ? input : input.headers
  const header = headers.get("cookie")
  if (!header) return null
  const secureFirst = auth.useSecureCookies ?? (auth.url ? auth.url.protocol === "https:" : input instanceof Request ? input.url.startsWith("https:") : true)
  const order = secureFirst ? [SECURE, PLAIN] : [PLAIN, SECURE]
  for (const name of order) {
    const raw = readChunked(header, name)
    if (raw === undefined) continue
    let token = await decodeSession(auth, name, raw)
    if (token && auth.callbacks.jwt) token = await auth.callbacks.jwt({ token })
    return token ? toSession(auth, token) : null
  }
  return null
}
