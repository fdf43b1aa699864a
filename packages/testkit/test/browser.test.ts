import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { parseForms, siteOf, TestBrowser } from "../src/index.js"

interface Seen {
  method: string
  url: string
  body: string
  cookie: string | null
  origin: string | null
  contentType: string | null
}

/** An in-process app whose routes are plain functions; it records every request. */
function app(routes: Record<string, (req: Request, body: string) => Response | Promise<Response>>) {
  const seen: Seen[] = []
  const handler = async (req: Request) => {
    const body = await req.text()
    const url = new URL(req.url)
    seen.push({
      method: req.method,
      url: req.url,
      body,
      cookie: req.headers.get("cookie"),
      origin: req.headers.get("origin"),
      contentType: req.headers.get("content-type"),
    })
    const route = routes[url.pathname]
    return route ? route(req, body) : new Response("not found", { status: 404 })
  }
  return { handler, seen }
}

const redirect = (location: string, status = 302, cookies: string[] = []) => {
  const headers = new Headers({ location })
  for (const c of cookies) headers.append("set-cookie", c)
  return new Response(null, { status, headers })
}
const html = (body: string, status = 200) =>
  new Response(body, { status, headers: { "content-type": "text/html; charset=utf-8" } })

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((r) => s.close(r))
  }
})

