/**
 * A fault-injecting front for a local OpenID Provider: a 127.0.0.1 server that relays discovery,
 * JWKS, token and userinfo requests to the real IdP (testkit's `startOidcProvider`) and, on demand,
 * answers them badly instead: it hangs, sends a 5xx HTML page, sends invalid JSON, closes the socket
 * mid-response, or rotates the IdP's signing key (re-signing id_tokens with a fresh key that only
 * the JWKS published from then on carries).
 *
 * Point a provider at it with `wellKnown: proxy.wellKnown` (keep `issuer` the IdP's): the
 * discovery document it serves names the proxy's token/userinfo/JWKS endpoints and the real
 * issuer and authorization endpoint, so the browser part of the flow is untouched.
 *
 * @example
 * const proxy = await startFaultProxy({ target: idp.issuer })
 * proxy.fail("token", "hang")          // every token request hangs until proxy.heal("token")
 * proxy.fail("jwks", "html-5xx", 1)    // only the next JWKS request fails
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import {
  SignJWT,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  type JWK,
} from "jose"
import { listenLoopback } from "./loopback-server.js"

export type FaultEndpoint = "discovery" | "jwks" | "token" | "userinfo"
export type Fault = "hang" | "html-5xx" | "invalid-json" | "close-mid-response" | "slow"

export interface StartFaultProxyOptions {
  /** The real IdP's origin, e.g. `idp.issuer` of `startOidcProvider`. */
  target: string
  /** Delay for the `"slow"` fault, ms. Default 150. */
  slowMs?: number
}

export interface RunningFaultProxy {
  /** e.g. http://127.0.0.1:41234 */
  origin: string
  /** The discovery URL to configure as the provider's `wellKnown`. */
  wellKnown: string
  /** Requests received per endpoint (faulty ones included). */
  hits: Record<FaultEndpoint, number>
  /** Makes `endpoint` misbehave, for the next `times` requests (default: until `heal`). */
  fail(endpoint: FaultEndpoint, fault: Fault, times?: number): void
  /** Makes `endpoint` relay faithfully again. */
  heal(endpoint?: FaultEndpoint): void
  /**
   * The IdP rotates its signing key: a new RSA key (new `kid`) signs every id_token from now on,
   * and the JWKS publishes it. With `publish: false` the key is not published (a forged `kid`).
   */
  rotateKey(options?: { publish?: boolean }): Promise<string>
  stop(): Promise<void>
}

const PATHS: Record<string, FaultEndpoint> = {
  "/.well-known/openid-configuration": "discovery",
  "/jwks": "jwks",
  "/token": "token",
  "/me": "userinfo",
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })
}

