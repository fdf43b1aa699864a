import { createHmac } from "node:crypto"
import { connect, createServer as createNetServer } from "node:net"
import OAuth from "oauth-1.0a"
import { afterEach, describe, expect, it } from "vitest"
import {
  startOAuth1Server,
  type RunningOAuth1Server,
  type StartOAuth1ServerOptions,
} from "../src/index.js"
import { normalizeParameters, signatureBaseString, verifySignature } from "../src/oauth1-server.js"

// Requests are signed here with the independent `oauth-1.0a` library; the server checks them with `oauth-sign`.

interface Credentials {
  key: string
  secret: string
}

// A secret with characters that must be percent-encoded in the signing key.
const CONSUMER: Credentials = { key: "consumer-key", secret: "consumer secret&+/=" }
const CALLBACK = "http://app.test/callback?state=a%20b&x=1"

const servers: RunningOAuth1Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop()
})

async function start(
  options: Partial<StartOAuth1ServerOptions> = {},
): Promise<RunningOAuth1Server> {
  const server = await startOAuth1Server({ consumers: [{ ...CONSUMER }], ...options })
  servers.push(server)
  return server
}

interface SignOptions {
  consumer?: Credentials
  token?: Credentials
  signatureMethod?: "HMAC-SHA1" | "PLAINTEXT"
  nonce?: string
  timestamp?: number
  /** oauth_* parameters besides oauth-1.0a's own (oauth_callback, oauth_verifier): signed, sent with the others. */
  oauthParams?: Record<string, string>
  /** Non-protocol parameters sent in a form body (signed). */
  body?: Record<string, string>
  /** Where the protocol parameters go. Default: the Authorization header. */
  placement?: "header" | "body"
  /** Change the request after signing. */
  tamper?: (request: { url: string; body: URLSearchParams }) => void
}

async function signedFetch(
  method: "GET" | "POST",
  url: string,
  o: SignOptions = {},
): Promise<Response> {
  const signatureMethod = o.signatureMethod ?? "HMAC-SHA1"
  const oauth = new OAuth({
    consumer: o.consumer ?? CONSUMER,
    signature_method: signatureMethod,
    hash_function:
      signatureMethod === "PLAINTEXT"
        ? (_base: string, key: string) => key
        : (base: string, key: string) => createHmac("sha1", key).update(base).digest("base64"),
  })
  if (o.nonce !== undefined) oauth.getNonce = () => o.nonce!
  if (o.timestamp !== undefined) oauth.getTimeStamp = () => o.timestamp!
  const signed = oauth.authorize({ url, method, data: { ...o.oauthParams, ...o.body } }, o.token)
  const protocol = { ...signed, ...o.oauthParams }
  const headers: Record<string, string> = {}
  const body = new URLSearchParams(o.body)
  if ((o.placement ?? "header") === "header")
    headers.authorization = oauth.toHeader(protocol).Authorization
  else for (const [k, v] of Object.entries(protocol)) body.append(k, String(v))
  const request = { url, body }
  o.tamper?.(request)
  const hasBody = [...request.body.keys()].length > 0
  if (hasBody) headers["content-type"] = "application/x-www-form-urlencoded"
  return fetch(request.url, {
    method,
    headers,
    body: hasBody ? request.body.toString() : undefined,
    redirect: "manual",
  })
}

const form = async (res: Response) => Object.fromEntries(new URLSearchParams(await res.text()))

async function getRequestToken(
  server: RunningOAuth1Server,
  o: SignOptions = {},
): Promise<Credentials & { confirmed?: string }> {
  const res = await signedFetch("POST", server.endpoints.requestToken, {
    oauthParams: { oauth_callback: CALLBACK },
    ...o,
  })
  expect(res.status).toBe(200)
  expect(res.headers.get("content-type")).toBe("application/x-www-form-urlencoded")
  const f = await form(res)
  return {
    key: f.oauth_token!,
    secret: f.oauth_token_secret!,
    confirmed: f.oauth_callback_confirmed,
  }
}

