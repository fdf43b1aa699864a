/**
 * Shared sealing for the check cookies: each value is encrypted (JWE, key salted with the cookie
 * name), bound to the provider id and to the browser that started the sign-in (checks/binding.ts),
 * and expires after 15 minutes. Opening one clears it, so a callback URL can never be replayed with
 * the same cookies, nor completed in another browser.
 */
import { readCookie, serializeCookie } from "../cookies/cookie.js"
import { timingSafeEqual } from "../crypto/compare.js"
import { decryptJwe, encryptJwe } from "../crypto/jwe.js"
import { AuthError, type ErrorCode } from "../errors/index.js"
import type { ResolvedProvider } from "../providers/types.js"
import type { RequestContext } from "../routes/context.js"
import { readBinding, startBinding } from "./binding.js"

export const CHECK_MAX_AGE = 15 * 60

interface SealedCheck {
  /** the check's value */
  v: string
  /** the provider id */
  p: string
  /** the browser-binding secret of the browser that started the sign-in */
  b: string
  exp: number
}

/**
 * Options for every cookie that must reach the callback (checks, callback URL). form_post callbacks
 * are cross-site POSTs: only SameSite=None; Secure cookies survive them.
 */
export function checkCookieOptions(ctx: RequestContext, provider: ResolvedProvider) {
  return provider.formPost
    ? { ...ctx.cookieOptions, sameSite: "None" as const, secure: true, maxAge: CHECK_MAX_AGE }
    : { ...ctx.cookieOptions, maxAge: CHECK_MAX_AGE }
}

export async function sealCheck(
  ctx: RequestContext,
  name: string,
  provider: ResolvedProvider,
  value: string,
): Promise<void> {
  const [key] = await ctx.auth.keyring.get(name)
  const payload: SealedCheck = {
    v: value,
    p: provider.id,
    b: startBinding(ctx, provider),
    exp: Math.floor(Date.now() / 1000) + CHECK_MAX_AGE,
  }
  const token = await encryptJwe(payload, key!)
  ctx.setCookies.push(serializeCookie(name, token, checkCookieOptions(ctx, provider)))
}

export function clearCheck(ctx: RequestContext, name: string, provider: ResolvedProvider): void {
  if (readCookie(ctx.cookieHeader, name) === undefined) return
  ctx.setCookies.push(
    serializeCookie(name, "", { ...checkCookieOptions(ctx, provider), maxAge: 0 }),
  )
}

/** Opens and clears the check cookie `name`; throws a precise InvalidCheck error otherwise. */
export async function openCheck(
  ctx: RequestContext,
  name: string,
  provider: ResolvedProvider,
  check: string,
  missingCode: ErrorCode,
): Promise<string> {
  const raw = readCookie(ctx.cookieHeader, name)
  const fail = (code: ErrorCode, message: string) =>
    new AuthError("InvalidCheck", { code, providerId: provider.id, message })
  if (raw === undefined) {
    throw fail(
      missingCode,
      `The ${check} cookie (${name}) was missing on the callback from "${provider.id}": the sign-in took over ${CHECK_MAX_AGE / 60} min, ` +
        `ended in another browser, was opened twice, or the cookie was blocked${provider.formPost ? "" : ' (a cross-site POST callback needs authorization.params.response_mode = "form_post")'}. Start again.`,
    )
  }
  clearCheck(ctx, name, provider)
  const keys = await ctx.auth.keyring.get(name)
  const sealed = (await decryptJwe(raw, keys)) as SealedCheck | null
  if (
    !sealed ||
    typeof sealed.v !== "string" ||
    typeof sealed.p !== "string" ||
    typeof sealed.b !== "string" ||
    typeof sealed.exp !== "number"
  ) {
    throw fail(
      "CHECK_COOKIE_INVALID",
      `The ${check} cookie (${name}) could not be decrypted: it was altered, or sealed with another secret (did AUTH_SECRET change mid sign-in?). Start the sign-in again.`,
    )
  }
  if (sealed.exp < Math.floor(Date.now() / 1000)) {
    throw fail(
      missingCode,
      `The ${check} cookie expired (sign-ins must finish within ${CHECK_MAX_AGE / 60} minutes). Start the sign-in again.`,
    )
  }
  if (sealed.p !== provider.id) {
    throw fail(
      "CHECK_PROVIDER_MISMATCH",
      `The ${check} cookie belongs to a sign-in with "${sealed.p}", but the callback is for "${provider.id}". Start the sign-in again from one provider.`,
    )
  }
  const binding = readBinding(ctx)
  if (binding === undefined) {
    throw fail(
      "CHECK_BROWSER_COOKIE_MISSING",
      `The ${check} cookie came without its browser-binding cookie (${ctx.names.checkBinding}): it was carried or planted ` +
        `into another browser (nothing was signed in or linked), or the binding cookie was blocked. Start again in this browser.`,
    )
  }
  if (!timingSafeEqual(binding, sealed.b)) {
    throw fail(
      "CHECK_BROWSER_MISMATCH",
      `The ${check} cookie belongs to another browser than the one finishing the sign-in with "${provider.id}" ` +
        `(carried or planted here): nothing was signed in or linked. Start again in this browser.`,
    )
  }
  return sealed.v
}
