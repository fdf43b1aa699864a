import type { CookieOptions } from "./cookie.js"

/** Every cookie `@auth/core` sets. On secure deployments (https) every name is `__Host-` prefixed. */
export interface CookieNames {
  sessionToken: string
  csrfToken: string
  callbackUrl: string
  state: string
  pkce: string
  nonce: string
  oauth1: string
  /** The per-browser secret every sealed check is bound to (checks/binding.ts). */
  checkBinding: string
}

/**
 * `__Host-` makes a browser accept the cookie only from this exact host, over https, with `Secure`,
 * `Path=/` and no `Domain`, so a sibling subdomain (or a plain-http man in the middle) cannot plant
 * or overwrite it. The library never sets `Domain` and always uses `Path=/`, so the prefix costs
 * nothing. `__Secure-` would not do: a sibling can set a `__Secure-` cookie with `Domain=` the
 * parent. Only the deployment's own names are ever read (see SECURITY.md).
 */
export function cookieNames(secure: boolean): CookieNames {
  const p = secure ? "__Host-" : ""
  return {
    sessionToken: `${p}auth.session-token`,
    csrfToken: `${p}auth.csrf-token`,
    callbackUrl: `${p}auth.callback-url`,
    state: `${p}auth.state`,
    pkce: `${p}auth.pkce.code_verifier`,
    nonce: `${p}auth.nonce`,
    oauth1: `${p}auth.oauth1`,
    checkBinding: `${p}auth.check-binding`,
  }
}

export function baseCookieOptions(secure: boolean): CookieOptions {
  return { path: "/", httpOnly: true, secure, sameSite: "Lax" }
}
