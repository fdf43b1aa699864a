/** Minimal, allocation-light cookie reading and writing (RFC 6265). */

export interface CookieOptions {
  path?: string
  maxAge?: number
  httpOnly?: boolean
  secure?: boolean
  sameSite?: "Lax" | "Strict" | "None"
  domain?: string
}

/** The value of one cookie from a Cookie header, without parsing the rest. */
export function readCookie(header: string | null | undefined, name: string): string | undefined {
  if (!header) return undefined
  let from = 0
  while (from < header.length) {
    const at = header.indexOf(name, from)
    if (at === -1) return undefined
    const end = at + name.length
    // A pair starts at the header's start or after ";" (and optional spaces), never inside a value.
    let before = at - 1
    while (before >= 0 && header[before] === " ") before--
    const startsPair = before < 0 || header[before] === ";"
    if (startsPair && header[end] === "=") {
      const stop = header.indexOf(";", end + 1)
      const raw = header.slice(end + 1, stop === -1 ? undefined : stop).trim()
      return raw.includes("%") ? safeDecode(raw) : raw
    }
    from = end
  }
  return undefined
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** All cookies whose name starts with `prefix` (for chunked cookies). */
export function readCookiesWithPrefix(
  header: string | null | undefined,
  prefix: string,
): Map<string, string> {
  const out = new Map<string, string>()
  if (!header) return out
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=")
    if (eq === -1) continue
    const name = pair.slice(0, eq).trim()
    if (name.startsWith(prefix)) out.set(name, safeDecode(pair.slice(eq + 1).trim()))
  }
  return out
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  let out = `${name}=${value}`
  out += `; Path=${options.path ?? "/"}`
  if (options.maxAge !== undefined) out += `; Max-Age=${Math.floor(options.maxAge)}`
  if (options.domain) out += `; Domain=${options.domain}`
  if (options.httpOnly !== false) out += "; HttpOnly"
  if (options.secure) out += "; Secure"
  out += `; SameSite=${options.sameSite ?? "Lax"}`
  return out
}
