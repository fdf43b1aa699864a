/**
 * Property-based fuzzing (fast-check) of every route, through the web handler and through the
 * Node bridge on a real 127.0.0.1 server. Invariants for every generated request:
 * - the handler answers (never a rejection), never with a 5xx, and within a bound;
 * - an error answer (4xx, or a redirect to the error page) never sets a session cookie;
 * - a `Location` points at the app's origin or at the configured provider, nowhere else.
 * Bounded: a fixed number of runs with a fixed seed per property (reproducible), 127.0.0.1 only.
 */
import { createServer, type Server } from "node:http"
import { connect, type AddressInfo } from "node:net"
import { toNodeHandler } from "@auth/core/node"
import { signInWith, type RunningOidcProvider } from "@auth/testkit"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ORIGIN, idpProvider, makeApp, startIdp, type App } from "./setup.js"

const BOUND_MS = 5000
const SEED = 20261204

let idp: RunningOidcProvider
let app: App
let session = ""
let csrf: { token: string; cookie: string }
let server: Server
let port: number
const rejections: unknown[] = []

beforeAll(async () => {
  idp = await startIdp()
  app = makeApp({ providers: [idpProvider(idp.issuer)] })
  await signInWith(app.browser, "idp")
  session = app.browser.cookies.list().find((c) => c.name.includes("session-token"))!.value
  const response = await app.auth.handler(new Request(`${ORIGIN}/api/auth/csrf`))
  csrf = {
    token: ((await response.json()) as { csrfToken: string }).csrfToken,
    cookie: response.headers.getSetCookie()[0]!.split(";")[0]!,
  }
  // The bridge must never reject: record it if it does (Node would otherwise end the process).
  const handle = toNodeHandler(app.auth)
  server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      rejections.push(error)
      res.destroy()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await idp.stop()
})

// ---- generators --------------------------------------------------------------------------
const segment = fc.constantFrom(
  "signin",
  "signin/idp",
  "signin/unknown",
  "callback/idp",
  "callback/unknown",
  "callback/idp/extra",
  "session",
  "csrf",
  "providers",
  "signout",
  "error",
  "",
  "..",
  "%2e%2e",
  "signin%2Fidp",
  "signin/%69dp",
  "callback/%E0%A4%A",
  "session/x",
  "signin/idp/",
)
const pathPrefix = fc.oneof(
  { arbitrary: fc.constant("/api/auth/"), weight: 8 },
  {
    arbitrary: fc.constantFrom(
      "//evil.com/api/auth/",
      "/api/auth/../api/auth/",
      "/API/AUTH/",
      "/api//auth/",
      "/x/../api/auth/",
      "/",
    ),
    weight: 2,
  },
)
const path = fc.oneof(
  { arbitrary: fc.tuple(pathPrefix, segment).map(([a, b]) => a + b), weight: 5 },
  fc.string({ maxLength: 40 }).map((s) => `/api/auth/${encodeURIComponent(s)}`),
)
const nastyUrl = fc.constantFrom(
  "/",
  "/dashboard",
  "/대시보드",
  "/ünïcödé/页面",
  "//evil.com",
  "https://evil.com/x",
  "/\\evil.com",
  "\\\\evil.com",
  "javascript:alert(1)",
  "/\n/evil.com",
  "/\r\nSet-Cookie: a=b",
  "http://localhost:3000@evil.com/",
  "http://localhost:3000.evil.com/",
  "%2F%2Fevil.com",
  "data:text/html,x",
  "/%0d%0aLocation:%20https://evil.com",
  " https://evil.com",
  "https:evil.com",
  "/a\u0000b",
  "",
)
const urlValue = fc.oneof(nastyUrl, fc.string({ maxLength: 30 }))
const query = fc.dictionary(
  fc.constantFrom(
    "callbackUrl",
    "error",
    "code",
    "state",
    "iss",
    "oauth_token",
    "denied",
    "json",
    "redirect_uri",
    "prompt",
  ),
  urlValue,
  { maxKeys: 4 },
)
const damaged = (value: string) =>
  fc.oneof(
    fc.constant(value),
    fc
      .nat({ max: Math.max(0, value.length - 1) })
      .map((i) => value.slice(0, i) + (value[i] === "A" ? "B" : "A") + value.slice(i + 1)),
    fc.nat({ max: value.length }).map((i) => value.slice(0, i)),
    fc.constant(value + value),
  )