/** Visits the authenticate page; returns the redirect target. */
async function visit(
  server: RunningOAuth1Server,
  requestToken: string,
  extra = "",
  endpoint: "authenticate" | "authorize" = "authenticate",
): Promise<URL> {
  const res = await fetch(
    `${server.endpoints[endpoint]}?oauth_token=${encodeURIComponent(requestToken)}${extra}`,
    { redirect: "manual" },
  )
  expect(res.status).toBe(302)
  return new URL(res.headers.get("location")!)
}

function exchange(
  server: RunningOAuth1Server,
  requestToken: Credentials,
  verifier: string | undefined,
  o: SignOptions = {},
) {
  return signedFetch("POST", server.endpoints.accessToken, {
    token: requestToken,
    oauthParams: verifier === undefined ? {} : { oauth_verifier: verifier },
    ...o,
  })
}

/** Request token -> authenticate -> access token. */
async function dance(server: RunningOAuth1Server, o: SignOptions = {}, extra = "") {
  const requestToken = await getRequestToken(server, o)
  const redirect = await visit(server, requestToken.key, extra)
  const verifier = redirect.searchParams.get("oauth_verifier")!
  const res = await exchange(server, requestToken, verifier, o)
  expect(res.status).toBe(200)
  const f = await form(res)
  return {
    requestToken,
    verifier,
    access: { key: f.oauth_token!, secret: f.oauth_token_secret! },
    accessResponse: f,
  }
}

async function expectProblem(res: Response, status: number, oauthProblem: string, code: number) {
  expect(res.status).toBe(status)
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8")
  const body = (await res.json()) as {
    errors: Array<{ code: number; message: string }>
    oauth_problem: string
    oauth_problem_advice: string
  }
  expect(body.oauth_problem).toBe(oauthProblem)
  expect(body.errors).toHaveLength(1)
  expect(body.errors[0]!.code).toBe(code)
  expect(typeof body.errors[0]!.message).toBe("string")
  expect(typeof body.oauth_problem_advice).toBe("string")
  return body
}

const now = () => Math.floor(Date.now() / 1000)

describe("RFC 5849 signature base string (computed with oauth-sign)", () => {
  // RFC 5849 §3.4.1: the example request.
  const rfcRequest = {
    method: "POST",
    url: "http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b",
    authorization:
      'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"',
    contentType: "application/x-www-form-urlencoded",
    body: "c2&a3=2+q",
  }

  it("normalizes the §3.4.1 example's parameters (realm and oauth_signature excluded, query + body + header)", () => {
    expect(normalizeParameters(rfcRequest)).toBe(
      "a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7",
    )
  })

  it("builds the §3.4.1.1 example base string", () => {
    expect(signatureBaseString(rfcRequest)).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
    )
  })

  it("ignores the body unless it is application/x-www-form-urlencoded", () => {
    expect(normalizeParameters({ ...rfcRequest, contentType: "application/json" })).not.toContain(
      "c2=",
    )
    expect(
      normalizeParameters({
        ...rfcRequest,
        contentType: "application/x-www-form-urlencoded; charset=UTF-8",
      }),
    ).toContain("c2=")
  })

  it("verifies Twitter's published example signature and rejects a tampered request", () => {
    // The example of Twitter's "Creating a signature" documentation.
    const request = {
      method: "POST",
      url: "https://api.twitter.com/1.1/statuses/update.json?include_entities=true",
      authorization:
        'OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce="kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1318622958", oauth_token="370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", oauth_version="1.0"',
      contentType: "application/x-www-form-urlencoded",
      body: "status=Hello+Ladies+%2B+Gentlemen%2C+a+signed+OAuth+request%21",
    }
    const consumerSecret = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"
    const tokenSecret = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"
    expect(verifySignature(request, consumerSecret, tokenSecret)).toBe(true)
    expect(
      verifySignature(
        { ...request, body: "status=Hello+Ladies+%2B+Gentlemen%2C+a+signed+OAuth+request%3F" },
        consumerSecret,
        tokenSecret,
      ),
    ).toBe(false)
    expect(
      verifySignature(
        { ...request, url: "https://api.twitter.com/1.1/statuses/update.json" },
        consumerSecret,
        tokenSecret,
      ),
    ).toBe(false)
    expect(verifySignature(request, consumerSecret, "other")).toBe(false)
  })
})

