import { isIP } from "node:net"

export type SameSiteValue = "Strict" | "Lax" | "None"

/** A cookie as stored in the jar. `expires` is in milliseconds since the epoch (absent: session cookie). */
export interface JarCookie {
  name: string
  value: string
  domain: string
  path: string
  sameSite?: string
  secure: boolean
  expires?: number
}

/** The context a request is made in, which decides which SameSite cookies go with it. */
export interface CookieRequestContext {
  /** True when the request is cross-site (the initiating page or redirect chain is of another site). Default false. */
  crossSite?: boolean
  /** HTTP method; with `crossSite`, SameSite=Lax cookies go only with GET/HEAD. Default "GET". */
  method?: string
}

interface StoredCookie {
  name: string
  value: string
  domain: string
  hostOnly: boolean
  path: string
  secure: boolean
  httpOnly: boolean
  sameSite: SameSiteValue | undefined
  expires: number | undefined
  creation: number
}

function normalizeHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[|\]$/g, "")
}

/** localhost, *.localhost, 127.0.0.0/8 and ::1 are "potentially trustworthy" origins even over http. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = normalizeHost(hostname)
  if (h === "localhost" || h.endsWith(".localhost") || h === "::1") return true
  return isIP(h) === 4 && h.startsWith("127.")
}

/** Whether a browser treats the URL's origin as secure (https, or http on a loopback host). */
export function isSecureContextUrl(url: URL): boolean {
  return url.protocol === "https:" || url.protocol === "wss:" || isLoopbackHostname(url.hostname)
}

function defaultPath(url: URL): string {
  const p = url.pathname
  if (!p.startsWith("/")) return "/"
  const last = p.lastIndexOf("/")
  return last <= 0 ? "/" : p.slice(0, last)
}

function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true
  return isIP(host) === 0 && host.endsWith(`.${domain}`)
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true
  if (!requestPath.startsWith(cookiePath)) return false
  return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length) === "/"
}

function parseSameSite(value: string): SameSiteValue | undefined {
  switch (value.trim().toLowerCase()) {
    case "strict":
      return "Strict"
    case "lax":
      return "Lax"
    case "none":
      return "None"
    default:
      return undefined
  }
}

/**
 * A browser-like cookie jar (RFC 6265 storage model, with the SameSite, Secure and prefix rules of
 * current browsers). Cookies are keyed by (name, domain, path).
 *
 * - Path and Domain are honoured; without Domain a cookie is host-only.
 * - Max-Age (wins over Expires) and Expires; a past expiry (e.g. `Max-Age=0`) deletes the cookie.
 * - Secure cookies are only stored from, and only sent to, secure origins: https, or http on
 *   localhost / 127.x / ::1 (as browsers do).
 * - `SameSite=None` without `Secure` is rejected, as in current browsers.
 * - A cookie without SameSite is treated as `Lax` (Chrome's default) when deciding what to send cross-site.
 * - `__Secure-` and `__Host-` prefixes are enforced.
 */
export class CookieJar {
  #cookies = new Map<string, StoredCookie>()
  #counter = 0

  /** The Cookie header value for a request to `url` (empty string if none). */
  get(url: string, context: CookieRequestContext = {}): string {
    return this.#matching(new URL(url), context)
      .map((c) => (c.name === "" ? c.value : `${c.name}=${c.value}`))
      .join("; ")
  }

  /** Stores the cookies of the Set-Cookie headers of a response from `url`. */
  set(url: string, setCookieHeaders: string[]): void {
    const u = new URL(url)
    for (const header of setCookieHeaders) this.#setOne(u, header)
  }

  /** The unexpired cookies, all or those that would be sent to `host` (ignoring Path/Secure/SameSite). */
  list(host?: string): JarCookie[] {
    this.#purgeExpired()
    const h =
      host === undefined
        ? undefined
        : normalizeHost(host.includes("://") ? new URL(host).hostname : host.replace(/:\d+$/, ""))
    const out: JarCookie[] = []
    for (const c of this.#cookies.values()) {
      if (h !== undefined && !(c.hostOnly ? c.domain === h : domainMatches(h, c.domain))) continue
      const item: JarCookie = {
        name: c.name,
        value: c.value,
        domain: c.domain,
        path: c.path,
        secure: c.secure,
      }
      if (c.sameSite) item.sameSite = c.sameSite
      if (c.expires !== undefined) item.expires = c.expires
      out.push(item)
    }
    return out
  }

