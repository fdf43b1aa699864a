/**
 * Test helpers for core's own tests: a browser's cookie jar and a way to start a sign-in through the
 * real handler. Core cannot depend on @auth/testkit (which depends on core), so the jar is imported
 * from testkit's source, the one cookie jar of the repo.
 */
import nock from "nock"
import { EncryptJWT, type JWTPayload } from "jose"
import { Auth, type AuthConfig, type AuthInstance, type OAuthConfig } from "../src/index.js"
import { deriveKey } from "../src/crypto/hkdf.js"
import { CookieJar } from "../../testkit/src/cookie-jar.js"

export const ORIGIN = "http://localhost:3000"
export const SECRET = "test-secret-0123456789-abcdefghijklmnop"

/**
 * The browser's cookies, kept by testkit's CookieJar (RFC 6265 rules: Path, Secure, prefixes, expiry),
 * imported from its source because core cannot depend on @auth/testkit. `cookies` is a Map-like view
 * of the cookies for ORIGIN, so a test can read one or plant one as a browser extension could.
 */
export class Jar {
  readonly jar = new CookieJar()
  /** The origin of the last request: where `cookies.set` plants a cookie, as a page of that origin would. */
  #origin: string
  constructor(origin = ORIGIN) {
    this.#origin = origin
  }
  readonly cookies = {
    get: (name: string) => this.#all().get(name),
    has: (name: string) => this.#all().has(name),
    keys: () => this.#all().keys(),
    size: () => this.#all().size,
    set: (name: string, value: string) =>
      this.jar.set(this.#origin, [`${name}=${value}; Path=/${this.#secure(name)}`]),
    delete: (name: string) =>
      this.jar.set(this.#origin, [`${name}=; Path=/; Max-Age=0${this.#secure(name)}`]),
  }
  #secure(name: string): string {
    return /^__(Host|Secure)-/.test(name) ? "; Secure" : ""
  }
  #all(): Map<string, string> {
    return new Map(this.jar.list().map((c) => [c.name, c.value]))
  }
  header(url = this.#origin): string {
    return this.jar.get(url)
  }
  store(response: Response, url = this.#origin): void {
    this.#origin = new URL(url).origin
    this.jar.set(url, response.headers.getSetCookie())
  }
}

/**
 * The Headers a framework hands to `getSession` for a request from the jar's browser: the cookies and
 * the Host (which tells getSession that this http deployment is a local one, so its cookies are the
 * unprefixed ones; see secureCookiesFor in src/routes/context.ts).
 */
export function browserHeaders(cookie: string, host = new URL(ORIGIN).host): Headers {
  return new Headers({ cookie, host })
}

export function makeAuth(
  config: Partial<AuthConfig> & Pick<AuthConfig, "providers">,
): AuthInstance {
  // `env: {}` keeps the tests hermetic: no AUTH_* from the machine's environment leaks in.
  return Auth({ secret: SECRET, env: {}, logger: { error() {}, warn() {} }, ...config })
}

export async function request(
  auth: AuthInstance,
  jar: Jar,
  path: string,
  init: RequestInit & { form?: Record<string, string> } = {},
): Promise<Response> {
  const headers = new Headers(init.headers)
  const url = path.startsWith("http") ? path : `${ORIGIN}${path}`
  const cookie = jar.header(url)
  if (cookie) headers.set("cookie", cookie)
  let body = init.body
  if (init.form) {
    headers.set("content-type", "application/x-www-form-urlencoded")
    body = new URLSearchParams(init.form).toString()
  }
  const response = await auth.handler(new Request(url, { ...init, headers, body }))
  jar.store(response, url)
  return response
}

/** GET csrf, then POST signin/:id; returns the provider redirect URL. */
export async function startSignIn(
  auth: AuthInstance,
  jar: Jar,
  providerId: string,
  form: Record<string, string> = {},
  query = "",
): Promise<URL> {
  const csrf = (await (await request(auth, jar, "/api/auth/csrf")).json()) as { csrfToken: string }
  const response = await request(auth, jar, `/api/auth/signin/${providerId}${query}`, {
    method: "POST",
    form: { csrfToken: csrf.csrfToken, ...form },
  })
  if (response.status !== 302)
    throw new Error(`sign-in start answered ${response.status}: ${await response.text()}`)
  return new URL(response.headers.get("location")!)
}

export function errorOf(response: Response): { error: string | null; code: string | null } {
  const location = response.headers.get("location") ?? ""
  const url = new URL(location, ORIGIN)
  return { error: url.searchParams.get("error"), code: url.searchParams.get("code") }
}

