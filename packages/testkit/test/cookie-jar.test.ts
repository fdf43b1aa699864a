import { afterEach, describe, expect, it, vi } from "vitest"
import { CookieJar } from "../src/index.js"

afterEach(() => {
  vi.useRealTimers()
})

describe("CookieJar", () => {
  it("keeps cookies per host and builds the Cookie header", () => {
    const jar = new CookieJar()
    jar.set("http://localhost:3000/", ["a=1", "b=2; Path=/"])
    jar.set("http://127.0.0.1:4000/", ["c=3; Path=/"])
    expect(jar.get("http://localhost:3000/")).toBe("a=1; b=2")
    expect(jar.get("http://localhost:9999/other")).toBe("a=1; b=2") // ports do not separate cookies
    expect(jar.get("http://127.0.0.1:4000/x")).toBe("c=3")
    expect(jar.get("http://example.test/")).toBe("")
    expect(jar.list("localhost").map((c) => c.name)).toEqual(["a", "b"])
    expect(jar.list("127.0.0.1")).toEqual([
      { name: "c", value: "3", domain: "127.0.0.1", path: "/", secure: false },
    ])
    jar.clear()
    expect(jar.list()).toEqual([])
  })

  it("honours Path, and defaults it to the request's directory", () => {
    const jar = new CookieJar()
    jar.set("http://localhost/app/page", ["scoped=1; Path=/auth", "dir=2", "root=3; Path=/"])
    expect(jar.get("http://localhost/auth")).toBe("scoped=1; root=3")
    expect(jar.get("http://localhost/auth/callback")).toBe("scoped=1; root=3")
    expect(jar.get("http://localhost/authx")).toBe("root=3") // not a path-segment match
    expect(jar.get("http://localhost/app/other")).toBe("dir=2; root=3")
    expect(jar.get("http://localhost/")).toBe("root=3")
    expect(jar.list("localhost").find((c) => c.name === "dir")?.path).toBe("/app")
  })

  it("orders longer paths first and replaces a cookie with the same name, domain and path", () => {
    const jar = new CookieJar()
    jar.set("http://localhost/", ["x=root; Path=/", "x=deep; Path=/a/b"])
    expect(jar.get("http://localhost/a/b/c")).toBe("x=deep; x=root")
    jar.set("http://localhost/", ["x=root2; Path=/"])
    expect(jar.get("http://localhost/a/b/c")).toBe("x=deep; x=root2")
    expect(jar.list()).toHaveLength(2)
  })

  it("deletes a cookie with Max-Age=0 (only the one with the matching path)", () => {
    const jar = new CookieJar()
    jar.set("http://localhost/", ["session=abc; Path=/", "session=other; Path=/api"])
    jar.set("http://localhost/", ["session=; Path=/; Max-Age=0"])
    expect(jar.get("http://localhost/")).toBe("")
    expect(jar.get("http://localhost/api")).toBe("session=other")
    jar.set("http://localhost/", ["session=; Path=/api; Max-Age=-1"])
    expect(jar.list()).toEqual([])
  })

  it("honours Expires, and Max-Age over Expires", () => {
    vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") })
    const jar = new CookieJar()
    jar.set("http://localhost/", [
      "past=1; Path=/; Expires=Wed, 01 Jan 2020 00:00:00 GMT",
      "future=2; Path=/; Expires=Thu, 01 Jan 2030 01:00:00 GMT",
      "short=3; Path=/; Max-Age=60; Expires=Thu, 01 Jan 2099 00:00:00 GMT",
    ])
    expect(jar.get("http://localhost/")).toBe("future=2; short=3")
    expect(jar.list().find((c) => c.name === "future")?.expires).toBe(
      Date.parse("2030-01-01T01:00:00Z"),
    )
    vi.setSystemTime(new Date("2030-01-01T00:01:01Z"))
    expect(jar.get("http://localhost/")).toBe("future=2")
    vi.setSystemTime(new Date("2030-01-01T01:00:01Z"))
    expect(jar.get("http://localhost/")).toBe("")
    // An Expires in the past deletes an existing cookie.
    jar.set("http://localhost/", ["again=1; Path=/"])
    jar.set("http://localhost/", ["again=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"])
    expect(jar.list()).toEqual([])
  })

  it("stores and sends Secure cookies on https and on http://localhost / 127.0.0.1, never on other http hosts", () => {
    const jar = new CookieJar()
    jar.set("http://localhost:3000/", ["s1=1; Path=/; Secure"])
    jar.set("http://127.0.0.1:4000/", ["s2=2; Path=/; Secure"])
    jar.set("http://app.example.test/", ["s3=3; Path=/; Secure", "plain=p; Path=/"])
    jar.set("https://secure.example.test/", ["s4=4; Path=/; Secure"])
    expect(jar.get("http://localhost:3000/")).toBe("s1=1")
    expect(jar.get("http://127.0.0.1:4000/")).toBe("s2=2")
    expect(jar.get("http://app.example.test/")).toBe("plain=p") // s3 was rejected
    expect(jar.list("app.example.test").map((c) => c.name)).toEqual(["plain"])
    expect(jar.get("https://secure.example.test/")).toBe("s4=4")
    expect(jar.get("http://secure.example.test/")).toBe("") // not sent over plain http
    expect(jar.list("localhost")[0]).toMatchObject({ name: "s1", secure: true })
  })

  it("applies SameSite to cross-site requests; a missing SameSite counts as Lax; None requires Secure", () => {
    const jar = new CookieJar()
    jar.set("http://localhost:3000/", [
      "lax=1; Path=/; SameSite=Lax",
      "strict=2; Path=/; SameSite=Strict",
      "none=3; Path=/; SameSite=None; Secure",
      "unset=4; Path=/",
      "insecure_none=5; Path=/; SameSite=None",
    ])
    expect(jar.list().map((c) => [c.name, c.sameSite])).toEqual([
      ["lax", "Lax"],
      ["strict", "Strict"],
      ["none", "None"],
      ["unset", undefined],
    ])
    expect(jar.get("http://localhost:3000/")).toBe("lax=1; strict=2; none=3; unset=4")
    expect(jar.get("http://localhost:3000/", { crossSite: false, method: "POST" })).toBe(
      "lax=1; strict=2; none=3; unset=4",
    )
    expect(jar.get("http://localhost:3000/", { crossSite: true, method: "GET" })).toBe(
      "lax=1; none=3; unset=4",
    )
    expect(jar.get("http://localhost:3000/", { crossSite: true, method: "POST" })).toBe("none=3")
  })

  it("honours Domain and enforces __Secure- / __Host- prefixes", () => {
    const jar = new CookieJar()
    jar.set("https://login.example.test/", [
      "wide=1; Domain=.example.test; Path=/",
      "evil=1; Domain=other.test; Path=/",
    ])
    expect(jar.get("https://api.example.test/")).toBe("wide=1")
    expect(jar.get("https://example.test/")).toBe("wide=1")
    expect(jar.get("https://other.test/")).toBe("")

    jar.set("https://app.example.test/", [
      "__Secure-ok=1; Secure; Path=/",
      "__Secure-bad=1; Path=/",
      "__Host-ok=1; Secure; Path=/",
      "__Host-bad=1; Secure; Path=/; Domain=example.test",
      "__Host-badpath=1; Secure; Path=/x",
    ])
    expect(
      jar
        .list("app.example.test")
        .map((c) => c.name)
        .sort(),
    ).toEqual(["__Host-ok", "__Secure-ok", "wide"])
  })
})
