import type { AuthInternals } from "../config/resolve.js"
import { originOf } from "../http/host.js"
import { baseCookieOptions, cookieNames, type CookieNames } from "../cookies/names.js"
import type { CookieOptions } from "../cookies/cookie.js"

/** One request as the routes see it. */
export interface RequestContext {
  auth: AuthInternals
  request: Request
  url: URL
  /** Public origin of the app, e.g. https://example.com */
  origin: string
  /** origin + basePath, e.g. https://example.com/api/auth */
  baseUrl: string
  secure: boolean
  names: CookieNames
  cookieOptions: CookieOptions
  cookieHeader: string | null
  /** Set-Cookie headers to send with the response. */
  setCookies: string[]
}

const SECURE_NAMES = cookieNames(true)
const PLAIN_NAMES = cookieNames(false)

/** The public origin: fixed URL if configured; forwarded headers only when trusted; else the request's. */
export function publicOrigin(auth: AuthInternals, request: Request, url: URL): string {
  if (auth.url) return auth.url.origin
  if (auth.trustHost) {
    const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim()
    const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim()
    // A forwarded value that is not a host[:port] is ignored, never turned into an origin.
    const origin = host ? originOf(proto === "http" || proto === "https" ? proto : (url.protocol.slice(0, -1) as "http" | "https"), host) : undefined
    if (origin) return origin
  }
  return url.origin
}

export function createContext(auth: AuthInternals, request: Request, url: URL): RequestContext {
  const origin = publicOrigin(auth, request, url)
  const secure = auth.useSecureCookies ?? origin.startsWith("https:")
  return {
    auth,
    request,
    url,
    origin,
    baseUrl: origin + auth.basePath,
    secure,
    names: secure ? SECURE_NAMES : PLAIN_NAMES,
    cookieOptions: baseCookieOptions(secure),
    cookieHeader: request.headers.get("cookie"),
    setCookies: [],
  }
}