describe("startOAuth1Server: the full dance", () => {
  it("request token -> authenticate redirect with verifier -> access token -> verify_credentials with email", async () => {
    const server = await start()
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.endpoints).toEqual({
      requestToken: `${server.url}/oauth/request_token`,
      authorize: `${server.url}/oauth/authorize`,
      authenticate: `${server.url}/oauth/authenticate`,
      accessToken: `${server.url}/oauth/access_token`,
      profile: `${server.url}/1.1/account/verify_credentials.json`,
    })

    const requestToken = await getRequestToken(server)
    expect(requestToken.key).toMatch(/^[\w-]{20,}$/)
    expect(requestToken.secret).toMatch(/^[\w-]{20,}$/)
    expect(requestToken.confirmed).toBe("true")

    const redirect = await visit(server, requestToken.key)
    // The callback's own query is kept byte for byte; oauth_token and oauth_verifier are appended.
    expect(redirect.href.startsWith(`${CALLBACK}&oauth_token=`)).toBe(true)
    expect(redirect.searchParams.get("state")).toBe("a b")
    expect(redirect.searchParams.get("oauth_token")).toBe(requestToken.key)
    const verifier = redirect.searchParams.get("oauth_verifier")
    expect(verifier).toMatch(/^[\w-]{20,}$/)

    const res = await exchange(server, requestToken, verifier!)
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toBe("application/x-www-form-urlencoded")
    const access = await form(res)
    expect(Object.keys(access).sort()).toEqual([
      "oauth_token",
      "oauth_token_secret",
      "screen_name",
      "user_id",
    ])
    expect(access.user_id).toBe("1001")
    expect(access.screen_name).toBe("alice")
    expect(access.oauth_token).toMatch(/^1001-/)
    expect(access.oauth_token).not.toBe(requestToken.key)

    const profile = await signedFetch(
      "GET",
      `${server.endpoints.profile}?include_email=true&skip_status=true`,
      {
        token: { key: access.oauth_token!, secret: access.oauth_token_secret! },
      },
    )
    expect(profile.status).toBe(200)
    expect(profile.headers.get("content-type")).toBe("application/json; charset=utf-8")
    const text = await profile.text()
    expect(text.startsWith('{"id":1001,')).toBe(true)
    expect(JSON.parse(text)).toEqual({
      id: 1001,
      id_str: "1001",
      screen_name: "alice",
      name: "Alice Example",
      email: "alice@example.test",
      profile_image_url_https: "https://pbs.example/alice.png",
    })

    expect(server.log.map(({ method, path, ok }) => ({ method, path, ok }))).toEqual([
      { method: "POST", path: "/oauth/request_token", ok: true },
      { method: "GET", path: "/oauth/authenticate", ok: true },
      { method: "POST", path: "/oauth/access_token", ok: true },
      { method: "GET", path: "/1.1/account/verify_credentials.json", ok: true },
    ])
  })

  it("picks the user by screen_name, omits email without include_email, and /oauth/authorize works the same", async () => {
    const server = await start()
    const requestToken = await getRequestToken(server)
    const redirect = await visit(server, requestToken.key, "&screen_name=BOB", "authorize")
    const res = await exchange(server, requestToken, redirect.searchParams.get("oauth_verifier")!)
    const access = await form(res)
    expect(access.screen_name).toBe("bob")
    expect(access.user_id).toBe("1002")
    const profile = await signedFetch("GET", `${server.endpoints.profile}?skip_status=true`, {
      token: { key: access.oauth_token!, secret: access.oauth_token_secret! },
    })
    expect(profile.status).toBe(200)
    const user = (await profile.json()) as Record<string, unknown>
    expect(user.screen_name).toBe("bob")
    expect(user.id).toBe(1002)
    expect(user).not.toHaveProperty("email")
  })

  it("returns custom users' extra fields and accepts protocol parameters in the form body", async () => {
    const server = await start({
      users: [
        {
          id: "42",
          screen_name: "carol",
          name: "Carol",
          email: "carol@example.test",
          verified: true,
          followers_count: 7,
        },
      ],
    })
    const { access, accessResponse } = await dance(server, { placement: "body" })
    expect(accessResponse.screen_name).toBe("carol")
    const profile = await signedFetch("GET", `${server.endpoints.profile}?include_email=true`, {
      token: access,
    })
    expect(await profile.json()).toEqual({
      id: 42,
      id_str: "42",
      screen_name: "carol",
      name: "Carol",
      email: "carol@example.test",
      verified: true,
      followers_count: 7,
    })
    expect(server.log.every((e) => e.ok)).toBe(true)
  })

  it("counts form body parameters in the signature", async () => {
    const server = await start()
    const ok = await signedFetch("POST", server.endpoints.requestToken, {
      oauthParams: { oauth_callback: CALLBACK },
      body: { x_auth_access_type: "read" },
    })
    expect(ok.status).toBe(200)
    const tampered = await signedFetch("POST", server.endpoints.requestToken, {
      oauthParams: { oauth_callback: CALLBACK },
      body: { x_auth_access_type: "read" },
      tamper: (r) => r.body.set("x_auth_access_type", "write"),
    })
    await expectProblem(tampered, 401, "signature_invalid", 32)
  })

  it("counts query parameters of verify_credentials in the signature", async () => {
    const server = await start()
    const { access } = await dance(server)
    const res = await signedFetch("GET", `${server.endpoints.profile}?skip_status=true`, {
      token: access,
      tamper: (r) => (r.url = `${server.endpoints.profile}?skip_status=true&include_email=true`),
    })
    await expectProblem(res, 401, "signature_invalid", 32)
    expect(server.log.at(-1)).toEqual({
      method: "GET",
      path: "/1.1/account/verify_credentials.json",
      ok: false,
      error: "signature_invalid",
    })
  })
})

