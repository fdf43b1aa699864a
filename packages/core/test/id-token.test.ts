/**
 * ID-token sign-in (POST [basePath]/id-token/:id) with tokens minted by a local JWKS (jose), served
 * on the provider's mocked hostname: the native JSON flow and bearer session reads, One Tap's double
 * submit, and every refusal, each leaving no session.
 */
import { createHash } from "node:crypto"
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose"
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import type { OAuthConfig } from "../src/index.js"
import { AdapterError, memoryAdapter } from "../src/adapters/index.js"
import { clearDiscoveryCache } from "../src/oauth/config.js"
import {
  browserHeaders,
  errorOf,
  Jar,
  makeAuth as makeCoreAuth,
  ORIGIN,
  request,
  setCookieNamed,
} from "./helpers.js"
import { accountApi } from "../src/accounts.js"

const makeAuth = (config: Parameters<typeof makeCoreAuth>[0]) =>
  makeCoreAuth({ extensions: [accountApi], ...config })

const ISSUER = "https://login.idtoken.example.com"
const WEB_CLIENT = "web-client"
const IOS_CLIENT = "ios-client"

const rsa = await generateKeyPair("RS256")
const ec = await generateKeyPair("ES256")
const forger = await generateKeyPair("RS256")

beforeAll(async () => {
  nock.disableNetConnect()
})
afterEach(() => {
  nock.cleanAll()
  clearDiscoveryCache()
})

async function mockIdp(): Promise<void> {
  nock(ISSUER)
    .persist()
    .get("/.well-known/openid-configuration")
    .reply(200, {
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/auth`,
      token_endpoint: `${ISSUER}/token`,
      jwks_uri: `${ISSUER}/jwks`,
    })
  const keys = [
    { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" },
    { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256" },
  ]
  nock(ISSUER).persist().get("/jwks").reply(200, { keys })
}

const provider = (over: Partial<OAuthConfig> = {}): OAuthConfig => ({
  id: "oidc",
  name: "OIDC",
  type: "oidc",
  issuer: ISSUER,
  clientId: WEB_CLIENT,
  clientSecret: "web-secret",
  idTokenSignIn: { audiences: [IOS_CLIENT] },
  ...over,
})

let serial = 0
async function mint(
  claims: JWTPayload = {},
  options: { key?: CryptoKey | Uint8Array; alg?: string; kid?: string; iat?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const alg = options.alg ?? "RS256"
  const iat = options.iat ?? now
  const defaults = {
    iss: ISSUER,
    aud: IOS_CLIENT,
    sub: "user-1",
    iat,
    exp: iat + 300,
    email: "mina@example.com",
    email_verified: true,
    name: "Mina",
    n: serial++,
  }
  return new SignJWT({ ...defaults, ...claims })
    .setProtectedHeader({
      alg,
      kid: options.kid ?? (alg === "ES256" ? "ec-1" : alg.startsWith("HS") ? undefined : "rsa-1"),
    } as never)
    .sign(options.key ?? (alg === "ES256" ? ec.privateKey : rsa.privateKey))
}

async function native(
  auth: ReturnType<typeof makeAuth>,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  id = "oidc",
) {
  const response = await auth.handler(
    new Request(`${ORIGIN}/api/auth/id-token/${id}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    }),
  )
  return {
    status: response.status,
    body: (await response.json()) as Record<string, any>,
    cookies: response.headers.getSetCookie(),
  }
}

