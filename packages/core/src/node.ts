/**
 * `@auth/core/node`: bridges Node's `IncomingMessage`/`ServerResponse` (Express, the Next.js pages
 * router, plain `http`) to the web-standard handler.
 *
 *   // pages/api/auth/[...nextauth].ts
 *   import { toNodeHandler } from "@auth/core/node"
 *   export default toNodeHandler(auth)
 *   export const config = { api: { bodyParser: false } }
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { AuthInstance } from "./auth.js"

type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string }

async function readRawBody(req: NodeRequest): Promise<Uint8Array | string | undefined> {
  // Frameworks with a body parser (Express, Next.js pages) may have consumed the stream already.
  if (req.body !== undefined) {
    if (typeof req.body === "string" || req.body instanceof Uint8Array) return req.body
    const type = req.headers["content-type"] ?? ""
    if (type.includes("application/json")) return JSON.stringify(req.body)
    return new URLSearchParams(req.body as Record<string, string>).toString()
  }
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Builds a web `Request` from a Node request. `origin` defaults to the Host header's. */
export async function toWebRequest(req: NodeRequest, origin?: string): Promise<Request> {
  const proto = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http"
  const base = origin ?? `${proto}://${req.headers.host ?? "localhost"}`
  const url = new URL(req.originalUrl ?? req.url ?? "/", base)
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const v of value) headers.append(key, v)
    else headers.set(key, value)
  }
  const method = req.method ?? "GET"
  const body = method === "GET" || method === "HEAD" ? undefined : await readRawBody(req)
  return new Request(url, { method, headers, body: body as BodyInit | undefined })
}

/** Writes a web `Response` to a Node response, keeping every Set-Cookie header. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") res.setHeader(key, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) res.setHeader("set-cookie", cookies)
  res.end(Buffer.from(await response.arrayBuffer()))
}

export function toNodeHandler(auth: Pick<AuthInstance, "handler">, options: { origin?: string } = {}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const request = await toWebRequest(req as NodeRequest, options.origin)
    await sendWebResponse(res, await auth.handler(request))
  }
}

/**
 * Server-side session read from a Node request (e.g. getServerSideProps, Express middleware). It
 * passes a Request with the request's scheme (and the forwarded headers), because getSession reads
 * only the session cookie this deployment's routes set: `__Host-` on https, unprefixed on http.
 */
export function getNodeSession(auth: Pick<AuthInstance, "getSession">, req: IncomingMessage) {
  const headers = new Headers()
  for (const name of ["cookie", "host", "x-forwarded-host", "x-forwarded-proto"]) {
    const value = req.headers[name]
    if (typeof value === "string") headers.set(name, value)
  }
  const proto = (req.socket as { encrypted?: boolean } | undefined)?.encrypted ? "https" : "http"
  let url: string
  try {
    url = new URL("/", `${proto}://${req.headers.host ?? "localhost"}`).href
  } catch {
    return auth.getSession(headers)
  }
  return auth.getSession(new Request(url, { headers }))
}
