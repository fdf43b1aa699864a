/**
 * The local OpenID Provider for the benchmarks, in its own process so that its CPU time is never
 * counted as library time. Started by run.mjs with child_process.fork (IPC channel).
 *
 * It also plays the browser at the IdP: `follow(url)` walks the redirects of an authorization
 * request (login "auto", consent granted) with a per-client cookie jar and answers the first URL
 * outside the IdP (the relying party's callback). So the bench process only runs library code
 * (plus one IPC round trip) during a full sign-in.
 *
 * Messages in:  { id, type: "follow", url, jar } | { id, type: "counts" } | { id, type: "tamper", on }
 * Messages out: { type: "ready", issuer } then { id, result } or { id, error }.
 */
import { Server } from "node:http"
import { startOidcProvider } from "@auth/testkit"
import { CookieJar } from "./lib/cookies.mjs"
import { APP_ORIGIN, BASE_PATH, CLIENTS } from "./lib/config.mjs"

const callback = `${APP_ORIGIN}${BASE_PATH}/callback/idp`

const idp = await startOidcProvider({
  login: "auto",
  clients: Object.values(CLIENTS).map((c) => ({
    client_id: c.clientId,
    client_secret: c.clientSecret,
    redirect_uris: [callback],
    token_endpoint_auth_method: "client_secret_basic",
  })),
})

/** Requests the IdP served, by kind (every request through oidc-provider's own routes). */
const counts = { total: 0, discovery: 0, jwks: 0, token: 0, userinfo: 0, authorize: 0, other: 0 }
let tamper = false

/** Flips one character in the middle of the id_token signature (keeps it valid base64url). */
function tamperSignature(jwt) {
  const [h, p, s] = jwt.split(".")
  const i = Math.floor(s.length / 2)
  const flipped = s[i] === "A" ? "B" : "A"
  return `${h}.${p}.${s.slice(0, i)}${flipped}${s.slice(i + 1)}`
}

/**
 * Counting and tampering sit in front of the IdP's HTTP server (startOidcProvider composes its Koa
 * middleware before returning, so nothing can be added there afterwards): every "request" event of
 * an http.Server in this process goes through here.
 */
const emit = Server.prototype.emit
Server.prototype.emit = function (event, req, res) {
  if (event === "request") {
    const path = (req.url ?? "/").split("?")[0]
    counts.total++
    if (path === "/.well-known/openid-configuration") counts.discovery++
    else if (path === "/jwks") counts.jwks++
    else if (path === "/token") counts.token++
    else if (path === "/me") counts.userinfo++
    else if (path === "/auth" || path.startsWith("/auth/")) counts.authorize++
    else counts.other++
    if (tamper && path === "/token") tamperTokenResponse(res)
  }
  return emit.apply(this, arguments)
}

/** Rewrites the JSON body of a token response (Koa sends it in one res.end) with a bad signature. */
function tamperTokenResponse(res) {
  const end = res.end
  res.end = function (chunk, ...rest) {
    try {
      const body = JSON.parse(Buffer.isBuffer(chunk) ? chunk.toString("utf8") : String(chunk))
      if (typeof body.id_token === "string") {
        body.id_token = tamperSignature(body.id_token)
        chunk = JSON.stringify(body)
        if (!res.headersSent) res.setHeader("content-length", Buffer.byteLength(chunk))
      }
    } catch {
      // not JSON: leave it
    }
    return end.call(this, chunk, ...rest)
  }
}

const jars = new Map()

async function follow(start, jarName) {
  let jar = jars.get(jarName)
  if (!jar) jars.set(jarName, (jar = new CookieJar()))
  let url = new URL(start)
  for (let hop = 0; hop < 20; hop++) {
    if (url.origin !== idp.issuer) return url.href
    const response = await fetch(url, { redirect: "manual", headers: { cookie: jar.header(url) } })
    jar.store(url, response.headers.getSetCookie())
    const location = response.headers.get("location")
    await response.arrayBuffer()
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url)
      continue
    }
    throw new Error(`IdP answered ${response.status} at ${url.pathname} without a redirect`)
  }
  throw new Error("too many redirects at the IdP")
}

process.on("message", async (msg) => {
  try {
    let result
    if (msg.type === "follow") result = await follow(msg.url, msg.jar)
    else if (msg.type === "counts") result = { ...counts }
    else if (msg.type === "tamper") {
      tamper = Boolean(msg.on)
      result = tamper
    } else if (msg.type === "stop") {
      await idp.stop()
      process.send({ id: msg.id, result: true }, () => process.exit(0))
      return
    } else throw new Error(`unknown message ${msg.type}`)
    process.send({ id: msg.id, result })
  } catch (error) {
    process.send({ id: msg.id, error: String(error?.stack ?? error) })
  }
})

process.on("disconnect", () => {
  idp.stop().finally(() => process.exit(0))
})

process.send({ type: "ready", issuer: idp.issuer })