describe("native ID-token sign-in (JSON in, JSON out, bearer sessions)", () => {
  for (const strategy of ["jwt", "database"] as const) {
    it(`signs in and reads the session with a bearer header (${strategy} strategy)`, async () => {
      await mockIdp()
      const auth = makeAuth({
        providers: [provider()],
        adapter: strategy === "database" ? memoryAdapter() : undefined,
        session: { strategy },
      })
      const { status, body, cookies } = await native(auth, { idToken: await mint() })
      expect(status).toBe(200)
      expect(cookies).toEqual([])
      expect(body.user).toMatchObject({ name: "Mina", email: "mina@example.com" })
      expect(typeof body.sessionToken).toBe("string")
      const bearer = { authorization: `Bearer ${body.sessionToken}` }
      expect((await auth.getSession(new Headers(bearer)))?.user.email).toBe("mina@example.com")
      const read = await auth.handler(
        new Request(`${ORIGIN}/api/auth/session`, { headers: bearer }),
      )
      expect(((await read.json()) as any).user.name).toBe("Mina")
      expect(read.headers.getSetCookie()).toEqual([])
      // A JWT bearer token is sealed for another name than the cookie: sent as the cookie it is no session.
      // (A database session token is the same random token either way.)
      const asCookie = await auth.getSession(
        browserHeaders(`auth.session-token=${body.sessionToken}`),
      )
      expect(asCookie === null).toBe(strategy === "jwt")
      expect(await auth.getSession(new Headers({ authorization: "Bearer not-a-token" }))).toBeNull()
    })
  }

  it("accepts an ES256 token and the web client id as audience", async () => {
    await mockIdp()
    const auth = makeAuth({ providers: [provider()] })
    expect(
      (await native(auth, { idToken: await mint({ aud: WEB_CLIENT }, { alg: "ES256" }) })).status,
    ).toBe(200)
  })

  it("runs the same account rules as the redirect flow: a new account while signed in (bearer) is linked", async () => {
    await mockIdp()
    const adapter = memoryAdapter()
    const linked: string[] = []
    const auth = makeAuth({
      providers: [provider(), provider({ id: "oidc2", name: "Other" })],
      adapter,
      events: { linkAccount: ({ account }) => void linked.push(account.provider) },
    })
    const first = await native(auth, { idToken: await mint() })
    const second = await native(
      auth,
      { idToken: await mint({ sub: "other-sub", email: "else@example.com" }) },
      { authorization: `Bearer ${first.body.sessionToken}` },
      "oidc2",
    )
    expect(second.status).toBe(200)
    expect(second.body.user.id).toBe(first.body.user.id)
    expect(linked).toEqual(["oidc", "oidc2"])
    expect(
      (await adapter.getAccountsByUser!(first.body.user.id)).map((a) => a.provider).sort(),
    ).toEqual(["oidc", "oidc2"])
  })

  it("the signIn callback refusing -> 403 SIGNIN_REFUSED, no user written", async () => {
    await mockIdp()
    const adapter = memoryAdapter()
    const auth = makeAuth({ providers: [provider()], adapter, callbacks: { signIn: () => false } })
    const { status, body } = await native(auth, { idToken: await mint() })
    expect([status, body.code, body.sessionToken]).toEqual([403, "SIGNIN_REFUSED", undefined])
    expect(await adapter.getUserByEmail("mina@example.com")).toBeNull()
  })

  it("keeps an access token only when the ID token's at_hash vouches for it", async () => {
    await mockIdp()
    const adapter = memoryAdapter()
    const auth = makeAuth({ providers: [provider()], adapter })
    const at = "ya29.access"
    const atHash = createHash("sha256").update(at).digest().subarray(0, 16).toString("base64url")
    const ok = await native(auth, { idToken: await mint({ at_hash: atHash }), accessToken: at })
    expect((await auth.adapter!.getAccountsByUser!(ok.body.user.id))[0]!.access_token).toBe(at)
    const other = await native(auth, {
      idToken: await mint({ sub: "user-2", email: "b@example.com", at_hash: atHash }),
      accessToken: "forged",
    })
    expect(
      (await auth.adapter!.getAccountsByUser!(other.body.user.id))[0]!.access_token,
    ).toBeUndefined()
  })
})

