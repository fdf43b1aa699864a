import type { RequestContext } from "./context.js"

/** Default `redirect` callback: relative URLs and URLs on the app's own origin; anything else goes home. */
export function defaultRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) return `${baseUrl}${url}`
  try {
    if (new URL(url).origin === new URL(baseUrl).origin) return url
  } catch {
    // not a URL
  }
  return baseUrl
}

export async function resolveRedirect(ctx: RequestContext, url: string | undefined): Promise<string> {
  const target = url || ctx.origin
  const callback = ctx.auth.callbacks.redirect
  return callback ? callback({ url: target, baseUrl: ctx.origin }) : defaultRedirect({ url: target, baseUrl: ctx.origin })
}

export function redirect(ctx: RequestContext, location: string, status = 302): Response {
  const headers = new Headers({ location, "cache-control": "no-store" })
  for (const cookie of ctx.setCookies) headers.append("set-cookie", cookie)
  return new Response(null, { status, headers })
}

const JSON_HEADERS = { "content-type": "application/json", "cache-control": "private, no-cache, no-store" }

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
