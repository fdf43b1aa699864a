/**
 * CSRF double-submit: the cookie holds `token|mac` (the MAC, keyed by the secret, stops a sibling
 * site from planting a token of its choosing); every POST must carry `csrfToken` equal to `token`.
 */
import { readCookie, serializeCookie } from "../cookies/cookie.js"
import { timingSafeEqual } from "../crypto/compare.js"
import { base64url, encoder, randomToken } from "../crypto/encoding.js"
import { nodeCrypto } from "../crypto/node.js"
import { AuthError } from "../errors/index.js"
import type { RequestContext } from "./context.js"

async function mac(ctx: RequestContext, token: string): Promise<string> {
  const [key] = await ctx.auth.keyring.get(ctx.names.csrfToken)
  const c = nodeCrypto()
  if (c) return c.createHmac("sha256", key!).update(token).digest("base64url")
  const k = await crypto.subtle.importKey(
    "raw",
    key as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  )
  return base64url(new Uint8Array(await crypto.subtle.sign("HMAC", k, encoder.encode(token))))
}

async function tokenFromCookie(ctx: RequestContext): Promise<string | undefined> {
  const raw = readCookie(ctx.cookieHeader, ctx.names.csrfToken)
  if (!raw) return undefined
  const [token, signature] = raw.split("|")
  if (!token || !signature) return undefined
  return timingSafeEqual(await mac(ctx, token), signature) ? token : undefined
}

/** The CSRF token for forms; sets the cookie when there is no valid one yet. */
export async function csrfToken(ctx: RequestContext): Promise<string> {
  const existing = await tokenFromCookie(ctx)
  if (existing) return existing
  const token = randomToken()
  ctx.setCookies.push(
    serializeCookie(ctx.names.csrfToken, `${token}|${await mac(ctx, token)}`, ctx.cookieOptions),
  )
  return token
}

export async function verifyCsrf(
  ctx: RequestContext,
  submitted: string | undefined,
  action: string,
): Promise<void> {
  const expected = await tokenFromCookie(ctx)
  if (!expected || !submitted) {
    throw new AuthError("MissingCSRF", {
      code: "CSRF_MISSING",
      message: `POST ${action} arrived without ${expected ? "a `csrfToken` field" : "a valid CSRF cookie"}. Post from a form that includes the token from GET [basePath]/csrf (the built-in pages do), with cookies enabled.`,
    })
  }
  if (!timingSafeEqual(submitted, expected)) {
    throw new AuthError("MissingCSRF", {
      code: "CSRF_MISMATCH",
      message: `POST ${action}: the \`csrfToken\` field does not match the CSRF cookie. The form is stale or was posted from another site. Reload the page and try again.`,
    })
  }
}
