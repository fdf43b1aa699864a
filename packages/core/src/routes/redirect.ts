import { AuthError } from "../errors/index.js"
import type { RequestContext } from "./context.js"

// C0 controls, DEL and C1 controls: a URL parser silently drops tabs and newlines
// (`/\n/evil.com` would become `//evil.com`), and a header cannot carry them.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

function rejectControl(url: string, what: string): void {
  if (!CONTROL.test(url)) return
  throw new AuthError("InvalidCallbackUrl", {
    code: "CALLBACK_URL_REJECTED",
    message: `The ${what} ${JSON.stringify(url.slice(0, 200))} contains control characters (CR, LF, tab, NUL...), which no redirect target may carry. Percent-encode them, or fix the link that produced this URL.`,
  })
}

/** Default `redirect` callback: relative URLs and URLs on the app's own origin; anything else goes home. */
export function defaultRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\"))
    return `${baseUrl}${url}`
  try {
    if (new URL(url).origin === new URL(baseUrl).origin) return url
  } catch {
    // not a URL
  }
  return baseUrl
}

/**
 * Where to send the browser: `url` through the `redirect` callback, as an absolute URL that can go
 * in a `Location` header (non-ASCII percent-encoded, e.g. \`/대시보드\` -> \`/%EB%8C%80...\`).
 * Throws `CALLBACK_URL_REJECTED` for control characters, in the input or in the callback's answer.
 */
export async function resolveRedirect(
  ctx: RequestContext,
  url: string | undefined,
): Promise<string> {
  const target = url || ctx.origin
  rejectControl(target, "callbackUrl")
  const callback = ctx.auth.callbacks.redirect
  const chosen = callback
    ? await callback({ url: target, baseUrl: ctx.origin })
    : defaultRedirect({ url: target, baseUrl: ctx.origin })
  rejectControl(String(chosen), "redirect target")
  // Printable ASCII already fits a header as is; anything else is percent-encoded by the URL serializer.
  if (/^[\x21-\x7e]*$/.test(chosen)) return chosen
  try {
    return new URL(chosen, ctx.origin).href
  } catch (cause) {
    throw new AuthError("InvalidCallbackUrl", {
      code: "CALLBACK_URL_REJECTED",
      cause,
      message: `The redirect target ${JSON.stringify(String(chosen).slice(0, 200))} is not a URL. Check the \`redirect\` callback.`,
    })
  }
}

export function redirect(ctx: RequestContext, location: string, status = 302): Response {
  const headers = new Headers({ location, "cache-control": "no-store" })
  for (const cookie of ctx.setCookies) headers.append("set-cookie", cookie)
  return new Response(null, { status, headers })
}
