/**
 * The browser binding of sealed checks. Every sealed check (state, PKCE verifier, nonce, OAuth 1
 * request token) carries a copy of a per-browser random secret kept in its own cookie
 * (`__Host-auth.check-binding` on https). At the callback the check opens only when the browser
 * still holds that same secret, so check cookies carried into another browser (planted by an
 * attacker who started the sign-in, say) fail with `CHECK_BROWSER_MISMATCH` and nothing is linked.
 *
 * Why a cookie of its own, and not the CSRF cookie (which every sign-in start has, since the POST is
 * CSRF-checked):
 * - the CSRF cookie is `SameSite=Lax`, so it does not reach a `form_post` callback (a cross-site
 *   POST); making it `SameSite=None` would drop a layer of the CSRF defence for every POST;
 * - it is a browser-session cookie (gone after a browser restart), while a person stays signed in for
 *   weeks: in the linking attack the victim is signed in but may hold no CSRF cookie, and the
 *   attacker could then supply one. The binding cookie lives 400 days (the longest browsers keep a
 *   cookie) and is renewed at every sign-in start, so every browser that signed in holds one.
 * Its value is random and carries no authority on its own: knowing it does not sign anyone in.
 */
import { readCookie, serializeCookie, type CookieOptions } from "../cookies/cookie.js"
import { randomToken } from "../crypto/encoding.js"
import type { ResolvedProvider } from "../providers/types.js"
import type { RequestContext } from "../routes/context.js"

/** 400 days: the longest lifetime current browsers grant a cookie. */
export const BINDING_MAX_AGE = 400 * 24 * 60 * 60

const WELL_FORMED = /^[\w-]{43}$/

/**
 * SameSite=None (with Secure) when the callback may arrive as a cross-site POST (`form_post`): for
 * that provider, and, on https, whenever any configured provider uses form_post, so a later
 * sign-in with another provider cannot make the cookie Lax while a form_post sign-in is under way.
 */
function bindingCookieOptions(ctx: RequestContext, provider: ResolvedProvider): CookieOptions {
  let crossSite = provider.formPost
  if (!crossSite && ctx.secure)
    for (const p of ctx.auth.providers.values()) crossSite ||= p.formPost
  return crossSite
    ? { ...ctx.cookieOptions, sameSite: "None", secure: true, maxAge: BINDING_MAX_AGE }
    : { ...ctx.cookieOptions, maxAge: BINDING_MAX_AGE }
}

/** This browser's binding secret, if it holds a well-formed one. */
export function readBinding(ctx: RequestContext): string | undefined {
  const value = readCookie(ctx.cookieHeader, ctx.names.checkBinding)
  return value !== undefined && WELL_FORMED.test(value) ? value : undefined
}

/**
 * The binding secret for a sign-in starting now: the one this browser already holds, else a new one.
 * (Re)issues the cookie once per request, renewing its lifetime.
 */
export function startBinding(ctx: RequestContext, provider: ResolvedProvider): string {
  if (ctx.checkBinding !== undefined) return ctx.checkBinding
  const value = readBinding(ctx) ?? randomToken()
  ctx.setCookies.push(
    serializeCookie(ctx.names.checkBinding, value, bindingCookieOptions(ctx, provider)),
  )
  ctx.checkBinding = value
  return value
}