describe("ID-token refusals: a precise code each, never a session", () => {
  const now = Math.floor(Date.now() / 1000)
  const cases: Array<
    [string, () => Promise<Record<string, unknown>>, number, string, Partial<OAuthConfig>?]
  > = [
    [
      "bad signature (another key, same kid)",
      async () => ({ idToken: await mint({}, { key: forger.privateKey }) }),
      400,
      "ID_TOKEN_SIGNATURE",
    ],
    [
      "unknown kid",
      async () => ({ idToken: await mint({}, { key: forger.privateKey, kid: "nope" }) }),
      400,
      "JWKS_KEY_NOT_FOUND",
    ],
    [
      "alg none",
      async () => ({
        idToken: `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(`{"sub":"x","iss":"${ISSUER}"}`).toString("base64url")}.`,
      }),
      400,
      "ID_TOKEN_SIGNATURE",
    ],
    [
      "HS256 with the client secret on a provider with asymmetric tokens",
      async () => ({
        idToken: await mint({}, { alg: "HS256", key: new TextEncoder().encode("web-secret") }),
      }),
      400,
      "ID_TOKEN_SIGNATURE",
    ],
    ["not a JWS", async () => ({ idToken: "ya29.not-an-id-token" }), 400, "ID_TOKEN_INVALID"],
    ["no idToken", async () => ({}), 400, "INVALID_REQUEST"],
    [
      "wrong issuer",
      async () => ({ idToken: await mint({ iss: "https://evil.example.com" }) }),
      400,
      "ID_TOKEN_ISSUER",
    ],
    [
      "wrong audience",
      async () => ({ idToken: await mint({ aud: "another-apps-client" }) }),
      400,
      "ID_TOKEN_AUDIENCE",
    ],
    [
      "another app's client id among the audiences",
      async () => ({ idToken: await mint({ aud: [IOS_CLIENT, "another-apps-client"] }) }),
      400,
      "ID_TOKEN_AUDIENCE",
    ],
    [
      "azp of another app",
      async () => ({ idToken: await mint({ azp: "another-apps-client" }) }),
      400,
      "ID_TOKEN_AUDIENCE",
    ],
    ["expired", async () => ({ idToken: await mint({ exp: now - 5 }) }), 400, "ID_TOKEN_EXPIRED"],
    [
      "issued longer ago than maxAge",
      async () => ({ idToken: await mint({ exp: now + 3600 }, { iat: now - 601 }) }),
      400,
      "ID_TOKEN_EXPIRED",
    ],
    [
      "iat in the future",
      async () => ({ idToken: await mint({}, { iat: now + 120 }) }),
      400,
      "ID_TOKEN_NOT_YET_VALID",
    ],
    [
      "nonce required, none sent",
      async () => ({ idToken: await mint({ nonce: "n-1" }) }),
      400,
      "NONCE_MISSING",
      { idTokenSignIn: { audiences: [IOS_CLIENT], nonce: "required" } },
    ],
    [
      "nonce required, token has none",
      async () => ({ idToken: await mint(), nonce: "n-1" }),
      400,
      "NONCE_MISSING",
      { idTokenSignIn: { audiences: [IOS_CLIENT], nonce: "required" } },
    ],
    [
      "token has a nonce, none sent",
      async () => ({ idToken: await mint({ nonce: "n-1" }) }),
      400,
      "NONCE_MISSING",
    ],
    [
      "wrong nonce",
      async () => ({ idToken: await mint({ nonce: "n-1" }), nonce: "n-2" }),
      400,
      "NONCE_MISMATCH",
    ],
    [
      "hashed nonce (sha256 mode) given the raw claim",
      async () => ({ idToken: await mint({ nonce: "raw-nonce" }), nonce: "raw-nonce" }),
      400,
      "NONCE_MISMATCH",
      { idTokenSignIn: { audiences: [IOS_CLIENT], nonce: "sha256" } },
    ],
    [
      "provider not enabled for ID-token sign-in",
      async () => ({ idToken: await mint() }),
      404,
      "ID_TOKEN_SIGNIN_DISABLED",
      { idTokenSignIn: undefined },
    ],
  ]
  for (const [name, body, status, code, over] of cases) {
    it(`${name} -> ${status} ${code}`, async () => {
      await mockIdp()
      const adapter = memoryAdapter()
      const auth = makeAuth({ providers: [provider(over)], adapter })
      const answer = await native(auth, await body())
      expect([answer.status, answer.body.code]).toEqual([status, code])
      expect(answer.body.sessionToken).toBeUndefined()
      expect(answer.cookies).toEqual([])
      expect(await adapter.getUserByEmail("mina@example.com")).toBeNull()
    })
  }

  it("replay: the same token twice -> ID_TOKEN_REPLAYED the second time", async () => {
    await mockIdp()
    const auth = makeAuth({ providers: [provider()] })
    const idToken = await mint()
    expect((await native(auth, { idToken })).status).toBe(200)
    const again = await native(auth, { idToken })
    expect([again.status, again.body.code, again.body.sessionToken]).toEqual([
      400,
      "ID_TOKEN_REPLAYED",
      undefined,
    ])
  })

  it("replay across instances: with an adapter that has useOnce, the token is recorded there", async () => {
    await mockIdp()
    // Two app instances sharing one store (as two processes share one database).
    const shared = memoryAdapter()
    const a = makeAuth({ providers: [provider()], adapter: shared })
    const b = makeAuth({ providers: [provider()], adapter: shared })
    const idToken = await mint()
    expect((await native(a, { idToken })).status).toBe(200)
    const [head, payload] = idToken.split(".")
    const key = `id_token:${createHash("sha256").update(`${head}.${payload}`).digest("base64url")}`
    // the store holds the token's record: any instance asking it again is told "used"
    expect(await shared.useOnce!(key, new Date(Date.now() + 60_000))).toBe(false)
    expect((await native(b, { idToken })).body.code).toBe("ID_TOKEN_REPLAYED")
  })

  it("a store that fails while recording the token: refused with its code, no session (fails closed)", async () => {
    await mockIdp()
    const inner = memoryAdapter()
    const failing = new Proxy(inner, {
      get: (target, property) =>
        property === "useOnce"
          ? async () => {
              throw new AdapterError("DATABASE_UNAVAILABLE", "the database is down")
            }
          : Reflect.get(target, property),
    })
    const auth = makeAuth({ providers: [provider()], adapter: failing })
    const answer = await native(auth, { idToken: await mint() })
    expect([answer.status >= 400, answer.body.code, answer.body.sessionToken]).toEqual([
      true,
      "DATABASE_UNAVAILABLE",
      undefined,
    ])
    expect(answer.cookies).toEqual([])
    expect(await inner.getUserByEmail("mina@example.com")).toBeNull()
  })

  it("a refused token is not burnt: a forged copy does not stop the real one", async () => {
    await mockIdp()
    const auth = makeAuth({ providers: [provider()] })
    const real = await mint()
    const [head, payload] = real.split(".")
    expect(
      (
        await native(auth, {
          idToken: `${head}.${payload}.${Buffer.from("x".repeat(256)).toString("base64url")}`,
        })
      ).body.code,
    ).toBe("ID_TOKEN_SIGNATURE")
    expect((await native(auth, { idToken: real })).status).toBe(200)
  })

  it("Apple-style hashed nonce: the claim is hex SHA-256 of the nonce the app sends", async () => {
    await mockIdp()
    const auth = makeAuth({
      providers: [provider({ idTokenSignIn: { audiences: [IOS_CLIENT], nonce: "sha256" } })],
    })
    const raw = "app-kept-raw-nonce"
    const hashed = createHash("sha256").update(raw).digest("hex")
    expect(
      (await native(auth, { idToken: await mint({ nonce: hashed }), nonce: raw })).status,
    ).toBe(200)
    expect(
      (await native(auth, { idToken: await mint({ nonce: hashed }), nonce: hashed })).body.code,
    ).toBe("NONCE_MISMATCH")
  })

  it("a matching raw nonce is accepted", async () => {
    await mockIdp()
    const auth = makeAuth({
      providers: [provider({ idTokenSignIn: { audiences: [IOS_CLIENT], nonce: "required" } })],
    })
    expect(
      (await native(auth, { idToken: await mint({ nonce: "n-1" }), nonce: "n-1" })).status,
    ).toBe(200)
  })
})

