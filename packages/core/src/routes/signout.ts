import { page, esc } from "../pages/html.js"
import { decodeSession, clearSessionCookies } from "../session/jwt.js"
import { readChunked } from "../cookies/chunk.js"
import type { ProviderConfigs } from "../oauth/config.js"
import type { JWT, SignOutOptions } from "../config/types.js"
import { readBody } from "./body.js"
import type { RequestContext } from "./context.js"
import { csrfToken, verifyCsrf } from "./csrf.js"
import { needExtension } from "../extensions.js"
import type { TokenApi } from "../tokens/extension.js"
import { errorRedirect, toAuthError } from "./errors.js"
import { redirect, resolveRedirect } from "./redirect.js"
import { json } from "./response.js"

/** GET signout: a confirmation page with a CSRF-protected form (works without JavaScript). */
export async function signOutPage(ctx: RequestContext): Promise<Response> {
  const token = await csrfToken(ctx)
  const headers = new Headers()
  for (const cookie of ctx.setCookies) headers.append("set-cookie", cookie)
  // callbackUrl, federated and provider carry over from the link to the form.
  let hidden = ""
  for (const name of ["callbackUrl", "federated", "provider"]) {
    const value = ctx.url.searchParams.get(name)
    if (value) hidden += `<input type="hidden" name="${name}" value="${esc(value)}">`
  }
  const body =
    `<h1>Sign out</h1><p class="center">Are you sure you want to sign out?</p>` +
    `<form action="${esc(`${ctx.auth.basePath}/signout`)}" method="POST"><input type="hidden" name="csrfToken" value="${esc(token)}">` +
    hidden +
    `<button type="submit">Sign out</button></form>`
  return page("Sign out", body, 200, headers)
}

/**
 * Ends this browser's session here: the session cookie cleared, the database session deleted, the
 * `signOut` event. Returns the JWT the cookie held (jwt strategy), for the tokens extension.
 */
export async function endLocalSession(ctx: RequestContext): Promise<JWT | null> {
  const { auth } = ctx
  const name = ctx.names.sessionToken
  const raw = readChunked(ctx.cookieHeader, name)
  let token: JWT | null = null
  if (raw !== undefined && auth.strategy === "database") {
    // Even if the row cannot be deleted now, this browser is signed out (its cookie is cleared).
    await Promise.resolve(auth.adapter!.deleteSession(raw)).catch((error) =>
      auth.logger.error(error as Error),
    )
  } else if (raw !== undefined) {
    token = await decodeSession(auth, name, raw)
  }
  ctx.setCookies.push(...clearSessionCookies(ctx.cookieHeader, name, ctx.cookieOptions))
  try {
    await auth.events.signOut?.({ token })
  } catch (error) {
    auth.logger.error(error as Error)
  }
  return token
}

/**
 * Signs the request's session out and returns where to send the person: `callbackUrl` (same-origin
 * rules), or with `federated` the provider's end-session URL (tokens extension, which returns them to
 * `callbackUrl` afterwards). Without the extension, `federated` signs nobody out: TOKEN_API_MISSING.
 */
export async function signOutTo(
  ctx: RequestContext,
  configs: ProviderConfigs,
  options: SignOutOptions,
): Promise<string> {
  if (options.federated)
    return needExtension<TokenApi>(ctx.auth, "tokens", "Signing out at the provider").signOut(
      ctx,
      configs,
      options,
    )
  await endLocalSession(ctx)
  return resolveRedirect(ctx, options.callbackUrl)
}

/** POST signout: CSRF-checked; clears the session cookie(s) and redirects (`federated=true`: via the provider). */
export async function signOut(ctx: RequestContext, configs: ProviderConfigs): Promise<Response> {
  const body = await readBody(ctx.request)
  try {
    await verifyCsrf(ctx, body.csrfToken, "signout")
    const location = await signOutTo(ctx, configs, {
      callbackUrl: body.callbackUrl,
      federated: body.federated === "true",
      provider: body.provider,
    })
    return body.json === "true" ? json(ctx, { url: location }) : redirect(ctx, location)
  } catch (error) {
    return errorRedirect(ctx, toAuthError(error))
  }
}