describe("startOAuth1Server: refusals", () => {
  it("refuses a wrong consumer secret with 401 and logs ok:false", async () => {
    const server = await start()
    const res = await signedFetch("POST", server.endpoints.requestToken, {
      consumer: { key: CONSUMER.key, secret: "wrong" },
      oauthParams: { oauth_callback: CALLBACK },
    })
    const body = await expectProblem(res, 401, "signature_invalid", 32)
    expect(body.errors[0]!.message).toBe("Could not authenticate you.")
    expect(res.headers.get("www-authenticate")).toBe(`OAuth realm="${server.url}"`)
    expect(server.log).toEqual([
      { method: "POST", path: "/oauth/request_token", ok: false, error: "signature_invalid" },
    ])
  })

  it("refuses an unknown consumer key", async () => {
    const server = await start()
    const res = await signedFetch("POST", server.endpoints.requestToken, {
      consumer: { key: "nobody", secret: CONSUMER.secret },
      oauthParams: { oauth_callback: CALLBACK },
    })
    await expectProblem(res, 401, "consumer_key_unknown", 32)
  })

  it("refuses a reused nonce with 401", async () => {
    const server = await start()
    const timestamp = now()
    await getRequestToken(server, { nonce: "same-nonce", timestamp })
    const replay = await signedFetch("POST", server.endpoints.requestToken, {
      oauthParams: { oauth_callback: CALLBACK },
      nonce: "same-nonce",
      timestamp,
    })
    await expectProblem(replay, 401, "nonce_used", 32)
    expect(server.log.map((e) => e.ok)).toEqual([true, false])
    // The same nonce with another timestamp is a different request.
    await getRequestToken(server, { nonce: "same-nonce", timestamp: timestamp - 1 })
  })

  it("refuses stale and future timestamps with 401 (code 135), honouring timestampSkewSeconds", async () => {
    const server = await start({ timestampSkewSeconds: 60 })
    const stale = await signedFetch("POST", server.endpoints.requestToken, {
      oauthParams: { oauth_callback: CALLBACK },
      timestamp: now() - 120,
    })
    await expectProblem(stale, 401, "timestamp_refused", 135)
    const future = await signedFetch("POST", server.endpoints.requestToken, {
      oauthParams: { oauth_callback: CALLBACK },
      timestamp: now() + 120,
    })
    await expectProblem(future, 401, "timestamp_refused", 135)
    await getRequestToken(server, { timestamp: now() - 30 })
  })

  it("refuses a wrong verifier with 401, which burns the request token", async () => {
    const server = await start()
    const requestToken = await getRequestToken(server)
    const verifier = (await visit(server, requestToken.key)).searchParams.get("oauth_verifier")!
    await expectProblem(
      await exchange(server, requestToken, `${verifier}x`),
      401,
      "verifier_invalid",
      32,
    )
    await expectProblem(await exchange(server, requestToken, verifier), 401, "token_used", 89)
  })

  it("requires oauth_verifier in 1.0A", async () => {
    const server = await start()
    const requestToken = await getRequestToken(server)
    await visit(server, requestToken.key)
    await expectProblem(
      await exchange(server, requestToken, undefined),
      400,
      "parameter_absent",
      215,
    )
  })

  it("refuses a request token exchanged twice with 401", async () => {
    const server = await start()
    const { requestToken, verifier } = await dance(server)
    await expectProblem(await exchange(server, requestToken, verifier), 401, "token_used", 89)
  })

  it("refuses an access token request signed without the request token secret", async () => {
    const server = await start()
    const requestToken = await getRequestToken(server)
    const verifier = (await visit(server, requestToken.key)).searchParams.get("oauth_verifier")!
    const res = await exchange(server, { key: requestToken.key, secret: "" }, verifier)
    await expectProblem(res, 401, "signature_invalid", 32)
    // A bad signature does not consume the request token.
    expect((await exchange(server, requestToken, verifier)).status).toBe(200)
  })

  it("refuses unknown tokens, and a request token used as an access token", async () => {
    const server = await start()
    const { requestToken, access } = await dance(server)
    await expectProblem(
      await exchange(server, { key: "nope", secret: "x" }, "v"),
      401,
      "token_rejected",
      89,
    )
    await expectProblem(
      await signedFetch("GET", server.endpoints.profile, { token: requestToken }),
      401,
      "token_rejected",
      89,
    )
    await expectProblem(await exchange(server, access, "v"), 401, "token_rejected", 89)
  })

  it("refuses an access token exchange before the user authorized", async () => {
    const server = await start({ version: "1.0" })
    const requestToken = await getRequestToken(server)
    await expectProblem(
      await exchange(server, requestToken, undefined),
      401,
      "permission_unknown",
      89,
    )
  })

  it("redirects with denied=<oauth_token> when the user refuses (deny=1); the token cannot be exchanged", async () => {
    const server = await start()
    const requestToken = await getRequestToken(server)
    const redirect = await visit(server, requestToken.key, "&deny=1")
    expect(redirect.href).toBe(`${CALLBACK}&denied=${requestToken.key}`)
    expect(redirect.searchParams.has("oauth_verifier")).toBe(false)
    expect(redirect.searchParams.has("oauth_token")).toBe(false)
    await expectProblem(
      await exchange(server, requestToken, "anything"),
      401,
      "permission_denied",
      89,
    )
  })

  it("requires oauth_callback in 1.0A and enforces callbackUrls", async () => {
    const server = await start({
      consumers: [{ ...CONSUMER, callbackUrls: ["http://app.test/callback"] }],
    })
    await expectProblem(
      await signedFetch("POST", server.endpoints.requestToken),
      400,
      "parameter_absent",
      215,
    )
    const other = await signedFetch("POST", server.endpoints.requestToken, {
      oauthParams: { oauth_callback: "http://evil.test/callback" },
    })
    await expectProblem(other, 403, "parameter_rejected", 415)
    const oob = await signedFetch("POST", server.endpoints.requestToken, {
      oauthParams: { oauth_callback: "oob" },
    })
    await expectProblem(oob, 403, "parameter_rejected", 415)
    expect((await getRequestToken(server)).confirmed).toBe("true")
  })

  it("refuses protocol parameters sent twice", async () => {
    const server = await start()
    const res = await signedFetch("POST", server.endpoints.requestToken, {
      oauthParams: { oauth_callback: CALLBACK },
      tamper: (r) => r.body.set("oauth_nonce", "again"),
    })
    await expectProblem(res, 400, "parameter_rejected", 215)
  })

  it("answers the authorize page for an unknown or used token with an HTML 400", async () => {
    const server = await start()
    const res = await fetch(`${server.endpoints.authenticate}?oauth_token=unknown`, {
      redirect: "manual",
    })
    expect(res.status).toBe(400)
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8")
    expect(server.log.at(-1)).toEqual({
      method: "GET",
      path: "/oauth/authenticate",
      ok: false,
      error: "token_rejected",
    })
    const { requestToken } = await dance(server)
    expect(
      (
        await fetch(`${server.endpoints.authenticate}?oauth_token=${requestToken.key}`, {
          redirect: "manual",
        })
      ).status,
    ).toBe(400)
  })

  it("answers 413 to a body over 1 MiB", async () => {
    const server = await start()
    const res = await fetch(server.endpoints.requestToken, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `x=${"a".repeat(1024 * 1024)}`,
    })
    await expectProblem(res, 413, "parameter_rejected", 215)
  })

  it("logs and 404s unknown paths", async () => {
    const server = await start()
    const res = await fetch(`${server.url}/nope?x=1`)
    await expectProblem(res, 404, "not_found", 34)
    expect(server.log).toEqual([{ method: "GET", path: "/nope", ok: false, error: "not_found" }])
  })
})

