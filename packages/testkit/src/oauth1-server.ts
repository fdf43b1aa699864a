// A local OAuth 1.0a service provider (RFC 5849), shaped like Twitter's / X's OAuth 1.0a API.
//
// Every signature is checked with the third-party `oauth-sign` library, independently of whatever
// OAuth 1 code the client under test uses: this server never shares signing code with the client.

import { randomBytes, timingSafeEqual } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import { isLoopbackHost, listenLoopback } from "./loopback-server.js"
import { generateBase, hmacsign, plaintext, rfc3986, type OAuthSignParams } from "oauth-sign"

/** A user of the test OAuth 1 service provider (Twitter-like). Extra properties are returned by the profile endpoint. */
export interface OAuth1User {
  /** Decimal digits (e.g. `"1001"`): the profile returns it as the JSON number `id` (verbatim) and as `id_str`. */
  id: string
  screen_name: string
  name?: string
  email?: string
  profile_image_url_https?: string
  [k: string]: unknown
}

/** A consumer (client application) registered at the service provider. */
export interface OAuth1Consumer {
  key: string
  secret: string
  /** Allowed `oauth_callback` prefixes (plain string prefix match; `"oob"` must be listed to allow `oob`). Default: any. */
  callbackUrls?: string[]
}

export type OAuth1SignatureMethod = "HMAC-SHA1" | "PLAINTEXT"
export type OAuth1Endpoint = "requestToken" | "accessToken" | "profile"
export type OAuth1Misbehavior =
  "reject-signature" | "html-body" | "http-500" | "no-callback-confirmed"

export interface StartOAuth1ServerOptions {
  consumers: OAuth1Consumer[]
  /** Defaults to `defaultOAuth1Users()`: alice (id 1001, first) and bob (id 1002). */
  users?: OAuth1User[]
  /**
   * `"1.0A"` (default): `oauth_callback` is required at request_token, which answers
   * `oauth_callback_confirmed=true`; the authorize redirect carries `oauth_verifier`, which access_token requires.
   * `"1.0"`: no `oauth_callback_confirmed`, no verifier; the callback may also be given to the authorize
   * endpoint as the `oauth_callback` query parameter.
   */
  version?: "1.0" | "1.0A"
  /** Accepted signature methods. Default: both. */
  signatureMethods?: OAuth1SignatureMethod[]
  /**
   * `"auto"` (the only mode): `/oauth/authenticate` and `/oauth/authorize` complete at once for the user
   * named by the `screen_name` query parameter (case-insensitive; default: the first user), or refuse with `deny=1`.
   */
  login?: "auto"
  /** Defaults to a random free port. */
  port?: number
  /** Loopback only: `127.0.0.1` (default), another `127.x.y.z`, `::1` or `localhost`. */
  host?: string
  /** Largest accepted difference between `oauth_timestamp` and the server clock. Default 300. */
  timestampSkewSeconds?: number
}

export interface OAuth1LogEntry {
  method: string
  /** The path, without the query. */
  path: string
  /** `true` when the request was accepted: signature valid and every other check passed. */
  ok: boolean
  /** Why not: an `oauth_problem` value (e.g. `signature_invalid`, `nonce_used`), or `misbehave:<how>`. */
  error?: string
  /** Set when the response was altered by `misbehave()`. */
  misbehaved?: OAuth1Misbehavior
}

export interface RunningOAuth1Server {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  url: string
  port: number
  endpoints: {
    requestToken: string
    authorize: string
    authenticate: string
    accessToken: string
    profile: string
  }
  users: OAuth1User[]
  /** Every request, in arrival order, and whether it was accepted. */
  log: OAuth1LogEntry[]
  /**
   * Make the next response of an endpoint misbehave, for error-path tests (queued: each call affects one response).
   * - `reject-signature`: 401, the same body as a real `signature_invalid` failure.
   * - `html-body`: 200 with `content-type: text/html` and an HTML page.
   * - `http-500`: 500 with `{"errors":[{"code":131,"message":"Internal error."}]}`.
   * - `no-callback-confirmed` (requestToken only): the request is processed normally but the answer lacks
   *   `oauth_callback_confirmed`.
   * The first three answer without processing the request: no nonce recorded, no token issued or consumed.
   */
  misbehave(endpoint: OAuth1Endpoint, how: OAuth1Misbehavior): void
  /**
   * Revoke a token. A request token: the next access_token exchange for it fails (401 `token_revoked`).
   * An access token: profile requests with it fail (401 `token_revoked`). Throws for an unknown token.
   */
  revoke(token: string): void
  /** Closes the server and every open connection (keep-alive ones too). Idempotent. */
  stop(): Promise<void>
}

