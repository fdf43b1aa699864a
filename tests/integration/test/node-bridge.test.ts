/** `@auth/core/node` over a real `node:http` server: the Pages Router / Express path, end to end. */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { Auth } from "@auth/core"
import { getNodeSession, toNodeHandler } from "@auth/core/node"
import { TestBrowser, signInWith, sessionOf, type RunningOidcProvider } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { SECRET, startIdp } from "./setup.js"

let idp: RunningOidcProvider
let server: Server
let origin: string
let auth: ReturnType<typeof Auth>

beforeAll(async () => {
  // The IdP only knows localhost:3000 callbacks: put the app there through a fixed `url`.
  idp = await startIdp()
  server = createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  auth = Auth({
    secret: SECRET,
    url: "http://localhost:3000",
    logger: { error() {}, warn() {} },
    providers: [
      {
        id: "idp",
        name: "IdP",
        type: "oidc",
        issuer: idp.issuer,
        clientId: "app",
        clientSecret: "app-secret",
      },
    ],
  })
  const handle = toNodeHandler(auth)
  server.on("request", async (req, res) => {
    if (req.url?.startsWith("/api/auth/")) return handle(req, res)
    const session = await getNodeSession(auth, req)
    res.setHeader("content-type", "application/json")
    res.end(JSON.stringify({ page: req.url, session }))
  })
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await idp.stop()
})

describe("@auth/core/node", () => {
  it("a full sign-in through a real node:http server, then a server-side session read", async () => {
    // The browser talks to the app over real HTTP (every request to localhost:3000 is forwarded).
    const browser = new TestBrowser({
      origin: "http://localhost:3000",
      handler: (request) => {
        const url = new URL(request.url)
        return fetch(`${origin}${url.pathname}${url.search}`, {
          method: request.method,
          headers: request.headers,
          body: request.method === "GET" ? undefined : request.body,
          redirect: "manual",
          duplex: "half",
        } as RequestInit)
      },
    })
    const result = await signInWith(browser, "idp", { callbackUrl: "/account" })
    expect(result.url).toBe("http://localhost:3000/account")
    const page = (await result.response.json()) as {
      page: string
      session: { user: { email: string } } | null
    }
    expect(page.page).toBe("/account")
    expect(page.session?.user.email).toBe("alice@example.test")
    expect((await sessionOf(browser))?.user.name).toBe("Alice Example")
  })

  it("keeps every Set-Cookie header (several cookies in one response)", async () => {
    const response = await fetch(`${origin}/api/auth/csrf`)
    expect(response.status).toBe(200)
    expect(response.headers.getSetCookie().length).toBe(1)
    const { csrfToken } = (await response.json()) as { csrfToken: string }
    const cookie = response.headers.getSetCookie()[0]!.split(";")[0]!
    const start = await fetch(`${origin}/api/auth/signin/idp`, {
      method: "POST",
      redirect: "manual",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, callbackUrl: "/x" }),
    })
    expect(start.status).toBe(302)
    const names = start.headers
      .getSetCookie()
      .map((c) => c.split("=")[0])
      .sort()
    expect(names).toEqual([
      "auth.callback-url",
      "auth.check-binding",
      "auth.pkce.code_verifier",
      "auth.state",
    ])
  })

  it("reads a body already parsed by a framework (Express/Next.js bodyParser)", async () => {
    const { toWebRequest } = await import("@auth/core/node")
    const { IncomingMessage } = await import("node:http")
    const { Socket } = await import("node:net")
    const req = new IncomingMessage(new Socket()) as InstanceType<typeof IncomingMessage> & {
      body?: unknown
    }
    req.method = "POST"
    req.url = "/api/auth/signout"
    req.headers = { host: "localhost:3000", "content-type": "application/x-www-form-urlencoded" }
    req.body = { csrfToken: "abc", callbackUrl: "/bye" }
    const request = await toWebRequest(req)
    expect(request.url).toBe("http://localhost:3000/api/auth/signout")
    expect(Object.fromEntries(await request.formData())).toEqual({
      csrfToken: "abc",
      callbackUrl: "/bye",
    })
  })
})