/** A real HTTP server on 127.0.0.1 playing another site (an IdP). */
async function remote(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<string> {
  const server = createServer((req, res) => {
    let body = ""
    req.setEncoding("utf8")
    req.on("data", (c: string) => (body += c))
    req.on("end", () => handler(req, res, body))
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

describe("siteOf", () => {
  it("distinguishes localhost, IPs and registrable domains, ignoring ports", () => {
    expect(siteOf("http://localhost:3000/a")).toBe(siteOf("http://localhost:4000/b"))
    expect(siteOf("http://localhost:3000/")).not.toBe(siteOf("http://127.0.0.1:3000/"))
    expect(siteOf("https://a.example.test/")).toBe(siteOf("https://b.example.test/"))
    expect(siteOf("https://a.example.test/")).not.toBe(siteOf("http://a.example.test/"))
  })
})

describe("TestBrowser.fetch", () => {
  it("sends the jar's cookies, stores Set-Cookie, and does not follow redirects", async () => {
    const a = app({
      "/set": () => redirect("/next", 302, ["sid=42; Path=/; HttpOnly", "theme=dark; Path=/"]),
      "/next": () => new Response("ok"),
    })
    const browser = new TestBrowser({ handler: a.handler, origin: "http://localhost:3000" })
    const res = await browser.fetch("http://localhost:3000/set")
    expect(res.status).toBe(302)
    expect(a.seen).toHaveLength(1)
    await browser.fetch("/next")
    expect(a.seen[1]!.cookie).toBe("sid=42; theme=dark")
    expect(browser.cookies.get("http://localhost:3000/")).toBe("sid=42; theme=dark")
  })

  it("sends requests for other origins over the network, with that host's cookies only", async () => {
    const idp = await remote((req, res) => {
      res.setHeader("set-cookie", "idp=1; Path=/")
      res.end(`cookie=${req.headers.cookie ?? ""}`)
    })
    const a = app({
      "/": () => new Response("app", { headers: { "set-cookie": "appcookie=1; Path=/" } }),
    })
    const browser = new TestBrowser({ handler: a.handler, origin: "http://localhost:3000" })
    await browser.fetch("/")
    expect(await (await browser.fetch(`${idp}/x`)).text()).toBe("cookie=")
    expect(await (await browser.fetch(`${idp}/x`)).text()).toBe("cookie=idp=1")
    expect(a.seen).toHaveLength(1)
  })
})

describe("TestBrowser.navigate", () => {
  it("follows redirects, storing cookies at each hop, and reports the history", async () => {
    const a = app({
      "/a": () => redirect("/b", 301, ["one=1; Path=/"]),
      "/b": () => redirect("http://localhost:3000/c?x=1", 307, ["two=2; Path=/"]),
      "/c": () => html("<p>done</p>"),
    })
    const browser = new TestBrowser({ handler: a.handler, origin: "http://localhost:3000" })
    const nav = await browser.navigate("/a")
    expect(nav.url).toBe("http://localhost:3000/c?x=1")
    expect(nav.history).toEqual([
      "http://localhost:3000/a",
      "http://localhost:3000/b",
      "http://localhost:3000/c?x=1",
    ])
    expect(await nav.response.text()).toBe("<p>done</p>")
    expect(a.seen[2]!.cookie).toBe("one=1; two=2")
  })

  it("turns POST into GET on 303 and 302, but keeps POST and its body on 307", async () => {
    const a = app({
      "/post303": () => redirect("/target", 303),
      "/post302": () => redirect("/target", 302),
      "/post307": () => redirect("/target", 307),
      "/target": () => new Response("t"),
    })
    const browser = new TestBrowser({ handler: a.handler, origin: "http://localhost:3000" })
    for (const path of ["/post303", "/post302"]) {
      await browser.navigate(path, { form: { a: "1" } })
      const target = a.seen.at(-1)!
      expect(target.method).toBe("GET")
      expect(target.body).toBe("")
      expect(target.contentType).toBeNull()
    }
    await browser.navigate("/post307", { form: { a: "1", b: "x y" } })
    const first = a.seen.at(-2)!
    const target = a.seen.at(-1)!
    expect(first.origin).toBe("http://localhost:3000")
    expect(target.method).toBe("POST")
    expect(target.body).toBe("a=1&b=x+y")
    expect(target.contentType).toBe("application/x-www-form-urlencoded")
  })

  it("gives up after maxRedirects", async () => {
    const a = app({ "/loop": () => redirect("/loop") })
    const browser = new TestBrowser({
      handler: a.handler,
      origin: "http://localhost:3000",
      maxRedirects: 3,
    })
    await expect(browser.navigate("/loop")).rejects.toThrow(/more than 3 redirects/)
    expect(a.seen).toHaveLength(4)
  })

  it("submits an auto-submitting form_post page from another site as a cross-site POST", async () => {
    const idp = await remote((_req, res) => {
      res.setHeader("content-type", "text/html; charset=utf-8")
      res.end(`<!DOCTYPE html><html><head><script>document.addEventListener('DOMContentLoaded', function () { document.forms[0].submit() });</script></head>
<body><form method="post" action="http://localhost:3000/callback">
<input type="hidden" name="code" value="abc&amp;def"/>
<input type="hidden" name="state" value="s&#39;1"/>
<noscript><button autofocus type="submit">Continue</button></noscript>
</form></body></html>`)
    })
    const a = app({
      "/start": () =>
        redirect(`${idp}/authorize`, 302, [
          "lax=1; Path=/; SameSite=Lax",
          "strict=1; Path=/; SameSite=Strict",
          "none=1; Path=/; SameSite=None; Secure",
        ]),
      "/callback": () => html("<p>welcome</p>"),
    })
    const browser = new TestBrowser({ handler: a.handler, origin: "http://localhost:3000" })
    const nav = await browser.navigate("/start")
    expect(nav.history).toEqual([
      "http://localhost:3000/start",
      `${idp}/authorize`,
      "http://localhost:3000/callback",
    ])
    const cb = a.seen.at(-1)!
    expect(cb.method).toBe("POST")
    expect(new URLSearchParams(cb.body).get("code")).toBe("abc&def")
    expect(new URLSearchParams(cb.body).get("state")).toBe("s'1")
    expect(cb.origin).toBe(idp)
    expect(cb.cookie).toBe("none=1")
  })

  it("sends Lax but not Strict cookies on a cross-site GET redirect back, and all cookies to a same-site navigation", async () => {
    const idp = await remote((_req, res) => {
      res.statusCode = 302
      res.setHeader("location", "http://localhost:3000/back")
      res.end()
    })
    const a = app({
      "/start": () =>
        redirect(`${idp}/go`, 302, [
          "lax=1; Path=/; SameSite=Lax",
          "strict=1; Path=/; SameSite=Strict",
        ]),
      "/back": () => new Response("back"),
      "/home": () => new Response("home"),
    })
    const browser = new TestBrowser({ handler: a.handler, origin: "http://localhost:3000" })
    await browser.navigate("/start")
    expect(a.seen.at(-1)!.cookie).toBe("lax=1")
    await browser.navigate("/home")
    expect(a.seen.at(-1)!.cookie).toBe("lax=1; strict=1")
    await browser.navigate("/home", { initiator: "https://elsewhere.test/page" })
    expect(a.seen.at(-1)!.cookie).toBe("lax=1")
    await browser.navigate("/home", { initiator: "https://elsewhere.test/page", form: { x: "1" } })
    expect(a.seen.at(-1)!.cookie).toBeNull()
    expect(a.seen.at(-1)!.origin).toBe("https://elsewhere.test")
  })
})

describe("TestBrowser.submitForm / parseForms", () => {
  const page = `<!DOCTYPE html><html><body>
<!-- <form action="/commented-out"></form> -->
<form method="POST" action="/login?next=%2Fhome&amp;x=1">
  <input type="hidden" name="csrf" value="t&quot;ok">
  <input type=text name=login value=''>
  <input type="password" name="password">
  <input type="checkbox" name="remember" checked>
  <input type="checkbox" name="spam">
  <input type="text" name="off" value="1" disabled>
  <textarea name="note">hello &lt;world&gt;</textarea>
  <select name="lang"><option value="en">English</option><option value="fr" selected>French</option></select>
  <button type="submit" name="action" value="signin">Sign in</button>
  <button type="submit" name="action" value="cancel">Cancel</button>
</form>
<form action="search"><input name="q" value="default"></form>
</body></html>`

  it("parses action, method and successful controls", () => {
    const forms = parseForms(page, "http://localhost:3000/account/page")
    expect(forms).toHaveLength(2)
    expect(forms[0]).toEqual({
      action: "http://localhost:3000/login?next=%2Fhome&x=1",
      method: "POST",
      fields: [
        ["csrf", 't"ok'],
        ["login", ""],
        ["password", ""],
        ["remember", "on"],
        ["note", "hello <world>"],
        ["lang", "fr"],
      ],
      submitter: ["action", "signin"],
    })
    expect(forms[1]).toEqual({
      action: "http://localhost:3000/account/search",
      method: "GET",
      fields: [["q", "default"]],
    })
  })

  it("submits the form with overrides and follows the result", async () => {
    const a = app({
      "/login": () => redirect("/home", 303),
      "/home": () => new Response("home"),
      "/account/search": () => new Response("results"),
    })
    const browser = new TestBrowser({ handler: a.handler, origin: "http://localhost:3000" })
    const nav = await browser.submitForm(page, "http://localhost:3000/account/page", {
      login: "alice",
      password: "pw",
      extra: "e",
    })
    expect(nav.url).toBe("http://localhost:3000/home")
    const post = a.seen[0]!
    expect(post.method).toBe("POST")
    expect(post.url).toBe("http://localhost:3000/login?next=%2Fhome&x=1")
    expect(post.origin).toBe("http://localhost:3000")
    expect(Object.fromEntries(new URLSearchParams(post.body))).toEqual({
      csrf: 't"ok',
      login: "alice",
      password: "pw",
      remember: "on",
      note: "hello <world>",
      lang: "fr",
      action: "signin",
      extra: "e",
    })

    const search = await browser.submitForm(
      page,
      "http://localhost:3000/account/page",
      { q: "oidc" },
      1,
    )
    expect(search.url).toBe("http://localhost:3000/account/search?q=oidc")
    expect(await search.response.text()).toBe("results")
  })

  it("throws when the page has no such form", async () => {
    const browser = new TestBrowser({
      handler: async () => new Response(""),
      origin: "http://localhost:3000",
    })
    await expect(browser.submitForm("<p>no form</p>", "http://localhost:3000/")).rejects.toThrow(
      /no form #0/,
    )
  })
})
