/**
 * Test helpers for core's own tests (core cannot depend on @auth/testkit, which depends on core).
 * A minimal cookie jar for one origin, and a way to start a sign-in through the real handler.
 */
import { Auth, type AuthConfig, type AuthInstance } from "../src/index.js"

export const ORIGIN = "http://localhost:3000"
export const SECRET = "test-secret-0123456789-abcdefghijklmnop"

export class Jar {
  readonly cookies = new Map<string, string>()
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ")
  }
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";")
      const eq = pair!.indexOf("=")
      const name = pair!.slice(0, eq)
      const value = pair!.slice(eq + 1)
      if (/;\s*Max-Age=0/i.test(line) || value === "") this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
}

export function makeAuth(config: Partial<AuthConfig> & Pick<AuthConfig, "providers">): AuthInstance {
  return Auth({ secret: SECRET, logger: { error() {}, warn() {} }, ...config })
}

export async function request(auth: AuthInstance, jar: Jar, path: string, init: RequestInit & { form?: Record<string, string> } = {}): Promise<Response> {
  const headers = new Headers(init.headers)
  const cookie = jar.header()
  if (cookie) headers.set("cookie", cookie)
  let body = init.body
  if (init.form) {
    headers.set("content-type", "application/x-www-form-urlencoded")
    body = new URLSearchParams(init.form).toString()
  }
  const url = path.startsWith("http") ? path : `${ORIGIN}${path}`
  const response = await auth.handler(new Request(url, { ...init, headers, body }))
  jar.store(response)
  return response
}

/** GET csrf, then POST signin/:id; returns the provider redirect URL. */
export async function startSignIn(auth: AuthInstance, jar: Jar, providerId: string, form: Record<string, string> = {}, query = ""): Promise<URL> {
  const csrf = (await (await request(auth, jar, "/api/auth/csrf")).json()) as { csrfToken: string }
  const response = await request(auth, jar, `/api/auth/signin/${providerId}${query}`, { method: "POST", form: { csrfToken: csrf.csrfToken, ...form } })
  if (response.status !== 302) throw new Error(`sign-in start answered ${response.status}: ${await response.text()}`)
  return new URL(response.headers.get("location")!)
}

export function errorOf(response: Response): { error: string | null; code: string | null } {
  const location = response.headers.get("location") ?? ""
  const url = new URL(location, ORIGIN)
  return { error: url.searchParams.get("error"), code: url.searchParams.get("code") }
}
