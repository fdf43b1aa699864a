/** A small cookie jar (name + path aware, Max-Age/Expires deletion) for the bench's "browsers". */
export class CookieJar {
  #cookies = new Map() // `${path}\n${name}` -> { name, value, path }

  /** Stores the Set-Cookie headers of a response to `url`. */
  store(url, setCookies) {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(";")
      const eq = pair.indexOf("=")
      if (eq < 1) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      let path = "/"
      let expired = false
      for (const attr of attrs) {
        const [k, v = ""] = attr.split("=")
        const key = k.trim().toLowerCase()
        if (key === "path") path = v.trim() || "/"
        else if (key === "max-age" && Number(v) <= 0) expired = true
        else if (key === "expires" && Date.parse(v) <= Date.now()) expired = true
      }
      const key = `${path}\n${name}`
      if (expired || value === "") this.#cookies.delete(key)
      else this.#cookies.set(key, { name, value, path })
    }
  }

  /** The Cookie header for a request to `url`. */
  header(url) {
    const pathname = new URL(url).pathname
    const out = []
    for (const c of this.#cookies.values()) {
      if (
        c.path === "/" ||
        pathname === c.path ||
        pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`)
      )
        out.push(`${c.name}=${c.value}`)
    }
    return out.join("; ")
  }

  get(name) {
    for (const c of this.#cookies.values()) if (c.name === name) return c.value
    return undefined
  }

  names() {
    return [...new Set([...this.#cookies.values()].map((c) => c.name))]
  }
}

/** `name=value` pairs of a Set-Cookie list, e.g. to build a Cookie header in one step. */
export function cookiePairs(setCookies) {
  return setCookies.map((line) => line.split(";")[0]).filter((pair) => !pair.endsWith("="))
}