  clear(): void {
    this.#cookies.clear()
  }

  #purgeExpired(now = Date.now()): void {
    for (const [key, c] of this.#cookies)
      if (c.expires !== undefined && c.expires <= now) this.#cookies.delete(key)
  }

  #matching(url: URL, context: CookieRequestContext): StoredCookie[] {
    this.#purgeExpired()
    const host = normalizeHost(url.hostname)
    const secure = isSecureContextUrl(url)
    const path = url.pathname || "/"
    const method = (context.method ?? "GET").toUpperCase()
    const safeMethod = method === "GET" || method === "HEAD"
    const result: StoredCookie[] = []
    for (const c of this.#cookies.values()) {
      if (c.hostOnly ? c.domain !== host : !domainMatches(host, c.domain)) continue
      if (!pathMatches(path, c.path)) continue
      if (c.secure && !secure) continue
      if (context.crossSite) {
        const sameSite = c.sameSite ?? "Lax"
        if (sameSite === "Strict") continue
        if (sameSite === "Lax" && !safeMethod) continue
      }
      result.push(c)
    }
    // Longer paths first, then older cookies first (RFC 6265 5.4).
    return result.sort((a, b) => b.path.length - a.path.length || a.creation - b.creation)
  }

  #setOne(url: URL, header: string): void {
    const [pair = "", ...attributes] = header.split(";")
    const eq = pair.indexOf("=")
    const name = (eq === -1 ? "" : pair.slice(0, eq)).trim()
    const value = (eq === -1 ? pair : pair.slice(eq + 1)).trim()
    if (!name && !value) return

    const host = normalizeHost(url.hostname)
    let domainAttr: string | undefined
    let path: string | undefined
    let maxAge: number | undefined
    let expires: number | undefined
    let secure = false
    let httpOnly = false
    let sameSite: SameSiteValue | undefined

    for (const attribute of attributes) {
      const i = attribute.indexOf("=")
      const key = (i === -1 ? attribute : attribute.slice(0, i)).trim().toLowerCase()
      const val = i === -1 ? "" : attribute.slice(i + 1).trim()
      switch (key) {
        case "domain":
          if (val) domainAttr = val.replace(/^\./, "").toLowerCase()
          break
        case "path":
          path = val.startsWith("/") ? val : undefined
          break
        case "max-age":
          if (/^-?\d+$/.test(val)) maxAge = Number(val)
          break
        case "expires": {
          const t = Date.parse(val)
          if (!Number.isNaN(t)) expires = t
          break
        }
        case "secure":
          secure = true
          break
        case "httponly":
          httpOnly = true
          break
        case "samesite":
          sameSite = parseSameSite(val)
          break
      }
    }

    // Storage rules.
    if (secure && !isSecureContextUrl(url)) return
    if (sameSite === "None" && !secure) return
    if (name.startsWith("__Secure-") && !secure) return
    if (name.startsWith("__Host-") && (!secure || domainAttr !== undefined || path !== "/")) return
    if (domainAttr !== undefined && !domainMatches(host, domainAttr)) return
    if (domainAttr !== undefined && isIP(host) !== 0 && domainAttr !== host) return

    const now = Date.now()
    const expiry = maxAge !== undefined ? now + maxAge * 1000 : expires
    const cookie: StoredCookie = {
      name,
      value,
      domain: domainAttr ?? host,
      hostOnly: domainAttr === undefined,
      path: path ?? defaultPath(url),
      secure,
      httpOnly,
      sameSite,
      expires: expiry,
      creation: this.#counter++,
    }
    const key = `${cookie.domain}\n${cookie.path}\n${cookie.name}`
    const existing = this.#cookies.get(key)
    if (expiry !== undefined && expiry <= now) {
      this.#cookies.delete(key)
      return
    }
    if (existing) cookie.creation = existing.creation
    this.#cookies.set(key, cookie)
  }
}