describe("HS256 ID tokens (LINE-style: MACed with the channel secret)", () => {
  const line = (secret = "channel-secret") =>
    provider({
      id: "line",
      clientId: "channel-id",
      clientSecret: secret,
      idTokenSignIn: { audiences: [] },
      client: { id_token_signed_response_alg: "HS256" },
    })

  it("a token MACed with the client secret signs in; another secret is refused", async () => {
    await mockIdp()
    const auth = makeAuth({ providers: [line()] })
    const ok = await native(
      auth,
      {
        idToken: await mint(
          { aud: "channel-id" },
          { alg: "HS256", key: new TextEncoder().encode("channel-secret") },
        ),
      },
      {},
      "line",
    )
    expect(ok.status).toBe(200)
    const bad = await native(
      auth,
      {
        idToken: await mint(
          { aud: "channel-id" },
          { alg: "HS256", key: new TextEncoder().encode("guess") },
        ),
      },
      {},
      "line",
    )
    expect([bad.status, bad.body.code]).toEqual([400, "ID_TOKEN_SIGNATURE"])
  })

  it("the SDK's asymmetric tokens still verify against the JWKS", async () => {
    await mockIdp()
    const auth = makeAuth({ providers: [line()] })
    expect(
      (
        await native(
          auth,
          { idToken: await mint({ aud: "channel-id" }, { alg: "ES256" }) },
          {},
          "line",
        )
      ).status,
    ).toBe(200)
  })
})