/** The users used when `users` is not given. */
export function defaultOAuth1Users(): OAuth1User[] {
  return [
    {
      id: "1001",
      screen_name: "alice",
      name: "Alice Example",
      email: "alice@example.test",
      profile_image_url_https: "https://pbs.example/alice.png",
    },
    {
      id: "1002",
      screen_name: "bob",
      name: "Bob Example",
      email: "bob@example.test",
      profile_image_url_https: "https://pbs.example/bob.png",
    },
  ]
}

// ---------------------------------------------------------------------------------------------
// Errors. Every failure of a signed endpoint is answered with JSON, Twitter's error shape plus the
// `oauth_problem` / `oauth_problem_advice` names of the OAuth Problem Reporting extension:
//   {"errors":[{"code":32,"message":"Could not authenticate you."}],"oauth_problem":"signature_invalid","oauth_problem_advice":"..."}

const TWITTER_ERRORS = {
  authenticate: { code: 32, message: "Could not authenticate you." },
  token: { code: 89, message: "Invalid or expired token." },
  timestamp: { code: 135, message: "Timestamp out of bounds." },
  bad: { code: 215, message: "Bad Authentication data." },
  callback: { code: 415, message: "Callback URL not approved for this client application." },
  notFound: { code: 34, message: "Sorry, that page does not exist." },
  internal: { code: 131, message: "Internal error." },
} as const

type TwitterError = (typeof TWITTER_ERRORS)[keyof typeof TWITTER_ERRORS]

class OAuth1Problem extends Error {
  constructor(
    readonly status: number,
    readonly problem: string,
    readonly twitter: TwitterError,
    readonly advice: string,
  ) {
    super(`${problem}: ${advice}`)
  }
}

const problem = {
  absent: (names: string[]) =>
    new OAuth1Problem(400, "parameter_absent", TWITTER_ERRORS.bad, `missing ${names.join(", ")}`),
  rejected: (advice: string) =>
    new OAuth1Problem(400, "parameter_rejected", TWITTER_ERRORS.bad, advice),
  unauthorized: (name: string, advice: string) =>
    new OAuth1Problem(401, name, TWITTER_ERRORS.authenticate, advice),
  token: (name: string, advice: string) =>
    new OAuth1Problem(401, name, TWITTER_ERRORS.token, advice),
}

// ---------------------------------------------------------------------------------------------
// Parameter collection (RFC 5849 §3.4.1.3.1) and signature verification, through `oauth-sign`.

/** A request as far as OAuth 1 signing is concerned. */
export interface OAuth1SignedRequest {
  method: string
  /** Absolute URL, with the query. Its scheme, host and path make the base string URI (§3.4.1.2). */
  url: string
  /** The `Authorization` header, if any. */
  authorization?: string
  /** The `Content-Type` header: the body counts only when it is `application/x-www-form-urlencoded`. */
  contentType?: string
  body?: string
}

interface CollectedParameters {
  /** `oauth_*` protocol parameters from wherever they were sent (header, body or query). */
  protocol: Map<string, string>
  /** Every parameter of the base string (without `realm` from the header, without `oauth_signature`). */
  signatureParams: OAuthSignParams
  baseUri: string
}

function percentDecode(value: string, what: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw problem.rejected(`${what} is not valid percent-encoding`)
  }
}

