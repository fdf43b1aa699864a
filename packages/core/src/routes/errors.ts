import { isAdapterError } from "../adapters/types.js"
import { AuthError, isAuthError } from "../errors/index.js"
import { page } from "../pages/html.js"
import { errorMessage } from "../pages/signin.js"
import { esc } from "../pages/html.js"
import type { RequestContext } from "./context.js"
import { redirect } from "./redirect.js"

/** Anything thrown in a route becomes an AuthError; unknown throws are wrapped, never shown. */
export function toAuthError(error: unknown, providerId?: string): AuthError {
  if (isAuthError(error)) return error
  // a failed read (the server down, a timeout, an exhausted pool): the adapter's code, not CALLBACK_FAILED
  if (isAdapterError(error)) {
    return new AuthError("AdapterError", {
      code: error.code,
      providerId,
      cause: error,
      message: `The database could not be read: ${error.message}`,
    })
  }
  return new AuthError("CallbackRouteError", {
    code: "CALLBACK_FAILED",
    providerId,
    cause: error,
    message: `Unexpected failure${providerId ? ` in the "${providerId}" sign-in` : ""}: ${(error as Error)?.message ?? String(error)}. See the cause in the server log.`,
  })
}

/**
 * An error answer never carries a session: drops any session cookie a failed step queued
 * (clearing ones, `Max-Age=0`, stay, so a sign-out or a damaged cookie still clears).
 */
export function dropSessionCookies(ctx: RequestContext): void {
  const name = ctx.names.sessionToken
  ctx.setCookies = ctx.setCookies.filter((line) => {
    const cookieName = line.slice(0, line.indexOf("="))
    const isSession = cookieName === name || cookieName.startsWith(`${name}.`)
    return !isSession || /;\s*max-age=0(;|$)/i.test(line)
  })
}

/** Logs the whole error server-side; sends the browser to the error page with type and code only. */
export function errorRedirect(ctx: RequestContext, error: AuthError): Response {
  ctx.auth.logger.error(error)
  dropSessionCookies(ctx)
  const target = new URL(ctx.auth.config.pages?.error ?? `${ctx.auth.basePath}/error`, ctx.origin)
  target.searchParams.set("error", error.type)
  target.searchParams.set("code", error.code)
  return redirect(ctx, target.origin === ctx.origin ? target.pathname + target.search : target.href)
}

export function errorPage(
  ctx: RequestContext,
  type: string | undefined,
  code: string | undefined,
  status: number,
): Response {
  const home = ctx.auth.config.pages?.signIn ?? `${ctx.auth.basePath}/signin`
  const body =
    `<h1>Sign-in problem</h1>${errorMessage(type ?? "CallbackRouteError", code)}` +
    `<p class="center"><a class="button" href="${esc(home)}">Back to sign in</a></p>` +
    `<p class="center"><a href="/">Go to the home page</a></p>`
  dropSessionCookies(ctx)
  const headers = new Headers()
  for (const cookie of ctx.setCookies) headers.append("set-cookie", cookie)
  return page("Sign-in problem", body, status, headers)
}

/** Renders an error page directly (404 for unknown providers and routes). */
export function renderError(ctx: RequestContext, error: AuthError): Response {
  ctx.auth.logger.error(error)
  return errorPage(
    ctx,
    error.type,
    error.code,
    error.status >= 400 && error.status < 500 ? error.status : 400,
  )
}
