/**
 * Several app instances, each a separate Node process (instance.mjs), on one PostgreSQL database and
 * one secret; the test process plays the browsers (testkit's TestBrowser) and runs the IdP.
 * A browser is an ordinary TestBrowser whose app origin is served by forwarding each request over
 * real HTTP to the instance its router picks, so a sign-in can start on one process and finish on another.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import {
  startOidcProvider,
  TestBrowser,
  type RunningOidcProvider,
  type TestUser,
} from "@auth/testkit"
import { inject } from "vitest"

export const ORIGIN = "http://localhost:3000"
export const SECRET = "multi-instance-secret-0123456789-abcdefghij"
const ADMIN_URL = inject("postgresUrl")

export interface Instance {
  readonly name: string
  readonly origin: string
  readonly process: ChildProcess
  /** Errors the instance logged (one JSON line each on its stderr). */
  readonly errors: Array<{ code: string | null; message: string }>
  stop(): Promise<void>
}

export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const script = fileURLToPath(new URL("./instance.mjs", import.meta.url))
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, APP_ORIGIN: ORIGIN, AUTH_SECRET: SECRET, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  })
  const errors: Instance["errors"] = []
  createInterface({ input: child.stderr! }).on("line", (line) => {
    try {
      errors.push(JSON.parse(line))
    } catch {
      errors.push({ code: null, message: line })
    }
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) =>
      reject(
        new Error(
          `instance ${name} exited (${code}) before listening: ${errors.map((e) => e.message).join("\n")}`,
        ),
      ),
    )
    createInterface({ input: child.stdout! }).once("line", (line) =>
      resolve((JSON.parse(line) as { port: number }).port),
    )
  })
  return {
    name,
    origin: `http://127.0.0.1:${port}`,
    process: child,
    errors,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.kill("SIGTERM")
      }),
  }
}

/** Picks the instance that serves a request (by its URL). */
export type Router = (url: URL) => Instance

/** A browser whose requests to the app go to the instance `route` picks. */
export function browserFor(route: Router): TestBrowser {
  return new TestBrowser({
    origin: ORIGIN,
    handler: async (request) => {
      const url = new URL(request.url)
      const target = route(url)
      const body =
        request.method === "GET" || request.method === "HEAD"
          ? undefined
          : await request.arrayBuffer()
      return fetch(`${target.origin}${url.pathname}${url.search}`, {
        method: request.method,
        headers: request.headers,
        body,
        redirect: "manual",
      })
    },
  })
}

/** Start on `start`, come back (the callback) and everything after it on `finish`. */
export const startOn =
  (start: Instance, finish: Instance): Router =>
  (url) =>
    url.pathname.startsWith("/api/auth/callback/") ? finish : start

export function idpUsers(count: number): TestUser[] {
  return Array.from({ length: count }, (_, i) => ({
    sub: `person-${i}`,
    email: `person-${i}@example.test`,
    email_verified: true,
    name: `Person ${i}`,
  }))
}

export async function startIdp(users: TestUser[]): Promise<RunningOidcProvider> {
  const callbacks = ["idp", "idp2", "idp-trusted"].map((id) => `${ORIGIN}/api/auth/callback/${id}`)
  return startOidcProvider({
    clients: [{ client_id: "app", client_secret: "app-secret", redirect_uris: callbacks }],
    users,
    pkce: "required",
  })
}

export { ADMIN_URL }

export function errorParams(url: string): { error: string | null; code: string | null } {
  const u = new URL(url)
  return { error: u.searchParams.get("error"), code: u.searchParams.get("code") }
}

export function sessionCookie(browser: TestBrowser): string | undefined {
  return browser.cookies.list().find((c) => c.name.includes("session-token"))?.value
}

/** Runs `total` jobs, at most `concurrency` at a time. */
export async function pooled<T>(
  total: number,
  concurrency: number,
  job: (n: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(total)
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const n = next++
        results[n] = await job(n)
      }
    }),
  )
  return results
}