const cookieName = fc.constantFrom(
  "auth.session-token",
  "auth.session-token.0",
  "auth.session-token.1",
  "auth.csrf-token",
  "auth.state",
  "auth.pkce.code_verifier",
  "auth.nonce",
  "auth.callback-url",
  "__Secure-auth.session-token",
  "__Host-auth.csrf-token",
  "other",
)
const cookieValue = fc.oneof(
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[;\r\n\u0000-\u001f\u007f-\uffff]/g, "")),
  fc.constant("x".repeat(5000)),
  fc.constant(null).chain(() => damaged(session)),
  fc.constant(null).chain(() => damaged(csrf.cookie.slice(csrf.cookie.indexOf("=") + 1))),
)
const cookies = fc
  .array(fc.tuple(cookieName, cookieValue), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join("; "))
const body = fc.oneof(
  fc.constant(undefined),
  fc
    .record(
      {
        csrfToken: fc.oneof(
          fc.constant(null).map(() => csrf.token),
          fc.string({ maxLength: 20 }),
        ),
        callbackUrl: urlValue,
        json: fc.constantFrom("true", "false"),
      },
      { requiredKeys: [] },
    )
    .map((r) => new URLSearchParams(r as Record<string, string>).toString()),
  fc.string({ maxLength: 200 }),
  fc.constant("%%%&&&==="),
)
const host = fc.constantFrom(
  "localhost:3000",
  "evil.com",
  "localhost:3000.evil.com",
  "LOCALHOST:3000",
  "127.0.0.1:3000",
)
const forwarded = fc.record(
  {
    "x-forwarded-host": fc.constantFrom("evil.com", "localhost:3000, evil.com", ""),
    "x-forwarded-proto": fc.constantFrom("https", "http", "gopher", ""),
  },
  { requiredKeys: [] },
)
const method = fc.oneof(
  { arbitrary: fc.constantFrom("GET", "POST"), weight: 5 },
  fc.constantFrom("HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"),
)
const request = fc.record({
  method,
  path,
  query,
  cookies,
  body,
  withCsrf: fc.boolean(),
  forwarded,
  contentType: fc.constantFrom(
    "application/x-www-form-urlencoded",
    "application/json",
    "text/plain",
    "multipart/form-data; boundary=x",
  ),
})
type Generated = typeof request extends fc.Arbitrary<infer T> ? T : never

// ---- invariants ------------------------------------------------------------------------------
const allowedOrigins = () => new Set([ORIGIN, new URL(idp.issuer).origin])

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout
  const bound = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(
        () => reject(new Error(`${what}: no answer within ${BOUND_MS} ms`)),
        BOUND_MS,
      )),
  )
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer))
}

function checkAnswer(
  status: number,
  location: string | null,
  setCookie: string[],
  base: string,
): void {
  expect(status).toBeGreaterThanOrEqual(200)
  expect(status).toBeLessThan(500)
  const target = location ? new URL(location, base) : undefined
  if (target) expect(allowedOrigins()).toContain(target.origin)
  const isError =
    status >= 400 ||
    (target !== undefined &&
      target.origin === ORIGIN &&
      (target.pathname.endsWith("/error") || target.searchParams.has("error")))
  if (isError) {
    const sessionSet = setCookie.filter(
      (line) =>
        line.split("=")[0]!.includes("session-token") &&
        !/max-age=0/i.test(line) &&
        !/^[^=]+=;/.test(line),
    )
    expect(sessionSet).toEqual([])
  }
}

function toRequest(g: Generated): Request | undefined {
  const qs = new URLSearchParams(g.query as Record<string, string>).toString()
  const headers = new Headers(g.forwarded as Record<string, string>)
  const cookie = [g.cookies, g.withCsrf ? csrf.cookie : ""].filter(Boolean).join("; ")
  if (cookie) headers.set("cookie", cookie)
  const hasBody = g.method !== "GET" && g.method !== "HEAD" && g.body !== undefined
  if (hasBody) headers.set("content-type", g.contentType)
  try {
    return new Request(`${ORIGIN}${g.path}${qs ? `?${qs}` : ""}`, {
      method: g.method,
      headers,
      body: hasBody ? g.body : undefined,
    })
  } catch {
    return undefined // not expressible as a web Request (the Node bridge run covers raw bytes)
  }
}

