import { AuthError, isAuthError } from "../errors/index.js"
import { page } from "../pages/html.js"
import { errorMessage } from "../pages/signin.js"
import { esc } from "../pages/html.js"
import type { RequestContext } from "./context.js"
import { redirect } from "./redirect.js"

/** Anything thrown in a route becomes an AuthError; unknown throws are wrapped, never shown. */
export function toAuthError(error: unknown, providerId?: string): AuthError {
  if (isAuthError(error)) return error
  return new AuthError("CallbackRouteError", {
    code: "CALLBACK_FAILED",
    providerId,
    cause: error,
    message: `Unexpected failure${providerId ? ` in the "${providerId}" sign-in` : ""}: ${(error as Error)?.message ?? String(error)}. See the cause in the server log.`,
  })
}

/** Logs the whole error server-side; sends the browser to the error page with type and code only. */
export function errorRedirect(ctx: RequestContext, error: AuthError): Response {
  ctx.auth.logger.error(error)
  const target = new URL(ctx.auth.config.pages?.error ?? `${ctx.auth.basePath}/error`, ctx.origin)
  target.searchParams.set("error", error.type)
  target.searchParams.set("code", error.code)
  return redirect(ctx, target.origin === ctx.origin ? target.pathname + target.search : target.href)
}

export function errorPage(ctx: RequestContext, type: string | undefined, code: string | undefined, status: number): Response {
  const home = ctx.auth.config.pages?.signIn ?? `${ctx.auth.basePath}/signin`
  const body =
    `<h1>Sign-in problem</h1>${errorMessage(type ?? "CallbackRouteError", code)}` +
    `<p class="center"><a class="button" href="${esc(home)}">Back to sign in</a></p>` +
    `<p class="center"><a href="/">Go to the home page</a></p>`
  const headers = new Headers()
  for (const cookie of ctx.setCookies) headers.append("set-cookie", cookie)
  return page("Sign-in problem", body, status, headers)
}

/** Renders an error page directly (404 for unknown providers and routes). */
export function renderError(ctx: RequestContext, error: AuthError): Response {
  ctx.auth.logger.error(error)
  return errorPage(ctx, error.type, error.code, error.status >= 400 && error.status < 500 ? error.status : 400)
}
