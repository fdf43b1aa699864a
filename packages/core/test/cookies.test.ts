import { describe, expect, it } from "vitest"
import { CHUNK_SIZE, clearChunked, readChunked, writeChunked } from "../src/cookies/chunk.js"
import { readCookie, readCookiesWithPrefix, serializeCookie } from "../src/cookies/cookie.js"
import { baseCookieOptions, cookieNames } from "../src/cookies/names.js"
import { timingSafeEqual } from "../src/crypto/compare.js"

const NAME = "auth.session-token"

/** A browser-like store: applies Set-Cookie lines (Max-Age=0 deletes) and renders the Cookie header. */
class Browser {
  readonly cookies = new Map<string, string>()
  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.cookies.set(k, v)
  }
  apply(lines: string[]): this {
    for (const line of lines) {
      const [pair] = line.split(";")
      const eq = pair!.indexOf("=")
      const name = pair!.slice(0, eq)
      if (/;\s*Max-Age=0(;|$)/.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, pair!.slice(eq + 1))
    }
    return this
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ")
  }
}

/** A random base64url string of `length` characters (like a JWE). */
function b64(length: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(Math.ceil((length * 3) / 4) + 3)))
    .toString("base64url")
    .slice(0, length)
}

describe("readCookie", () => {
  it("finds a cookie at the start, middle and end, with or without a space after ';'", () => {
    expect(readCookie("a=1; b=2; c=3", "a")).toBe("1")
    expect(readCookie("a=1; b=2; c=3", "b")).toBe("2")
    expect(readCookie("a=1; b=2; c=3", "c")).toBe("3")
    expect(readCookie("a=1;b=2;c=3", "b")).toBe("2")
    expect(readCookie("a=1;  b=2 ;c=3", "b")).toBe("2")
  })

  it("does not match a cookie whose name merely ends or starts with the name", () => {
    expect(readCookie("xauth.state=wrong; auth.state=right", "auth.state")).toBe("right")
    expect(readCookie("__Secure-auth.state=wrong; auth.state=right", "auth.state")).toBe("right")
    expect(
      readCookie("auth.state-old=wrong; auth.state.0=wrong; auth.state=right", "auth.state"),
    ).toBe("right")
    expect(readCookie("xauth.state=wrong", "auth.state")).toBeUndefined()
    expect(readCookie("auth.state.0=wrong", "auth.state")).toBeUndefined()
    // the name appearing as (part of) another cookie's value does not count
    expect(readCookie("other=auth.state=wrong; auth.state=right", "auth.state")).toBe("right")
  })

  it("keeps '=' inside values and returns the empty string for an empty value", () => {
    expect(readCookie("a=x==; b=k=v=w", "b")).toBe("k=v=w")
    expect(readCookie("a=x==; b=k=v=w", "a")).toBe("x==")
    expect(readCookie("a=; b=2", "a")).toBe("")
  })

  it("percent-decodes values, and returns a malformed encoding as is", () => {
    expect(readCookie("cb=http%3A%2F%2Flocalhost%3A3000%2Fdash%3Fa%3D1", "cb")).toBe(
      "http://localhost:3000/dash?a=1",
    )
    expect(readCookie("v=%E2%9C%93", "v")).toBe("✓")
    expect(readCookie("v=100%", "v")).toBe("100%")
    expect(readCookie("v=%E0%A4%A", "v")).toBe("%E0%A4%A")
  })

  it("answers undefined for a missing cookie or header", () => {
    expect(readCookie("a=1", "b")).toBeUndefined()
    expect(readCookie("", "a")).toBeUndefined()
    expect(readCookie(null, "a")).toBeUndefined()
    expect(readCookie(undefined, "a")).toBeUndefined()
    expect(readCookie("a", "a")).toBeUndefined()
  })

  it("readCookiesWithPrefix collects (and decodes) every cookie starting with the prefix", () => {
    const found = readCookiesWithPrefix(
      "x=0; auth.session-token.1=b%3D; auth.session-token.0=a; other=1",
      "auth.session-token.",
    )
    expect([...found]).toEqual([
      ["auth.session-token.1", "b="],
      ["auth.session-token.0", "a"],
    ])
  })
})