describe("startOAuth1Server: signature methods and versions", () => {
  it("accepts PLAINTEXT for the whole dance and refuses a wrong PLAINTEXT secret", async () => {
    const server = await start()
    const { access } = await dance(server, { signatureMethod: "PLAINTEXT" })
    const profile = await signedFetch("GET", server.endpoints.profile, {
      token: access,
      signatureMethod: "PLAINTEXT",
    })
    expect(profile.status).toBe(200)
    const wrong = await signedFetch("GET", server.endpoints.profile, {
      token: { ...access, secret: "wrong" },
      signatureMethod: "PLAINTEXT",
    })
    await expectProblem(wrong, 401, "signature_invalid", 32)
  })

  it("refuses a signature method that is not enabled", async () => {
    const server = await start({ signatureMethods: ["HMAC-SHA1"] })
    const res = await signedFetch("POST", server.endpoints.requestToken, {
      oauthParams: { oauth_callback: CALLBACK },
      signatureMethod: "PLAINTEXT",
    })
    await expectProblem(res, 400, "signature_method_rejected", 215)
    const hmacOnly = await start({ signatureMethods: ["PLAINTEXT"] })
    const hmac = await signedFetch("POST", hmacOnly.endpoints.requestToken, {
      oauthParams: { oauth_callback: CALLBACK },
    })
    await expectProblem(hmac, 400, "signature_method_rejected", 215)
  })

  it('version "1.0": no oauth_callback_confirmed, no verifier, exchange without verifier', async () => {
    const server = await start({ version: "1.0" })
    const res = await signedFetch("POST", server.endpoints.requestToken)
    expect(res.status).toBe(200)
    const f = await form(res)
    expect(Object.keys(f).sort()).toEqual(["oauth_token", "oauth_token_secret"])
    const requestToken = { key: f.oauth_token!, secret: f.oauth_token_secret! }
    // 1.0 style: the callback is given to the authorize page.
    const redirect = await visit(
      server,
      requestToken.key,
      `&oauth_callback=${encodeURIComponent("http://app.test/cb")}`,
    )
    expect(redirect.href).toBe(`http://app.test/cb?oauth_token=${requestToken.key}`)
    const access = await form(await exchange(server, requestToken, undefined))
    expect(access.screen_name).toBe("alice")
  })

  it('version "1.0" with the callback at request_token still omits oauth_callback_confirmed', async () => {
    const server = await start({ version: "1.0" })
    const requestToken = await getRequestToken(server)
    expect(requestToken.confirmed).toBeUndefined()
    const redirect = await visit(server, requestToken.key)
    expect(redirect.searchParams.has("oauth_verifier")).toBe(false)
    expect(redirect.searchParams.get("oauth_token")).toBe(requestToken.key)
  })

  it("shows the verifier as a PIN for oob callbacks", async () => {
    const server = await start()
    const requestToken = await getRequestToken(server, { oauthParams: { oauth_callback: "oob" } })
    const page = await fetch(`${server.endpoints.authorize}?oauth_token=${requestToken.key}`)
    expect(page.status).toBe(200)
    const pin = /<code id="oauth_pin">([^<]+)<\/code>/.exec(await page.text())?.[1]
    expect(pin).toBeTruthy()
    expect((await exchange(server, requestToken, pin!)).status).toBe(200)
  })
})

