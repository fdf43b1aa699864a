/**
 * `GET [basePath]/accounts` and `POST [basePath]/unlink/:id`. Who is asking: the bearer token when
 * the request has one (no CSRF token needed: a browser never adds that header on its own), else the
 * session cookie (then the POST must carry the CSRF token). Answers JSON, or for a form POST
 * (cookie session) a redirect to `callbackUrl`.
 */
import { unlinkAccount, listAccounts } from "../accounts/manage.js"
import { AuthError } from "../errors/index.js"
import { readBody } from "./body.js"
import type { RequestContext } from "./context.js"
import { verifyCsrf } from "./csrf.js"
import { errorRedirect, toAuthError } from "./errors.js"
import { redirect, resolveRedirect } from "./redirect.js"
import { json } from "./response.js"
import type { AuthInternals } from "../config/resolve.js"
import { sessionUser } from "../session/user.js"

/** Who is signed in on `input`, or SESSION_REQUIRED (401). */
export async function signedIn(auth: AuthInternals, input: Request | Headers) {
  const who = await sessionUser(auth, input)
  if (who) return who
  throw new AuthError("AccessDenied", {
    code: "SESSION_REQUIRED",
    status: 401,
    message:
      "The account API needs a signed-in session (the session cookie, or Authorization: Bearer <sessionToken>).",
  })
}

function jsonError(ctx: RequestContext, error: unknown): Response {
  const e = toAuthError(error)
  ctx.auth.logger.error(e)
  return json(ctx, { error: e.type, code: e.code }, e.status)
}

export async function accountsRoute(ctx: RequestContext): Promise<Response> {
  try {
    return json(ctx, await listAccounts(ctx.auth, (await signedIn(ctx.auth, ctx.request)).userId))
  } catch (error) {
    return jsonError(ctx, error)
  }
}

export async function unlinkRoute(ctx: RequestContext, providerId: string): Promise<Response> {
  const body = await readBody(ctx.request)
  let form = false
  try {
    const who = await signedIn(ctx.auth, ctx.request)
    form = !who.bearer && !(ctx.request.headers.get("content-type") ?? "").includes("json")
    if (!who.bearer) await verifyCsrf(ctx, body.csrfToken, `unlink/${providerId}`)
    await unlinkAccount(ctx.auth, who.userId, providerId, body.providerAccountId)
    return form
      ? redirect(ctx, await resolveRedirect(ctx, body.callbackUrl))
      : json(ctx, { ok: true })
  } catch (error) {
    return form ? errorRedirect(ctx, toAuthError(error, providerId)) : jsonError(ctx, error)
  }
}