describe("serializeCookie and the cookie names", () => {
  it("defaults to Path=/; HttpOnly; SameSite=Lax, without Secure or Max-Age", () => {
    expect(serializeCookie("a", "v", {})).toBe("a=v; Path=/; HttpOnly; SameSite=Lax")
  })

  it("writes every attribute given, Max-Age floored", () => {
    expect(
      serializeCookie("a", "v", {
        path: "/api",
        maxAge: 90.9,
        domain: "example.com",
        secure: true,
        sameSite: "None",
      }),
    ).toBe("a=v; Path=/api; Max-Age=90; Domain=example.com; HttpOnly; Secure; SameSite=None")
    expect(serializeCookie("a", "", { maxAge: 0, httpOnly: false, sameSite: "Strict" })).toBe(
      "a=; Path=/; Max-Age=0; SameSite=Strict",
    )
  })

  it("secure names all get __Host- (a sibling subdomain cannot set those), plain names none", () => {
    expect(cookieNames(true)).toEqual({
      sessionToken: "__Host-auth.session-token",
      csrfToken: "__Host-auth.csrf-token",
      state: "__Host-auth.state",
      pkce: "__Host-auth.pkce.code_verifier",
      nonce: "__Host-auth.nonce",
      callbackUrl: "__Host-auth.callback-url",
      oauth1: "__Host-auth.oauth1",
      checkBinding: "__Host-auth.check-binding",
    })
    expect(cookieNames(false)).toMatchObject({
      sessionToken: "auth.session-token",
      csrfToken: "auth.csrf-token",
      state: "auth.state",
    })
    expect(baseCookieOptions(true)).toEqual({
      path: "/",
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
    })
    expect(baseCookieOptions(false).secure).toBe(false)
    // __Host- cookies must be Secure, Path=/ and have no Domain
    const line = serializeCookie(cookieNames(true).csrfToken, "t|m", baseCookieOptions(true))
    expect(line).toMatch(/; Path=\/;/)
    expect(line).toContain("; Secure")
    expect(line).not.toContain("Domain")
  })
})

describe("chunking", () => {
  const options = { ...baseCookieOptions(true), maxAge: 30 * 24 * 3600 }

  it("a value over 4 KB is split into name.0..n, each Set-Cookie under 4096 bytes, and reads back exactly", () => {
    for (const name of [NAME, "__Host-auth.session-token"]) {
      const value = b64(9000)
      const lines = writeChunked(null, name, value, { ...options, domain: "app.example.com" })
      expect(lines.map((l) => l.slice(0, l.indexOf("=")))).toEqual([
        `${name}.0`,
        `${name}.1`,
        `${name}.2`,
      ])
      for (const line of lines) {
        expect(Buffer.byteLength(line)).toBeLessThan(4096)
        expect(line).toContain("; Max-Age=2592000")
        expect(line).toContain("; Secure")
      }
      const browser = new Browser().apply(lines)
      expect(readChunked(browser.header(), name)).toBe(value)
      expect(readCookie(browser.header(), name)).toBeUndefined()
    }
  })

  it("ten or more chunks are joined in numeric order (name.10 after name.9)", () => {
    const value = b64(12 * CHUNK_SIZE)
    const lines = writeChunked(null, NAME, value, options)
    expect(lines.length).toBeGreaterThanOrEqual(12)
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThan(4096)
    const browser = new Browser().apply(lines)
    // a browser may send them in any order
    const shuffled = [...browser.cookies]
      .reverse()
      .map(([k, v]) => `${k}=${v}`)
      .join("; ")
    expect(readChunked(shuffled, NAME)).toBe(value)
    expect(readChunked(browser.header(), NAME)).toBe(value)
  })

  it("a value that fits is written whole; the boundary is CHUNK_SIZE minus the name length", () => {
    const room = CHUNK_SIZE - NAME.length
    const fits = writeChunked(null, NAME, "v".repeat(room), options)
    expect(fits).toHaveLength(1)
    expect(fits[0]!.startsWith(`${NAME}=`)).toBe(true)
    expect(Buffer.byteLength(fits[0]!)).toBeLessThan(4096)
    const over = writeChunked(null, NAME, "v".repeat(room + 1), options)
    expect(over.map((l) => l.slice(0, l.indexOf("=")))).toEqual([`${NAME}.0`, `${NAME}.1`])
    expect(readChunked(new Browser().apply(over).header(), NAME)).toBe("v".repeat(room + 1))
  })

  it("writing a short value after a long one expires every stale chunk", () => {
    const browser = new Browser().apply(writeChunked(null, NAME, b64(9000), options))
    expect(browser.cookies.size).toBe(3)
    const lines = writeChunked(browser.header(), NAME, "short-value", options)
    expect(lines).toContain(serializeCookie(NAME, "short-value", options))
    for (const i of [0, 1, 2])
      expect(lines).toContain(serializeCookie(`${NAME}.${i}`, "", { ...options, maxAge: 0 }))
    browser.apply(lines)
    expect([...browser.cookies.keys()]).toEqual([NAME])
    expect(readChunked(browser.header(), NAME)).toBe("short-value")
  })

  it("writing fewer chunks than before expires the surplus ones", () => {
    const browser = new Browser().apply(writeChunked(null, NAME, b64(4 * CHUNK_SIZE), options))
    expect(browser.cookies.size).toBe(5)
    const value = b64(5000)
    const lines = writeChunked(browser.header(), NAME, value, options)
    expect(
      lines.filter((l) => l.includes("Max-Age=0")).map((l) => l.slice(0, l.indexOf("="))),
    ).toEqual([`${NAME}.2`, `${NAME}.3`, `${NAME}.4`])
    browser.apply(lines)
    expect([...browser.cookies.keys()].sort()).toEqual([`${NAME}.0`, `${NAME}.1`])
    expect(readChunked(browser.header(), NAME)).toBe(value)
  })

  it("never expires unrelated cookies that share the prefix", () => {
    const header = `${NAME}.0=a; ${NAME}.1=b; ${NAME}-legacy=x; ${NAME}x=y`
    const lines = writeChunked(header, NAME, "short", options)
    const expired = lines
      .filter((l) => l.includes("Max-Age=0"))
      .map((l) => l.slice(0, l.indexOf("=")))
    expect(expired.sort()).toEqual([`${NAME}.0`, `${NAME}.1`])
  })

  it("readChunked: a whole cookie wins; a missing middle chunk means no value", () => {
    expect(readChunked(`${NAME}=whole`, NAME)).toBe("whole")
    expect(readChunked(`${NAME}.0=a; ${NAME}.1=b`, NAME)).toBe("ab")
    expect(readChunked(`${NAME}.0=a; ${NAME}.2=c`, NAME)).toBeUndefined()
    expect(readChunked(`${NAME}.1=b`, NAME)).toBeUndefined()
    expect(readChunked("other=1", NAME)).toBeUndefined()
    expect(readChunked(null, NAME)).toBeUndefined()
  })

  it("clearChunked expires the whole cookie and every chunk present, nothing else", () => {
    expect(clearChunked(null, NAME, options)).toEqual([])
    expect(clearChunked("a=1", NAME, options)).toEqual([])
    const lines = clearChunked(
      `${NAME}=w; ${NAME}.0=a; ${NAME}.1=b; ${NAME}-other=z; a=1`,
      NAME,
      options,
    )
    expect(lines).toEqual([
      serializeCookie(NAME, "", { ...options, maxAge: 0 }),
      serializeCookie(`${NAME}.0`, "", { ...options, maxAge: 0 }),
      serializeCookie(`${NAME}.1`, "", { ...options, maxAge: 0 }),
    ])
    for (const line of lines) expect(line).toMatch(/; Max-Age=0;/)
  })
})