describe("startOAuth1Server: misbehave and revoke", () => {
  type How = "reject-signature" | "html-body" | "http-500"

  /** Sets up what the endpoint needs, arms the misbehaviour, calls the endpoint; `retry` repeats the same call. */
  async function hit(
    server: RunningOAuth1Server,
    endpoint: "requestToken" | "accessToken" | "profile",
    how: How,
  ) {
    if (endpoint === "requestToken") {
      server.misbehave(endpoint, how)
      const res = await signedFetch("POST", server.endpoints.requestToken, {
        oauthParams: { oauth_callback: CALLBACK },
      })
      return {
        res,
        retry: async () => expect((await getRequestToken(server)).confirmed).toBe("true"),
      }
    }
    const requestToken = await getRequestToken(server)
    const verifier = (await visit(server, requestToken.key)).searchParams.get("oauth_verifier")!
    if (endpoint === "accessToken") {
      server.misbehave(endpoint, how)
      const res = await exchange(server, requestToken, verifier)
      return {
        res,
        retry: async () =>
          expect((await exchange(server, requestToken, verifier)).status).toBe(200),
      }
    }
    const access = await form(await exchange(server, requestToken, verifier))
    const token = { key: access.oauth_token!, secret: access.oauth_token_secret! }
    server.misbehave(endpoint, how)
    const res = await signedFetch("GET", server.endpoints.profile, { token })
    return {
      res,
      retry: async () =>
        expect((await signedFetch("GET", server.endpoints.profile, { token })).status).toBe(200),
    }
  }

  const cases = (["requestToken", "accessToken", "profile"] as const).flatMap((endpoint) =>
    (["reject-signature", "html-body", "http-500"] as const).map((how) => ({ endpoint, how })),
  )

  it.each(cases)(
    "$endpoint / $how fails once, then the endpoint works again",
    async ({ endpoint, how }) => {
      const server = await start()
      const { res, retry } = await hit(server, endpoint, how)
      if (how === "reject-signature") {
        await expectProblem(res, 401, "signature_invalid", 32)
      } else if (how === "html-body") {
        expect(res.status).toBe(200)
        expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8")
        expect(await res.text()).toMatch(/^<!DOCTYPE html>/)
      } else {
        expect(res.status).toBe(500)
        expect(await res.json()).toEqual({ errors: [{ code: 131, message: "Internal error." }] })
      }
      const entry = server.log.at(-1)!
      expect(entry).toMatchObject({ ok: false, error: `misbehave:${how}`, misbehaved: how })
      // The misbehaving response processed nothing: the same request token / access token still works.
      await retry()
      expect(server.log.at(-1)!.ok).toBe(true)
    },
  )

  it("no-callback-confirmed: the next request token answer lacks oauth_callback_confirmed, once", async () => {
    const server = await start()
    server.misbehave("requestToken", "no-callback-confirmed")
    const first = await getRequestToken(server)
    expect(first.confirmed).toBeUndefined()
    expect(first.key).toBeTruthy()
    expect(server.log.at(-1)).toMatchObject({ ok: true, misbehaved: "no-callback-confirmed" })
    expect((await getRequestToken(server)).confirmed).toBe("true")
  })

  it("refuses misbehaviours that do not apply", async () => {
    const server = await start()
    expect(() => server.misbehave("profile", "no-callback-confirmed")).toThrow(TypeError)
    // @ts-expect-error: not an endpoint
    expect(() => server.misbehave("authorize", "http-500")).toThrow(TypeError)
    // @ts-expect-error: not a misbehaviour
    expect(() => server.misbehave("profile", "slow")).toThrow(TypeError)
  })

  it("revoke(request token) makes the exchange fail; revoke(access token) makes the profile fail", async () => {
    const server = await start()
    const requestToken = await getRequestToken(server)
    const verifier = (await visit(server, requestToken.key)).searchParams.get("oauth_verifier")!
    server.revoke(requestToken.key)
    await expectProblem(await exchange(server, requestToken, verifier), 401, "token_revoked", 89)

    const { access } = await dance(server)
    expect((await signedFetch("GET", server.endpoints.profile, { token: access })).status).toBe(200)
    server.revoke(access.key)
    await expectProblem(
      await signedFetch("GET", server.endpoints.profile, { token: access }),
      401,
      "token_revoked",
      89,
    )
    expect(() => server.revoke("unknown")).toThrow(/unknown token/)
  })
})

