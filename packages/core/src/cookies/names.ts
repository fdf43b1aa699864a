import type { CookieOptions } from "./cookie.js"

/** Every cookie `@auth/core` sets. `__Secure-` / `__Host-` prefixes when cookies are secure. */
export interface CookieNames {
  sessionToken: string
  csrfToken: string
  callbackUrl: string
  state: string
  pkce: string
  nonce: string
  oauth1: string
}

export function cookieNames(secure: boolean): CookieNames {
  const p = secure ? "__Secure-" : ""
  return {
    sessionToken: `${p}auth.session-token`,
    // __Host- pins the CSRF cookie to this exact host and path "/", so a sibling subdomain
    // cannot plant one (the double-submit check relies on that).
    csrfToken: `${secure ? "__Host-" : ""}auth.csrf-token`,
    callbackUrl: `${p}auth.callback-url`,
    state: `${p}auth.state`,
    pkce: `${p}auth.pkce.code_verifier`,
    nonce: `${p}auth.nonce`,
    oauth1: `${p}auth.oauth1`,
  }
}

export function baseCookieOptions(secure: boolean): CookieOptions {
  return { path: "/", httpOnly: true, secure, sameSite: "Lax" }
}
