import { serializeCookie } from "../cookies/cookie.js"
import { AuthError } from "../errors/index.js"
import { authorizationUrl } from "../oauth/authorize.js"
import type { OAuth1Engine } from "../oauth1/flow.js"
import type { ProviderConfigs } from "../oauth/config.js"
import { page } from "../pages/html.js"
import { signInPageBody } from "../pages/signin.js"
import type { ResolvedProvider } from "../providers/types.js"
import { readBody } from "./body.js"
import type { RequestContext } from "./context.js"
import { csrfToken, verifyCsrf } from "./csrf.js"
import { errorRedirect, toAuthError } from "./errors.js"
import { redirect, resolveRedirect } from "./redirect.js"
import { json } from "./response.js"
import { checkCookieOptions } from "../checks/seal.js"

/** Parameters a sign-in request may never set: they belong to the protocol and the provider config. */
const RESERVED_PARAMS = new Set([
  "callbackUrl",
  "client_id",
  "redirect_uri",
  "response_type",
  "response_mode",
  "state",
  "nonce",
  "code_challenge",
  "code_challenge_method",
  "request",
  "request_uri",
])

/** GET signin: the built-in page (or a redirect to `pages.signIn`). */
export async function signInPage(ctx: RequestContext): Promise<Response> {
  const q = ctx.url.searchParams
  const custom = ctx.auth.config.pages?.signIn
  if (custom) {
    const target = new URL(custom, ctx.origin)
    for (const key of ["callbackUrl", "error", "code"]) {
      const value = q.get(key)
      if (value) target.searchParams.set(key, value)
    }
    return redirect(ctx, target.href)
  }
  const token = await csrfToken(ctx)
  const headers = new Headers()
  for (const cookie of ctx.setCookies) headers.append("set-cookie", cookie)
  const body = signInPageBody({
    providers: ctx.auth.providers.values(),
    basePath: ctx.auth.basePath,
    csrfToken: token,
    callbackUrl: q.get("callbackUrl") ?? undefined,
    error: q.get("error") ?? undefined,
    code: q.get("code") ?? undefined,
  })
  return page("Sign in", body, 200, headers)
}

/** POST signin/:id: CSRF-checked; seals the checks and sends the browser to the provider. */
export async function signInStart(
  ctx: RequestContext,
  provider: ResolvedProvider,
  configs: ProviderConfigs,
): Promise<Response> {
  const body = await readBody(ctx.request)
  const wantsJson = body.json === "true"
  try {
    await verifyCsrf(ctx, body.csrfToken, `signin/${provider.id}`)
    const callbackUrl = body.callbackUrl ?? ctx.url.searchParams.get("callbackUrl") ?? undefined
    if (callbackUrl) {
      const safe = await resolveRedirect(ctx, callbackUrl)
      ctx.setCookies.push(
        serializeCookie(
          ctx.names.callbackUrl,
          encodeURIComponent(safe),
          checkCookieOptions(ctx, provider),
        ),
      )
    }
    let url: string
    if (provider.version !== "2.0") {
      url = await (provider.oauth1 as OAuth1Engine).start(ctx, provider)
    } else {
      // Authorization params passed at sign-in (e.g. login_hint, prompt) ride along in the query.
      const extra: Record<string, string> = {}
      for (const [key, value] of ctx.url.searchParams)
        if (!RESERVED_PARAMS.has(key)) extra[key] = value
      // Incremental authorization: a `scope` field adds to the provider's scopes (which stay requested,
      // so the new token still covers them); the callback stores the grant on the existing account.
      if (body.scope)
        extra.scope = [
          ...new Set(
            `${extra.scope ?? provider.authorization.params.scope ?? ""} ${body.scope}`
              .split(/\s+/)
              .filter(Boolean),
          ),
        ].join(" ")
      url = await authorizationUrl(ctx, provider, configs, extra)
    }
    return wantsJson ? json(ctx, { url }) : redirect(ctx, url)
  } catch (error) {
    const e = toAuthError(error, provider.id)
    const wrapped =
      e.type === "Configuration" ||
      e.type === "MissingCSRF" ||
      e.type === "OAuthSignInError" ||
      e.type === "InvalidCallbackUrl"
        ? e
        : new AuthError("OAuthSignInError", {
            code: e.code,
            providerId: provider.id,
            cause: e,
            message: e.message,
          })
    if (wantsJson) {
      ctx.auth.logger.error(wrapped)
      return json(ctx, { error: wrapped.type, code: wrapped.code }, wrapped.status)
    }
    return errorRedirect(ctx, wrapped)
  }
}