describe("startOAuth1Server: lifecycle", () => {
  it("stop() closes keep-alive connections and frees the port; it is idempotent", async () => {
    const server = await startOAuth1Server({ consumers: [CONSUMER] })
    // A keep-alive connection stays open after this request.
    await getRequestToken(server)
    await server.stop()
    await server.stop()
    await expect(fetch(server.endpoints.requestToken, { method: "POST" })).rejects.toThrow()
    const port = Number(new URL(server.url).port)
    const probe = createNetServer()
    await new Promise<void>((resolve, reject) => {
      probe.once("error", reject)
      probe.listen({ port, host: "127.0.0.1", exclusive: true }, resolve)
    })
    await new Promise((r) => probe.close(r))
  })

  it("stop() also closes a connection in the middle of a request", async () => {
    const server = await startOAuth1Server({ consumers: [CONSUMER] })
    const port = Number(new URL(server.url).port)
    const socket = connect(port, "127.0.0.1")
    await new Promise<void>((r) => socket.once("connect", () => r()))
    const closed = new Promise<void>((r) => socket.once("close", () => r()))
    socket.on("error", () => {})
    // Headers sent, body still pending: the request is in flight, the connection is not idle.
    socket.write(
      "POST /oauth/request_token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\noauth_",
    )
    await new Promise((r) => setTimeout(r, 50))
    const timeout = new Promise<string>((r) => setTimeout(() => r("timeout"), 3000).unref())
    expect(await Promise.race([server.stop().then(() => "stopped"), timeout])).toBe("stopped")
    expect(await Promise.race([closed.then(() => "closed"), timeout])).toBe("closed")
  })

  it("listens on the requested port and refuses non-loopback hosts", async () => {
    const probe = createNetServer()
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r))
    const port = (probe.address() as { port: number }).port
    await new Promise((r) => probe.close(r))
    const server = await start({ port })
    expect(server.url).toBe(`http://127.0.0.1:${port}`)
    await expect(startOAuth1Server({ consumers: [CONSUMER], host: "0.0.0.0" })).rejects.toThrow(
      /loopback/,
    )
  })
})