describe("fuzz: the web handler", () => {
  it("answers every request without a 5xx, a stray Location, or a session on an error", async () => {
    await fc.assert(
      fc.asyncProperty(request, async (g) => {
        const req = toRequest(g)
        if (!req) return
        const response = await within(app.auth.handler(req), `${g.method} ${g.path}`)
        await response.arrayBuffer()
        checkAnswer(
          response.status,
          response.headers.get("location"),
          response.headers.getSetCookie(),
          ORIGIN,
        )
      }),
      { numRuns: 400, seed: SEED, endOnFailure: true },
    )
  })

  it("callbackUrl variants at sign-in start never leave the app's origin or the provider", async () => {
    await fc.assert(
      fc.asyncProperty(urlValue, fc.boolean(), async (callbackUrl, viaQuery) => {
        const body = new URLSearchParams({
          csrfToken: csrf.token,
          ...(viaQuery ? {} : { callbackUrl }),
        })
        const qs = viaQuery ? `?${new URLSearchParams({ callbackUrl })}` : ""
        const response = await within(
          app.auth.handler(
            new Request(`${ORIGIN}/api/auth/signin/idp${qs}`, {
              method: "POST",
              headers: { cookie: csrf.cookie, "content-type": "application/x-www-form-urlencoded" },
              body,
            }),
          ),
          "signin",
        )
        checkAnswer(
          response.status,
          response.headers.get("location"),
          response.headers.getSetCookie(),
          ORIGIN,
        )
        // The stored callback URL, if any, is the app's own.
        const stored = response.headers
          .getSetCookie()
          .find((c) => c.startsWith("auth.callback-url="))
        if (stored)
          expect(new URL(decodeURIComponent(stored.split(";")[0]!.split("=")[1]!)).origin).toBe(
            ORIGIN,
          )
      }),
      { numRuns: 150, seed: SEED },
    )
  })
})

// ---- the Node bridge, raw bytes over TCP ------------------------------------------------------
function raw(text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1")
    let answer = ""
    socket.setTimeout(BOUND_MS, () => socket.destroy())
    socket.on("data", (d) => (answer += d.toString("latin1")))
    socket.on("error", () => resolve(answer))
    socket.on("close", () => resolve(answer))
    socket.end(text)
  })
}

const rawHost = fc.oneof(
  host,
  fc.constantFrom(
    "a b",
    "[",
    "host:99999",
    "localhost:3000@evil.com",
    "",
    "[::1]:3000",
    "xn--bcher-kva.example",
  ),
)
const rawPath = fc.oneof(
  path,
  fc.constantFrom(
    "*",
    "http://evil.com/api/auth/session",
    "//evil.com/api/auth/signin",
    "/api/auth/%",
    "/api/auth/signin?callbackUrl=%E0%A4",
  ),
)

describe("fuzz: the Node bridge on 127.0.0.1", () => {
  it("answers raw requests without a 5xx or a stray Location, and the server keeps serving", async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        rawPath,
        rawHost,
        cookies,
        body,
        fc.boolean(),
        async (m, p, h, c, b, truncate) => {
          rejections.length = 0
          const payload = b ?? ""
          const declared = truncate ? payload.length + 1000 : payload.length
          const head =
            `${m} ${p} HTTP/1.1\r\nHost: ${h}\r\nConnection: close\r\n${c ? `Cookie: ${c}\r\n` : ""}` +
            `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(payload) + (declared - payload.length)}\r\n\r\n`
          const answer = await within(raw(head + payload), `${m} ${p}`)
          // No answer: the client half-closed an incomplete upload, which is dropped.
          const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])
          const [headerText] = answer.split("\r\n\r\n")
          const lines = headerText!.split("\r\n")
          const location =
            lines
              .find((l) => /^location:/i.test(l))
              ?.slice(9)
              .trim() ?? null
          const setCookie = lines
            .filter((l) => /^set-cookie:/i.test(l))
            .map((l) => l.slice(11).trim())
          expect(rejections).toEqual([])
          if (!answer) return
          checkAnswer(status, location, setCookie, ORIGIN)
        },
      ),
      { numRuns: 150, seed: SEED },
    )
    const alive = await raw(
      "GET /api/auth/providers HTTP/1.1\r\nHost: localhost:3000\r\nConnection: close\r\n\r\n",
    )
    expect(alive).toMatch(/^HTTP\/1\.1 200/)
  })
})