/** Parses `Authorization: OAuth k="v", ...` (§3.5.1). Returns undefined for another scheme. */
function parseAuthorizationHeader(header: string): Array<[string, string]> | undefined {
  const scheme = /^\s*OAuth(?:\s+|$)/i.exec(header)
  if (!scheme) return undefined
  let rest = header.slice(scheme[0].length).trim()
  const pairs: Array<[string, string]> = []
  const item = /^([^\s=,"]+)\s*=\s*(?:"([^"]*)"|([^\s",]*))\s*(?:,\s*|$)/
  while (rest.length > 0) {
    const match = item.exec(rest)
    if (!match) throw problem.rejected("malformed OAuth Authorization header")
    const name = percentDecode(match[1]!, "an Authorization header parameter name")
    pairs.push([
      name,
      percentDecode(match[2] ?? match[3] ?? "", `Authorization header parameter ${name}`),
    ])
    rest = rest.slice(match[0].length)
  }
  return pairs
}

function isFormContentType(contentType: string | undefined): boolean {
  return (
    (contentType ?? "").split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded"
  )
}

function collectParameters(req: OAuth1SignedRequest): CollectedParameters {
  let url: URL
  try {
    url = new URL(req.url)
  } catch {
    throw problem.rejected("invalid request URL")
  }
  // §3.4.1.2: lowercase scheme and host, default port omitted, no query or fragment (URL does all that).
  const baseUri = `${url.protocol}//${url.host}${url.pathname}`

  const all: Array<[string, string]> = []
  for (const [k, v] of new URLSearchParams(url.search)) all.push([k, v])
  if (req.body && isFormContentType(req.contentType)) {
    for (const [k, v] of new URLSearchParams(req.body)) all.push([k, v])
  }
  const header = req.authorization ? parseAuthorizationHeader(req.authorization) : undefined
  for (const [k, v] of header ?? []) if (k !== "realm") all.push([k, v])

  const protocol = new Map<string, string>()
  const signatureParams: OAuthSignParams = Object.create(null) as OAuthSignParams
  for (const [name, value] of all) {
    if (name.startsWith("oauth_")) {
      // §3.1: each protocol parameter MUST NOT appear more than once per request.
      if (protocol.has(name)) throw problem.rejected(`${name} sent more than once`)
      protocol.set(name, value)
    }
    if (name === "oauth_signature") continue
    const existing = signatureParams[name]
    if (existing === undefined) signatureParams[name] = value
    else if (Array.isArray(existing)) existing.push(value)
    else signatureParams[name] = [existing, value]
  }
  return { protocol, signatureParams, baseUri }
}

/**
 * The normalized request parameters (RFC 5849 §3.4.1.3.2) this server computes for a request, exactly as it
 * signs them (the string is oauth-sign's; this only decodes it out of the base string).
 */
export function normalizeParameters(req: OAuth1SignedRequest): string {
  const { signatureParams } = collectParameters(req)
  return decodeURIComponent(generateBase("POST", "", signatureParams).split("&")[2]!)
}

/** The signature base string (RFC 5849 §3.4.1) this server computes for a request. */
export function signatureBaseString(req: OAuth1SignedRequest): string {
  const { signatureParams, baseUri } = collectParameters(req)
  return generateBase(req.method, baseUri, signatureParams)
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8")
  const y = Buffer.from(b, "utf8")
  return x.length === y.length && timingSafeEqual(x, y)
}

function signatureMatches(
  collected: CollectedParameters,
  method: string,
  consumerSecret: string,
  tokenSecret: string,
): boolean {
  const given = collected.protocol.get("oauth_signature")
  if (given === undefined) return false
  switch (collected.protocol.get("oauth_signature_method")) {
    case "HMAC-SHA1":
      return safeEqual(
        given,
        hmacsign(method, collected.baseUri, collected.signatureParams, consumerSecret, tokenSecret),
      )
    case "PLAINTEXT":
      return safeEqual(given, plaintext(consumerSecret, tokenSecret))
    default:
      return false
  }
}

/** Whether the request's `oauth_signature` is right for these secrets (HMAC-SHA1 or PLAINTEXT), per oauth-sign. */
export function verifySignature(
  req: OAuth1SignedRequest,
  consumerSecret: string,
  tokenSecret = "",
): boolean {
  return signatureMatches(collectParameters(req), req.method, consumerSecret, tokenSecret)
}

// ---------------------------------------------------------------------------------------------
// Server state.

interface RequestTokenState {
  consumerKey: string
  secret: string
  callback: string | undefined
  state: "issued" | "authorized" | "denied" | "used" | "revoked"
  verifier?: string
  userId?: string
}

interface AccessTokenState {
  consumerKey: string
  secret: string
  userId: string
  revoked: boolean
}

const PATHS = {
  requestToken: "/oauth/request_token",
  authorize: "/oauth/authorize",
  authenticate: "/oauth/authenticate",
  accessToken: "/oauth/access_token",
  profile: "/1.1/account/verify_credentials.json",
} as const

const MISBEHAVIORS: readonly OAuth1Misbehavior[] = [
  "reject-signature",
  "html-body",
  "http-500",
  "no-callback-confirmed",
]
const SIGNATURE_METHODS: readonly OAuth1SignatureMethod[] = ["HMAC-SHA1", "PLAINTEXT"]
const MAX_BODY_BYTES = 1024 * 1024

const token = (bytes: number) => randomBytes(bytes).toString("base64url")
const formEncode = (pairs: Array<[string, string]>) =>
  pairs.map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`).join("&")
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Appends parameters to a URL, keeping its query (byte for byte) and fragment. */
function appendQuery(url: string, pairs: Array<[string, string]>): string {
  const hash = url.indexOf("#")
  const base = hash === -1 ? url : url.slice(0, hash)
  const fragment = hash === -1 ? "" : url.slice(hash)
  const sep = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&"
  return `${base}${sep}${formEncode(pairs)}${fragment}`
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      // Too large: answer 413 at once and drain the rest without keeping it.
      if (size > MAX_BODY_BYTES)
        reject(
          new OAuth1Problem(
            413,
            "parameter_rejected",
            TWITTER_ERRORS.bad,
            "request body too large",
          ),
        )
      else chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store", ...headers })
  res.end(body)
}

function sendProblem(res: ServerResponse, p: OAuth1Problem, realm: string) {
  const body = JSON.stringify({
    errors: [{ code: p.twitter.code, message: p.twitter.message }],
    oauth_problem: p.problem,
    oauth_problem_advice: p.advice,
  })
  const headers: Record<string, string> =
    p.status === 401 ? { "www-authenticate": `OAuth realm="${realm}"` } : {}
  send(res, p.status, "application/json; charset=utf-8", body, headers)
}

/** The profile JSON: `id` as a JSON number written verbatim (no float rounding server-side), `id_str` as a string. */
function userJson(user: OAuth1User, includeEmail: boolean): string {
  const { id, email, ...rest } = user
  const others: Record<string, unknown> = { id_str: id, ...rest }
  if (includeEmail && email !== undefined) others.email = email
  const idJson = /^(0|[1-9]\d*)$/.test(id) ? id : JSON.stringify(id)
  const tail = JSON.stringify(others).slice(1)
  return `{"id":${idJson},${tail}`
}

/** Starts a local OAuth 1.0a service provider on a loopback address. */
export async function startOAuth1Server(
  options: StartOAuth1ServerOptions,
): Promise<RunningOAuth1Server> {
  const host = options.host ?? "127.0.0.1"
  if (!isLoopbackHost(host)) {
    throw new Error(
      `startOAuth1Server: host must be a loopback address (127.0.0.1, ::1 or localhost), got ${JSON.stringify(host)}`,
    )
  }
  if (options.login !== undefined && options.login !== "auto") {
    throw new Error(`startOAuth1Server: login must be "auto", got ${JSON.stringify(options.login)}`)
  }
  const version = options.version ?? "1.0A"
  if (version !== "1.0" && version !== "1.0A")
    throw new Error(`startOAuth1Server: unknown version ${JSON.stringify(version)}`)
  const methods = options.signatureMethods ?? [...SIGNATURE_METHODS]
  for (const m of methods) {
    if (!SIGNATURE_METHODS.includes(m))
      throw new Error(`startOAuth1Server: unsupported signature method ${JSON.stringify(m)}`)
  }
  const skew = options.timestampSkewSeconds ?? 300
  const consumers = new Map<string, OAuth1Consumer>()
  for (const c of options.consumers) {
    if (!c.key || typeof c.secret !== "string")
      throw new Error("startOAuth1Server: every consumer needs a key and a secret")
    consumers.set(c.key, { ...c })
  }
  const users = (options.users ?? defaultOAuth1Users()).map((u) => ({ ...u }))

  const log: OAuth1LogEntry[] = []
  const requestTokens = new Map<string, RequestTokenState>()
  const accessTokens = new Map<string, AccessTokenState>()
  /** timestamp -> "consumer key \0 nonce" */
  const nonces = new Map<string, Set<string>>()
  const pending: Record<OAuth1Endpoint, OAuth1Misbehavior[]> = {
    requestToken: [],
    accessToken: [],
    profile: [],
  }

  const { server, port, origin: url, stop } = await listenLoopback(host, options.port)
  const endpoints = {
    requestToken: url + PATHS.requestToken,
    authorize: url + PATHS.authorize,
    authenticate: url + PATHS.authenticate,
    accessToken: url + PATHS.accessToken,
    profile: url + PATHS.profile,
  }

  const callbackAllowed = (consumer: OAuth1Consumer, callback: string) =>
    !consumer.callbackUrls || consumer.callbackUrls.some((prefix) => callback.startsWith(prefix))

  function checkCallback(consumer: OAuth1Consumer, callback: string) {
    if (callback !== "oob") {
      try {
        new URL(callback)
      } catch {
        throw problem.rejected("oauth_callback must be an absolute URL or oob")
      }
    }
    if (!callbackAllowed(consumer, callback)) {
      throw new OAuth1Problem(
        403,
        "parameter_rejected",
        TWITTER_ERRORS.callback,
        "oauth_callback is not an allowed callback URL for this consumer",
      )
    }
  }

  function useNonce(consumerKey: string, timestamp: string, nonce: string) {
    const now = Math.floor(Date.now() / 1000)
    // Forget timestamps that are out of the window anyway: they are refused before reaching here.
    for (const ts of nonces.keys())
      if (ts !== "" && Math.abs(now - Number(ts)) > skew) nonces.delete(ts)
    let seen = nonces.get(timestamp)
    if (!seen) nonces.set(timestamp, (seen = new Set()))
    const key = `${consumerKey}\u0000${nonce}`
    if (seen.has(key))
      throw problem.unauthorized(
        "nonce_used",
        "this oauth_nonce was already used with this oauth_timestamp",
      )
    seen.add(key)
  }

  /** The checks every signed endpoint makes, in order. Throws an OAuth1Problem. */
  function authenticate<K extends "none" | "request" | "access">(
    sreq: OAuth1SignedRequest,
    kind: K,
  ): {
    consumer: OAuth1Consumer
    params: Map<string, string>
    token: K extends "request"
      ? RequestTokenState
      : K extends "access"
        ? AccessTokenState
        : undefined
  } {
    const collected = collectParameters(sreq)
    const params = collected.protocol
    const method = params.get("oauth_signature_method")
    const required = ["oauth_consumer_key", "oauth_signature_method", "oauth_signature"]
    // §3.4.4: with PLAINTEXT the timestamp and nonce MAY be omitted (they are checked when present).
    if (method !== "PLAINTEXT") required.push("oauth_timestamp", "oauth_nonce")
    if (kind !== "none") required.push("oauth_token")
    const missing = required.filter((n) => !params.has(n))
    if (missing.length > 0) throw problem.absent(missing)

    const versionParam = params.get("oauth_version")
    if (versionParam !== undefined && versionParam !== "1.0") {
      throw new OAuth1Problem(
        400,
        "version_rejected",
        TWITTER_ERRORS.bad,
        'oauth_version must be "1.0"',
      )
    }
    const consumer = consumers.get(params.get("oauth_consumer_key")!)
    if (!consumer) throw problem.unauthorized("consumer_key_unknown", "unknown oauth_consumer_key")
    if (!methods.includes(method as OAuth1SignatureMethod)) {
      throw new OAuth1Problem(
        400,
        "signature_method_rejected",
        TWITTER_ERRORS.bad,
        `accepted signature methods: ${methods.join(", ")}`,
      )
    }
    const timestamp = params.get("oauth_timestamp")
    if (timestamp !== undefined) {
      if (!/^\d{1,15}$/.test(timestamp))
        throw problem.rejected("oauth_timestamp must be a number of seconds")
      const now = Math.floor(Date.now() / 1000)
      if (Math.abs(now - Number(timestamp)) > skew) {
        throw new OAuth1Problem(
          401,
          "timestamp_refused",
          TWITTER_ERRORS.timestamp,
          `oauth_timestamp must be within ${skew}s of ${now}`,
        )
      }
    }

    let tokenState: RequestTokenState | AccessTokenState | undefined
    if (kind !== "none") {
      const t = params.get("oauth_token")!
      tokenState = kind === "request" ? requestTokens.get(t) : accessTokens.get(t)
      if (!tokenState || tokenState.consumerKey !== consumer.key) {
        throw problem.token(
          "token_rejected",
          `oauth_token is not ${kind === "request" ? "a request" : "an access"} token of this consumer`,
        )
      }
    }

    if (!signatureMatches(collected, sreq.method, consumer.secret, tokenState?.secret ?? "")) {
      throw problem.unauthorized("signature_invalid", `the ${method} signature does not match`)
    }
    const nonce = params.get("oauth_nonce")
    if (nonce !== undefined) useNonce(consumer.key, timestamp ?? "", nonce)
    return { consumer, params, token: tokenState as never }
  }

  function takeMisbehavior(endpoint: OAuth1Endpoint): OAuth1Misbehavior | undefined {
    return pending[endpoint].shift()
  }

  /** Answers a misbehavior that replaces the whole response. Returns true when it did. */
  function misbehaveResponse(
    how: OAuth1Misbehavior | undefined,
    res: ServerResponse,
    entry: OAuth1LogEntry,
  ): boolean {
    if (how === undefined || how === "no-callback-confirmed") return false
    entry.misbehaved = how
    entry.error = `misbehave:${how}`
    if (how === "reject-signature") {
      sendProblem(
        res,
        problem.unauthorized("signature_invalid", "the HMAC-SHA1 signature does not match"),
        url,
      )
    } else if (how === "html-body") {
      send(
        res,
        200,
        "text/html; charset=utf-8",
        page(
          "Twitter / Error",
          "<h1>Something is technically wrong.</h1><p>Thanks for noticing.</p>",
        ),
      )
    } else {
      send(
        res,
        500,
        "application/json; charset=utf-8",
        JSON.stringify({ errors: [TWITTER_ERRORS.internal] }),
      )
    }
    return true
  }

  function requirePost(req: IncomingMessage) {
    if (req.method !== "POST")
      throw new OAuth1Problem(405, "method_not_allowed", TWITTER_ERRORS.notFound, "use POST")
  }

  function handleRequestToken(
    req: IncomingMessage,
    res: ServerResponse,
    sreq: OAuth1SignedRequest,
    entry: OAuth1LogEntry,
  ) {
    const how = takeMisbehavior("requestToken")
    if (misbehaveResponse(how, res, entry)) return
    requirePost(req)
    const { consumer, params } = authenticate(sreq, "none")
    const callback = params.get("oauth_callback")
    if (callback === undefined && version === "1.0A") throw problem.absent(["oauth_callback"])
    if (callback !== undefined) checkCallback(consumer, callback)
    const requestToken = token(20)
    const state: RequestTokenState = {
      consumerKey: consumer.key,
      secret: token(30),
      callback,
      state: "issued",
    }
    requestTokens.set(requestToken, state)
    const pairs: Array<[string, string]> = [
      ["oauth_token", requestToken],
      ["oauth_token_secret", state.secret],
    ]
    if (how === "no-callback-confirmed") entry.misbehaved = how
    else if (version === "1.0A") pairs.push(["oauth_callback_confirmed", "true"])
    entry.ok = true
    send(res, 200, "application/x-www-form-urlencoded", formEncode(pairs))
  }

  function handleAuthorize(
    req: IncomingMessage,
    res: ServerResponse,
    query: URLSearchParams,
    entry: OAuth1LogEntry,
  ) {
    const fail = (name: string, message: string) => {
      entry.error = name
      send(res, 400, "text/html; charset=utf-8", page("Error", `<h1>${escapeHtml(message)}</h1>`))
    }
    if (req.method !== "GET" && req.method !== "POST") return fail("method_not_allowed", "Use GET.")
    const requestToken = query.get("oauth_token")
    if (!requestToken) return fail("parameter_absent", "There is no request token for this page.")
    const state = requestTokens.get(requestToken)
    if (!state || (state.state !== "issued" && state.state !== "authorized")) {
      return fail(
        "token_rejected",
        "This page is no longer valid. It looks like someone already used the token information you provided.",
      )
    }
    const consumer = consumers.get(state.consumerKey)!
    let callback = state.callback
    const queryCallback = query.get("oauth_callback")
    if (version === "1.0" && queryCallback) {
      if (queryCallback !== "oob") {
        try {
          new URL(queryCallback)
        } catch {
          return fail("parameter_rejected", "oauth_callback must be an absolute URL.")
        }
      }
      if (!callbackAllowed(consumer, queryCallback))
        return fail("parameter_rejected", "Callback URL not approved for this client application.")
      callback = queryCallback
    }
    const screenName = query.get("screen_name")
    const user = screenName
      ? users.find((u) => u.screen_name.toLowerCase() === screenName.toLowerCase())
      : users[0]
    if (!user)
      return fail("permission_unknown", screenName ? `No user ${screenName}.` : "No users.")

    let pairs: Array<[string, string]>
    if (query.get("deny") === "1") {
      state.state = "denied"
      pairs = [["denied", requestToken]]
    } else {
      state.state = "authorized"
      state.userId = user.id
      pairs = [["oauth_token", requestToken]]
      if (version === "1.0A") {
        state.verifier = token(24)
        pairs.push(["oauth_verifier", state.verifier])
      }
    }
    entry.ok = true
    if (callback === undefined || callback === "oob") {
      const denied = state.state === "denied"
      const pin =
        state.verifier && !denied
          ? `<p>Enter this PIN: <code id="oauth_pin">${escapeHtml(state.verifier)}</code></p>`
          : ""
      send(
        res,
        200,
        "text/html; charset=utf-8",
        page(
          denied ? "Denied" : "Authorized",
          `<h1>${denied ? "You denied access." : "You authorized the application."}</h1>${pin}`,
        ),
      )
      return
    }
    res.writeHead(302, { location: appendQuery(callback, pairs), "cache-control": "no-store" })
    res.end()
  }

  function handleAccessToken(
    req: IncomingMessage,
    res: ServerResponse,
    sreq: OAuth1SignedRequest,
    entry: OAuth1LogEntry,
  ) {
    if (misbehaveResponse(takeMisbehavior("accessToken"), res, entry)) return
    requirePost(req)
    const { params, token: state } = authenticate(sreq, "request")
    const previous = state.state
    // A request token is consumed by the first signature-valid exchange attempt, successful or not.
    if (previous !== "revoked") state.state = "used"
    if (previous === "revoked")
      throw problem.token("token_revoked", "the request token was revoked")
    if (previous === "used")
      throw problem.token("token_used", "the request token was already exchanged")
    if (previous === "denied") throw problem.token("permission_denied", "the user denied access")
    if (previous === "issued")
      throw problem.token("permission_unknown", "the user has not authorized the request token")
    if (version === "1.0A") {
      const verifier = params.get("oauth_verifier")
      if (verifier === undefined) throw problem.absent(["oauth_verifier"])
      if (!safeEqual(verifier, state.verifier ?? ""))
        throw problem.unauthorized("verifier_invalid", "oauth_verifier does not match")
    }
    const user = users.find((u) => u.id === state.userId)!
    const accessToken = `${user.id}-${token(24)}`
    const access: AccessTokenState = {
      consumerKey: state.consumerKey,
      secret: token(30),
      userId: user.id,
      revoked: false,
    }
    accessTokens.set(accessToken, access)
    entry.ok = true
    send(
      res,
      200,
      "application/x-www-form-urlencoded",
      formEncode([
        ["oauth_token", accessToken],
        ["oauth_token_secret", access.secret],
        ["user_id", user.id],
        ["screen_name", user.screen_name],
      ]),
    )
  }

  function handleProfile(
    req: IncomingMessage,
    res: ServerResponse,
    sreq: OAuth1SignedRequest,
    query: URLSearchParams,
    entry: OAuth1LogEntry,
  ) {
    if (misbehaveResponse(takeMisbehavior("profile"), res, entry)) return
    if (req.method !== "GET")
      throw new OAuth1Problem(405, "method_not_allowed", TWITTER_ERRORS.notFound, "use GET")
    const { token: access } = authenticate(sreq, "access")
    if (access.revoked) throw problem.token("token_revoked", "the access token was revoked")
    const user = users.find((u) => u.id === access.userId)
    if (!user) throw problem.token("token_rejected", "the user of this access token is gone")
    const includeEmail = ["true", "t", "1"].includes(query.get("include_email") ?? "")
    entry.ok = true
    send(res, 200, "application/json; charset=utf-8", userJson(user, includeEmail))
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const rawPath = req.url ?? "/"
    const entry: OAuth1LogEntry = {
      method: req.method ?? "GET",
      path: rawPath.split("?")[0]!,
      ok: false,
    }
    log.push(entry)
    try {
      const target = new URL(`${url}${rawPath.startsWith("/") ? "" : "/"}${rawPath}`)
      entry.path = target.pathname
      const body = await readBody(req)
      // The base string URI is what the client addressed (Host header), as on a real server.
      const signedUrl = req.headers.host
        ? `http://${req.headers.host}${target.pathname}${target.search}`
        : target.href
      const sreq: OAuth1SignedRequest = {
        method: req.method ?? "GET",
        url: signedUrl,
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        body,
      }
      switch (target.pathname) {
        case PATHS.requestToken:
          return handleRequestToken(req, res, sreq, entry)
        case PATHS.authorize:
        case PATHS.authenticate:
          return handleAuthorize(req, res, target.searchParams, entry)
        case PATHS.accessToken:
          return handleAccessToken(req, res, sreq, entry)
        case PATHS.profile:
          return handleProfile(req, res, sreq, target.searchParams, entry)
        default:
          throw new OAuth1Problem(
            404,
            "not_found",
            TWITTER_ERRORS.notFound,
            `no route ${target.pathname}`,
          )
      }
    } catch (err) {
      entry.ok = false
      if (err instanceof OAuth1Problem) {
        entry.error = err.problem
        if (!res.headersSent) sendProblem(res, err, url)
      } else {
        entry.error = `internal: ${err instanceof Error ? err.message : String(err)}`
        if (!res.headersSent)
          send(
            res,
            500,
            "application/json; charset=utf-8",
            JSON.stringify({ errors: [TWITTER_ERRORS.internal] }),
          )
      }
    }
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res)
  })

  const misbehave = (endpoint: OAuth1Endpoint, how: OAuth1Misbehavior) => {
    if (!(endpoint in pending))
      throw new TypeError(`misbehave: unknown endpoint ${JSON.stringify(endpoint)}`)
    if (!MISBEHAVIORS.includes(how))
      throw new TypeError(`misbehave: unknown misbehavior ${JSON.stringify(how)}`)
    if (how === "no-callback-confirmed" && endpoint !== "requestToken") {
      throw new TypeError(
        'misbehave: "no-callback-confirmed" applies to the requestToken endpoint only',
      )
    }
    pending[endpoint].push(how)
  }

  const revoke = (t: string) => {
    const request = requestTokens.get(t)
    if (request) {
      request.state = "revoked"
      return
    }
    const access = accessTokens.get(t)
    if (access) {
      access.revoked = true
      return
    }
    throw new Error("revoke: unknown token")
  }

  return { url, port, endpoints, users, log, misbehave, revoke, stop }
}
