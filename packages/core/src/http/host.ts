/**
 * What a `Host` (or `X-Forwarded-Host`) header may be: a host name, an IPv4 address or a bracketed
 * IPv6 address, and an optional port 0-65535. Nothing else (spaces, userinfo, a path) so that it can
 * never smuggle another origin into a URL built from it.
 */
const HOST = /^(?:[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i

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