describe("regressions found in review", () => {
  it("a cookie name inside another cookie's value is not a cookie (B1)", async () => {
    const { readCookie } = await import("../src/cookies/cookie.js")
    expect(readCookie("x=a auth.state=evil; auth.state=good", "auth.state")).toBe("good")
    expect(readCookie("auth.state=first;auth.state=second", "auth.state")).toBe("first")
  })

  it("going from a whole cookie to chunks expires the whole cookie (B2)", async () => {
    const { writeChunked } = await import("../src/cookies/chunk.js")
    const lines = writeChunked("auth.session-token=short", "auth.session-token", "v".repeat(9000), {
      maxAge: 60,
    })
    expect(lines).toContain("auth.session-token=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
    expect(lines.filter((l) => l.startsWith("auth.session-token.")).length).toBeGreaterThanOrEqual(
      3,
    )
  })

  it("an unrelated name.<word> cookie does not break reading chunks (B6)", async () => {
    const { readChunked } = await import("../src/cookies/chunk.js")
    expect(
      readChunked(
        "auth.session-token.0=a; auth.session-token.1=b; auth.session-token.legacy=z",
        "auth.session-token",
      ),
    ).toBe("ab")
  })
})

describe("timingSafeEqual", () => {
  it("is plain equality in its answers (constant time is its only difference from ===)", () => {
    expect(timingSafeEqual("abc", "abc")).toBe(true)
    expect(timingSafeEqual("", "")).toBe(true)
    expect(timingSafeEqual("abc", "abd")).toBe(false)
    expect(timingSafeEqual("abc", "xbc")).toBe(false)
    expect(timingSafeEqual("abc", "ab")).toBe(false)
    expect(timingSafeEqual("ab", "abc")).toBe(false)
    expect(timingSafeEqual("한국", "한국")).toBe(true)
    expect(timingSafeEqual("한국", "한굮")).toBe(false)
  })
})