describe("Google One Tap (form POST, g_csrf_token double submit)", () => {
  async function oneTap(
    cookie: string | undefined,
    field: string | undefined,
    idToken: string,
    query = "",
  ) {
    const auth = makeAuth({ providers: [provider({ idTokenSignIn: { audiences: [] } })] })
    const jar = new Jar()
    if (cookie) jar.cookies.set("g_csrf_token", cookie)
    const form: Record<string, string> = { credential: idToken }
    if (field) form.g_csrf_token = field
    const response = await request(auth, jar, `/api/auth/id-token/oidc${query}`, {
      method: "POST",
      form,
    })
    return { auth, jar, response }
  }

  it("matching cookie and field: session cookie set, redirect to the same-origin callbackUrl", async () => {
    await mockIdp()
    const { auth, jar, response } = await oneTap(
      "g-123",
      "g-123",
      await mint({ aud: WEB_CLIENT }),
      "?callbackUrl=%2Fdashboard",
    )
    expect(response.status).toBe(302)
    expect(response.headers.get("location")).toBe(`${ORIGIN}/dashboard`)
    expect(setCookieNamed(response, "auth.session-token")).toBeDefined()
    expect((await auth.getSession(browserHeaders(jar.header())))?.user.name).toBe("Mina")
  })

  it("a foreign callbackUrl goes home instead", async () => {
    await mockIdp()
    const { response } = await oneTap(
      "g-1",
      "g-1",
      await mint({ aud: WEB_CLIENT }),
      "?callbackUrl=https%3A%2F%2Fevil.example.com%2F",
    )
    expect(response.headers.get("location")).toBe(ORIGIN)
  })

  for (const [name, cookie, field, code] of [
    ["missing cookie", undefined, "g-1", "CSRF_MISSING"],
    ["missing field", "g-1", undefined, "CSRF_MISSING"],
    ["mismatched", "g-1", "g-2", "CSRF_MISMATCH"],
  ] as const) {
    it(`${name} -> MissingCSRF ${code}, no session cookie`, async () => {
      await mockIdp()
      const { response } = await oneTap(cookie, field, await mint({ aud: WEB_CLIENT }))
      expect(errorOf(response)).toEqual({ error: "MissingCSRF", code })
      expect(setCookieNamed(response, "auth.session-token")).toBeUndefined()
    })
  }

  it("a bad token in a good form -> error redirect, no session cookie", async () => {
    await mockIdp()
    const { response } = await oneTap("g-1", "g-1", await mint({ aud: "someone-else" }))
    expect(errorOf(response)).toEqual({ error: "OAuthCallbackError", code: "ID_TOKEN_AUDIENCE" })
    expect(setCookieNamed(response, "auth.session-token")).toBeUndefined()
  })
})
