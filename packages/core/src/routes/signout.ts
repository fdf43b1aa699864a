import { page, esc } from "../pages/html.js"
import { decodeSession, clearSessionCookies } from "../session/jwt.js"
import { readChunked } from "../cookies/chunk.js"
import { readBody } from "./body.js"
import type { RequestContext } from "./context.js"
import { csrfToken, verifyCsrf } from "./csrf.js"
import { errorRedirect, toAuthError } from "./errors.js"
import { redirect, resolveRedirect } from "./redirect.js"
import { json } from "./response.js"

/** GET signout: a confirmation page with a CSRF-protected form (works without JavaScript). */
export async function signOutPage(ctx: RequestContext): Promise<Response> {
  const token = await csrfToken(ctx)
  const callbackUrl = ctx.url.searchParams.get("callbackUrl")
  const headers = new Headers()
  for (const cookie of ctx.setCookies) headers.append("set-cookie", cookie)
  const body =
    `<h1>Sign out</h1><p class="center">Are you sure you want to sign out?</p>` +
    `<form action="${esc(`${ctx.auth.basePath}/signout`)}" method="POST"><input type="hidden" name="csrfToken" value="${esc(token)}">` +
    (callbackUrl ? `<input type="hidden" name="callbackUrl" value="${esc(callbackUrl)}">` : "") +
    `<button type="submit">Sign out</button></form>`
  return page("Sign out", body, 200, headers)
}

/** POST signout: CSRF-checked; clears the session cookie(s) and redirects. */
export async function signOut(ctx: RequestContext): Promise<Response> {
  const body = await readBody(ctx.request)
  try {
    await verifyCsrf(ctx, body.csrfToken, "signout")
    const name = ctx.names.sessionToken
    const raw = readChunked(ctx.cookieHeader, name)
    let token = null
    if (raw !== undefined && ctx.auth.strategy === "database") {
      // Even if the row cannot be deleted now, this browser is signed out (its cookie is cleared).
      await Promise.resolve(ctx.auth.adapter!.deleteSession(raw)).catch((error) =>
        ctx.auth.logger.error(error as Error),
      )
    } else if (raw !== undefined) {
      token = await decodeSession(ctx.auth, name, raw)
    }
    ctx.setCookies.push(...clearSessionCookies(ctx.cookieHeader, name, ctx.cookieOptions))
    try {
      await ctx.auth.events.signOut?.({ token })
    } catch (error) {
      ctx.auth.logger.error(error as Error)
    }
    const location = await resolveRedirect(ctx, body.callbackUrl)
    return body.json === "true" ? json(ctx, { url: location }) : redirect(ctx, location)
  } catch (error) {
    return errorRedirect(ctx, toAuthError(error))
  }
}
