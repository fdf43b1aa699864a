/**
 * `@auth/core/node`: bridges Node's `IncomingMessage`/`ServerResponse` (Express, the Next.js pages
 * router, plain `http`) to the web-standard handler.
 *
 *   // pages/api/auth/[...nextauth].ts
 *   import { toNodeHandler } from "@auth/core/node"
 *   export default toNodeHandler(auth)
 *   export const config = { api: { bodyParser: false } }
 *
 * Whatever a client sends, the handler never rejects (an unhandled rejection ends a Node process
 * under its defaults): a malformed request gets a 400, an upload the client abandons is dropped.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { AuthInstance } from "./auth.js"
import { AuthError } from "./errors/index.js"
import { originOf } from "./http/host.js"

type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string }

/**
 * Bodies larger than this are refused with 413 (sign-in forms and callbacks are a few KB).
 * @example
 * ```ts
 * if (Number(req.headers["content-length"]) > MAX_BODY_BYTES) res.writeHead(413).end()
 * ```
 * @see https://www.npmjs.com/package/@auth/core#routes-under-basepath-default-apiauth
 */
export const MAX_BODY_BYTES = 1024 * 1024

/** A request the bridge cannot turn into a web `Request`; `status` is what the client gets. */
function badRequest(
  code: "INVALID_REQUEST" | "REQUEST_ABORTED" | "REQUEST_TOO_LARGE",
  message: string,
  cause?: unknown,
  status = 400,
) {
  return new AuthError("UnknownAction", { code, message, cause, status })
}

async function readRawBody(req: NodeRequest): Promise<Uint8Array | string | undefined> {
  // Frameworks with a body parser (Express, Next.js pages) may have consumed the stream already.
  if (req.body !== undefined) {
    if (typeof req.body === "string" || req.body instanceof Uint8Array) return req.body
    const type = req.headers["content-type"] ?? ""
    if (type.includes("application/json")) return JSON.stringify(req.body)
    return new URLSearchParams(req.body as Record<string, string>).toString()
  }
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_BODY_BYTES) {
        throw badRequest(
          "REQUEST_TOO_LARGE",
          `The request body is over ${MAX_BODY_BYTES} bytes; no route of @auth/core takes one that large.`,
          undefined,
          413,
        )
      }
      chunks.push(chunk as Buffer)
    }
  } catch (cause) {
    if (cause instanceof AuthError) throw cause
    // The client went away mid-upload ("aborted", ECONNRESET): nobody is left to answer.
    throw badRequest(
      "REQUEST_ABORTED",
      `The client closed the connection before sending the whole body (${(cause as Error)?.message ?? cause}).`,
      cause,
    )
  }
  return Buffer.concat(chunks)
}

function originFromHost(proto: "http" | "https", host: string): string {
  const origin = originOf(proto, host)
  if (!origin)
    throw badRequest(
      "INVALID_REQUEST",
      `The Host header ${JSON.stringify(host.slice(0, 100))} is not a valid host[:port].`,
    )
  return origin
}

/** The path and query of the request target; an absolute-form target (`GET http://x/y`) keeps only its path. */
function pathOf(target: string): string {
  if (target.startsWith("/")) return target
  try {
    const url = new URL(target)
    return url.pathname + url.search
  } catch (cause) {
    throw badRequest(
      "INVALID_REQUEST",
      `The request target ${JSON.stringify(target.slice(0, 100))} is not a path.`,
      cause,
    )
  }
}

/**
 * Builds a web `Request` from a Node request. The origin is `origin` when given, else the Host
 * header's (validated); never the request path (`//evil.com/x` is a path on this origin).
 * Throws an `AuthError` (with a 4xx `status`) for a request that cannot be one.
 * @example
 * ```ts
 * const request = await toWebRequest(req, "https://app.example.com")
 * ```
 * @see https://nodejs.org/api/http.html#class-httpincomingmessage
 */
export async function toWebRequest(req: NodeRequest, origin?: string): Promise<Request> {
  const proto = (req.socket as { encrypted?: boolean } | null)?.encrypted ? "https" : "http"
  const base = origin
    ? new URL(origin).origin
    : originFromHost(proto, req.headers.host ?? "localhost")
  // Concatenated, not resolved: `new URL("//evil.com/x", base)` would make evil.com the origin.
  const url = new URL(base + pathOf(req.originalUrl ?? req.url ?? "/"))
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

/**
 * Writes a web `Response` to a Node response, keeping every Set-Cookie header.
 * @example
 * ```ts
 * await sendWebResponse(res, await auth.handler(request))
 * ```
 * @see https://nodejs.org/api/http.html#class-httpserverresponse
 */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") res.setHeader(key, value)
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) res.setHeader("set-cookie", cookies)
  res.end(Buffer.from(await response.arrayBuffer()))
}

function sendPlain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return
  res.statusCode = status
  res.setHeader("content-type", "text/plain; charset=utf-8")
  res.setHeader("cache-control", "no-store")
  res.setHeader("connection", "close")
  res.end(text)
}

/**
 * A Node request listener for `auth`. It never rejects: a malformed request (bad Host, bad target)
 * gets a 400, an over-large body a 413, and an upload the client abandons is dropped (logged at
 * debug level through the `Auth` logger).
 *
 * @example
 * createServer(toNodeHandler(auth)).listen(3000)
 * @see toWebRequest
 * @see https://www.npmjs.com/package/@auth/core#routes-under-basepath-default-apiauth
 */
export function toNodeHandler(
  auth: Pick<AuthInstance, "handler" | "logger">,
  options: { origin?: string } = {},
) {
  // A bad `origin` is a configuration error: say so now, not with a 400 on every request.
  if (options.origin !== undefined) new URL(options.origin)
  const debug = (message: string, metadata?: unknown) => auth.logger?.debug(message, metadata)
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      let request: Request
      try {
        request = await toWebRequest(req as NodeRequest, options.origin)
      } catch (error) {
        const e =
          error instanceof AuthError
            ? error
            : badRequest(
                "INVALID_REQUEST",
                `The request could not be read: ${(error as Error)?.message ?? error}`,
                error,
              )
        debug(`[auth][node] ${e.code}: ${e.message}`, { method: req.method, url: req.url })
        if (e.code === "REQUEST_ABORTED") {
          if (!res.destroyed) res.destroy()
        } else {
          sendPlain(
            res,
            e.status,
            e.code === "REQUEST_TOO_LARGE" ? "Payload Too Large" : "Bad Request",
          )
        }
        return
      }
      await sendWebResponse(res, await auth.handler(request))
    } catch (error) {
      // Only reached when writing the answer failed (the client is gone): nothing to tell anyone.
      debug(`[auth][node] the response could not be sent: ${(error as Error)?.message ?? error}`)
      if (!res.headersSent) sendPlain(res, 400, "Bad Request")
      else if (!res.destroyed) res.destroy()
    }
  }
}

/**
 * Server-side session read from a Node request (e.g. getServerSideProps, Express middleware). It
 * passes a Request with the request's scheme (and the forwarded headers), because getSession reads
 * only the session cookie this deployment's routes set: `__Host-` on https, unprefixed on http.
 * @example
 * ```ts
 * app.get("/me", async (req, res) => res.json(await getNodeSession(auth, req)))
 * ```
 * @see https://www.npmjs.com/package/@auth/core#sessions
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