/** A plain OAuth 2 provider in the spec's custom-object form (Kakao-like), hosts mocked with nock. */
export const IDP_AUTH = "https://auth.idp.example.com"
export const IDP_API = "https://api.idp.example.com"

export function idp(over: Partial<OAuthConfig> = {}): OAuthConfig {
  return {
    id: "idp",
    name: "Example IdP",
    type: "oauth",
    clientId: "idp-client",
    clientSecret: "idp-secret",
    authorization: `${IDP_AUTH}/oauth/authorize?scope=profile`,
    token: `${IDP_AUTH}/oauth/token`,
    userinfo: `${IDP_API}/v1/me`,
    profile: (p: any) => ({
      id: String(p.id),
      name: p.name,
      email: p.email,
      image: p.avatar ?? null,
    }),
    ...over,
  }
}

export interface ProviderMock {
  tokenBodies: URLSearchParams[]
  userinfoAuth: string[]
}

/** nock the token and userinfo endpoints of `idp()` (both optional, each answered once). */
export function mockIdp(
  options: {
    tokens?: Record<string, unknown>
    profile?: Record<string, unknown>
    tokenPath?: string
    userinfoPath?: string
  } = {},
): ProviderMock {
  const seen: ProviderMock = { tokenBodies: [], userinfoAuth: [] }
  nock(IDP_AUTH)
    .post(options.tokenPath ?? "/oauth/token", (body) => {
      seen.tokenBodies.push(new URLSearchParams(body))
      return true
    })
    .reply(200, options.tokens ?? { access_token: "at-1", token_type: "bearer", expires_in: 3600 })
  nock(IDP_API)
    .get(options.userinfoPath ?? "/v1/me")
    .reply(function () {
      seen.userinfoAuth.push(String(this.req.headers.authorization))
      return [200, options.profile ?? { id: 42, name: "Ann", email: "ann@idp.example.com" }]
    })
  return seen
}

/** Starts a sign-in and answers the callback like the provider would (GET with code and state). */
export async function signInWith(
  auth: AuthInstance,
  jar: Jar,
  providerId: string,
  options: { form?: Record<string, string>; code?: string; origin?: string } = {},
): Promise<Response> {
  const origin = options.origin ?? ""
  const csrf = (await (await request(auth, jar, `${origin}/api/auth/csrf`)).json()) as {
    csrfToken: string
  }
  const start = await request(auth, jar, `${origin}/api/auth/signin/${providerId}`, {
    method: "POST",
    form: { csrfToken: csrf.csrfToken, ...options.form },
  })
  if (start.status !== 302)
    throw new Error(`sign-in start answered ${start.status}: ${await start.text()}`)
  const url = new URL(start.headers.get("location")!)
  const state = url.searchParams.get("state")
  const query = new URLSearchParams({ code: options.code ?? "the-code" })
  if (state) query.set("state", state)
  return request(auth, jar, `${origin}/api/auth/callback/${providerId}?${query}`)
}

export interface SetCookie {
  name: string
  value: string
  line: string
  attributes: Record<string, string | true>
}

/** Every Set-Cookie of a response, parsed (name, value, attributes by lower-cased name). */
export function setCookies(response: Response): SetCookie[] {
  return response.headers.getSetCookie().map((line) => {
    const [pair, ...attrs] = line.split(";")
    const eq = pair!.indexOf("=")
    const attributes: Record<string, string | true> = {}
    for (const attr of attrs) {
      const [k, ...v] = attr.trim().split("=")
      attributes[k!.toLowerCase()] = v.length ? v.join("=") : true
    }
    return { name: pair!.slice(0, eq).trim(), value: pair!.slice(eq + 1), line, attributes }
  })
}

export function setCookieNamed(response: Response, name: string): SetCookie | undefined {
  return setCookies(response).find((c) => c.name === name)
}

/** A session token sealed with jose (independently of core's own encoder), as a cookie value. */
export async function sealSession(
  claims: JWTPayload,
  options: { secret?: string; cookieName?: string; iat?: number; exp?: number } = {},
): Promise<string> {
  const key = await deriveKey(options.secret ?? SECRET, options.cookieName ?? "auth.session-token")
  const now = Math.floor(Date.now() / 1000)
  return new EncryptJWT(claims)
    .setProtectedHeader({ alg: "dir", enc: "A256CBC-HS512" })
    .setIssuedAt(options.iat ?? now)
    .setExpirationTime(options.exp ?? now + 3600)
    .setJti(crypto.randomUUID())
    .encrypt(key)
}
