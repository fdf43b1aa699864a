/**
 * What both contract runners share: the endpoint shape, and a real `Auth` around one provider with a
 * cookie jar, whose sign-in events and logged errors are captured for the assertions.
 */
import {
  Auth,
  type Account,
  type AuthError,
  type OAuthConfig,
  type Profile,
  type User,
} from "@auth/core"
import { tokenApi } from "@auth/core/tokens"
import { CookieJar } from "../cookie-jar.js"

type Json = Record<string, unknown>

export interface ContractEndpoint {
  /** Absolute URL, matched exactly (query included unless `ignoreQuery`). */
  url: string
  method?: "GET" | "POST"
  /** HTTP status and body the provider answers with. */
  status?: number
  body?: Json | unknown[] | string
  headers?: Record<string, string>
  /** Query parameters the request must carry. */
  query?: Record<string, string>
  /** Request headers the request must carry (lower-case names; exact values or RegExp). */
  expectHeaders?: Record<string, string | RegExp>
  /** Body parameters the request must carry (form-encoded or JSON body). */
  expectBody?: Record<string, string>
  /**
   * `false`: the access token must not travel as `Authorization: Bearer` on this request (the
   * provider wants it in the query or the path, or under another scheme given in `expectHeaders`).
   * Without an `authorization` in `expectHeaders`, the request must then carry no Authorization
   * header at all. Default: the bearer token is required.
   */
  bearer?: false
}

export const ORIGIN = "http://localhost:3000"
export const SECRET = "contract-runner-secret-0123456789abcdef"

export interface Captured {
  user?: User
  account?: Account
  profile?: Profile
  errors: AuthError[]
}

/** The browser of a contract run: testkit's CookieJar (RFC 6265 rules) at ORIGIN, plus a "has a session?" probe. */
function cookieJar() {
  const jar = new CookieJar()
  return {
    header: (url: string) => jar.get(url),
    store: (url: string, response: Response) => jar.set(url, response.headers.getSetCookie()),
    /** A cookie named `name`, or a chunk of it (`name.0`, `name.1`...). */
    has: (name: string) => jar.list().some((c) => c.name === name || c.name.startsWith(`${name}.`)),
  }
}

/** A real `Auth` around one provider, a cookie jar, and `call(path, init)` through its handler. */
export function signInHarness(provider: OAuthConfig<any>) {
  const captured: Captured = { errors: [] }
  const auth = Auth({
    providers: [provider],
    secret: SECRET,
    // The tokens extension, for the federated sign-out check (`endSession` in a contract).
    extensions: [tokenApi],
    logger: { error: (e) => captured.errors.push(e as AuthError), warn() {}, debug() {} },
    events: {
      signIn: ({ user, account, profile }) =>
        void Object.assign(captured, { user, account, profile }),
    },
  })
  const jar = cookieJar()
  const call = async (path: string, init: RequestInit = {}) => {
    const url = `${ORIGIN}${path}`
    const headers = new Headers(init.headers)
    const cookie = jar.header(url)
    if (cookie) headers.set("cookie", cookie)
    const response = await auth.handler(new Request(url, { ...init, headers }))
    jar.store(url, response)
    return response
  }
  return { captured, jar, call }
}
