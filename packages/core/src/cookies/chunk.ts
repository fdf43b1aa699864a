import { type CookieOptions, readCookie, readCookiesWithPrefix, serializeCookie } from "./cookie.js"

/**
 * Browsers drop cookies over ~4096 bytes (name, value and attributes together). A larger value is
 * split into `name.0`, `name.1`, ...; reading joins them back. Stale chunks from an earlier, longer
 * value are expired so they can never be glued onto a new one.
 */
export const CHUNK_SIZE = 3933

export function readChunked(header: string | null | undefined, name: string): string | undefined {
  const whole = readCookie(header, name)
  if (whole !== undefined) return whole
  if (!header || !header.includes(`${name}.`)) return undefined
  const parts = readCookiesWithPrefix(header, `${name}.`)
  let out = ""
  let i = 0
  for (; parts.has(`${name}.${i}`); i++) out += parts.get(`${name}.${i}`)
  // A gap (".0" and ".2" without ".1") means a damaged value: no value at all, never a truncated one.
  for (const key of parts.keys()) {
    const suffix = key.slice(name.length + 1)
    if (/^\d+$/.test(suffix) && Number(suffix) >= i) return undefined
  }
  return i === 0 ? undefined : out
}

/** Set-Cookie headers writing `value` under `name`, chunked when needed, clearing stale pieces. */
export function writeChunked(
  header: string | null | undefined,
  name: string,
  value: string,
  options: CookieOptions,
): string[] {
  const existing = readCookiesWithPrefix(header, name)
  const out: string[] = []
  const room = CHUNK_SIZE - name.length
  if (value.length <= room) {
    out.push(serializeCookie(name, value, options))
  } else {
    const count = Math.ceil(value.length / (room - 2))
    for (let i = 0; i < count; i++) {
      const chunkName = `${name}.${i}`
      out.push(
        serializeCookie(chunkName, value.slice(i * (room - 2), (i + 1) * (room - 2)), options),
      )
      existing.delete(chunkName)
    }
  }
  for (const stale of existing.keys()) {
    if (stale === name && value.length <= room) continue
    if (stale === name || /^\.\d+$/.test(stale.slice(name.length))) {
      out.push(serializeCookie(stale, "", { ...options, maxAge: 0 }))
    }
  }
  return out
}

/** Set-Cookie headers removing `name` and any chunks of it present in the request. */
export function clearChunked(
  header: string | null | undefined,
  name: string,
  options: CookieOptions,
): string[] {
  const out: string[] = []
  for (const present of readCookiesWithPrefix(header, name).keys()) {
    if (present === name || /^\.\d+$/.test(present.slice(name.length))) {
      out.push(serializeCookie(present, "", { ...options, maxAge: 0 }))
    }
  }
  return out
}
