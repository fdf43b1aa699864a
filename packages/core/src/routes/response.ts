/** JSON responses of the routes, carrying the cookies the request set (`ctx.setCookies`). */
import type { RequestContext } from "./context.js"

const JSON_HEADERS = {
  "content-type": "application/json",
  "cache-control": "private, no-cache, no-store",
}

/** A JSON response, never cached (it may carry a session or a CSRF token). */
export function json(ctx: RequestContext, body: unknown, status = 200): Response {
  return jsonText(ctx, JSON.stringify(body), status)
}

/** A JSON response from an already serialised body. */
export function jsonText(ctx: RequestContext, text: string, status = 200): Response {
  // The common case (a session read) sets no cookie: skip building a Headers object.
  if (ctx.setCookies.length === 0) return new Response(text, { status, headers: JSON_HEADERS })
  const headers = new Headers(JSON_HEADERS)
  for (const cookie of ctx.setCookies) headers.append("set-cookie", cookie)
  return new Response(text, { status, headers })
}
