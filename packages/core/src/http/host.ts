/**
 * What a `Host` (or `X-Forwarded-Host`) header may be: a host name, an IPv4 address or a bracketed
 * IPv6 address, and an optional port 0-65535. Nothing else (spaces, userinfo, a path) so that it can
 * never smuggle another origin into a URL built from it.
 */
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i

/** The origin `proto://host`, or undefined when `host` is not a valid host[:port]. */
export function originOf(proto: "http" | "https", host: string): string | undefined {
  const match = HOST.exec(host)
  if (!match || (match[1] !== undefined && Number(match[1]) > 65535)) return undefined
  try {
    return new URL(`${proto}://${host}`).origin
  } catch {
    return undefined
  }
}

/**
 * A URL's `hostname` that may be served over plain http: localhost, 127.0.0.1 and ::1 exactly (local
 * IdPs in development and tests). Deliberately narrower than {@link isLoopbackHostHeader}.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname === "127.0.0.1" ||
    hostname === "[::1]" ||
    hostname === "::1"
  )
}

/** A `Host` header naming this machine: localhost, *.localhost, 127.x.x.x and [::1], with or without a port. */
export function isLoopbackHostHeader(host: string | null | undefined): boolean {
  if (!host) return false
  const name = host.startsWith("[") ? host.slice(1, host.indexOf("]")) : host.replace(/:\d+$/, "")
  const lower = name.toLowerCase()
  return (
    lower === "localhost" ||
    lower.endsWith(".localhost") ||
    lower === "::1" ||
    /^127(\.\d{1,3}){3}$/.test(lower)
  )
}