export async function startFaultProxy(options: StartFaultProxyOptions): Promise<RunningFaultProxy> {
  const target = options.target.replace(/\/+$/, "")
  const { server, origin, stop } = await listenLoopback("127.0.0.1")
  const hits: Record<FaultEndpoint, number> = { discovery: 0, jwks: 0, token: 0, userinfo: 0 }
  const faults = new Map<FaultEndpoint, { fault: Fault; left: number }>()
  const hanging = new Set<ServerResponse>()
  let signing:
    { kid: string; privateKey: CryptoKey; publicJwk: JWK; published: boolean } | undefined
  let rotations = 0
  // Where the IdP really serves each endpoint (read from its discovery document on first use).
  let upstream: Record<string, string> | undefined

  async function upstreamMetadata(): Promise<Record<string, string>> {
    if (upstream) return upstream
    const response = await fetch(`${target}/.well-known/openid-configuration`)
    upstream = (await response.json()) as Record<string, string>
    return upstream
  }

  function takeFault(endpoint: FaultEndpoint): Fault | undefined {
    const entry = faults.get(endpoint)
    if (!entry) return undefined
    if (--entry.left <= 0) faults.delete(endpoint)
    return entry.fault
  }

  async function misbehave(fault: Fault, res: ServerResponse): Promise<boolean> {
    switch (fault) {
      case "hang":
        hanging.add(res)
        res.on("close", () => hanging.delete(res))
        return true
      case "html-5xx":
        res
          .writeHead(503, { "content-type": "text/html" })
          .end("<html><body><h1>503 Service Unavailable</h1></body></html>")
        return true
      case "invalid-json":
        res
          .writeHead(200, { "content-type": "application/json" })
          .end('{"keys": [ this is not json')
        return true
      case "close-mid-response":
        res.writeHead(200, { "content-type": "application/json", "content-length": "4096" })
        res.write('{"partial": "')
        setTimeout(() => res.socket?.destroy(), 20)
        return true
      case "slow":
        await new Promise((r) => setTimeout(r, options.slowMs ?? 150))
        return false
    }
  }

  async function relay(
    req: IncomingMessage,
    res: ServerResponse,
    endpoint: FaultEndpoint,
  ): Promise<void> {
    const meta = await upstreamMetadata()
    const body = await readBody(req)
    const upstreamUrl = {
      discovery: `${target}/.well-known/openid-configuration`,
      jwks: meta.jwks_uri!,
      token: meta.token_endpoint!,
      userinfo: meta.userinfo_endpoint!,
    }[endpoint]
    const url = new URL(req.url ?? "/", origin)
    const headers = new Headers()
    for (const [key, value] of Object.entries(req.headers)) {
      if (key === "host" || key === "content-length" || key === "connection" || value === undefined)
        continue
      headers.set(key, Array.isArray(value) ? value.join(", ") : value)
    }
    const response = await fetch(upstreamUrl + url.search, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : new Uint8Array(body),
      redirect: "manual",
    })
    let text = await response.text()
    if (endpoint === "discovery" && response.ok) {
      const doc = JSON.parse(text) as Record<string, unknown>
      doc.jwks_uri = `${origin}/jwks`
      doc.token_endpoint = `${origin}/token`
      doc.userinfo_endpoint = `${origin}/me`
      text = JSON.stringify(doc)
    }
    if (endpoint === "jwks" && response.ok && signing) {
      const doc = JSON.parse(text) as { keys: JWK[] }
      text = JSON.stringify({ keys: signing.published ? [signing.publicJwk] : doc.keys })
    }
    if (endpoint === "token" && response.ok && signing) {
      const doc = JSON.parse(text) as Record<string, unknown>
      if (typeof doc.id_token === "string") {
        const claims = decodeJwt(doc.id_token)
        const { alg } = decodeProtectedHeader(doc.id_token)
        if (alg === "RS256") {
          doc.id_token = await new SignJWT(claims)
            .setProtectedHeader({ alg: "RS256", kid: signing.kid, typ: "JWT" })
            .sign(signing.privateKey)
        }
      }
      text = JSON.stringify(doc)
    }
    res.statusCode = response.status
    response.headers.forEach((value, key) => {
      if (
        key !== "content-length" &&
        key !== "content-encoding" &&
        key !== "transfer-encoding" &&
        key !== "connection"
      )
        res.setHeader(key, value)
    })
    res.end(text)
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const endpoint = PATHS[new URL(req.url ?? "/", origin).pathname]
    if (!endpoint) {
      res.writeHead(404).end()
      return
    }
    hits[endpoint]++
    const fault = takeFault(endpoint)
    void (async () => {
      if (fault && (await misbehave(fault, res))) return
      await relay(req, res, endpoint)
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502).end()
      else res.destroy()
    })
  })

  return {
    origin,
    wellKnown: `${origin}/.well-known/openid-configuration`,
    hits,
    fail(endpoint, fault, times = Infinity) {
      faults.set(endpoint, { fault, left: times })
    },
    heal(endpoint) {
      if (endpoint) faults.delete(endpoint)
      else faults.clear()
      for (const res of hanging) res.destroy()
    },
    async rotateKey({ publish = true } = {}) {
      const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true })
      const kid = `rotated-${++rotations}`
      signing = {
        kid,
        privateKey,
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" },
        published: publish,
      }
      return kid
    },
    async stop() {
      for (const res of hanging) res.destroy()
      await stop()
    },
  }
}
