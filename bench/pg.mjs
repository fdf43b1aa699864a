/**
 * Database-session reads on PostgreSQL beside SQLite and JWT sessions, in one process: through the
 * handler (`GET /api/auth/session`, a new Request each time, body read) and `auth.getSession(headers)`,
 * plus `adapter.getSessionAndUser` alone. PostgreSQL is a throwaway local server (@auth/testkit's
 * startPostgres: initdb + pg_ctl, fsync off) or DATABASE_URL; every read is one round trip on a
 * 127.0.0.1 TCP connection from a pool of 10. A script that prints numbers, never a test.
 *
 *   node bench/pg.mjs [--quick] [--concurrency 1]
 *   (--concurrency: reads in flight at once; 1 measures latency-bound ops/s, more shows what the pool gives)
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { pgAdapter } from "@auth/adapter-pg"
import { sqliteAdapter } from "@auth/adapter-sqlite"
import { Auth } from "@auth/core"
import { signInWith, startOidcProvider, startPostgres, TestBrowser } from "@auth/testkit"
import { SECRET } from "./lib/config.mjs"

const quick = process.argv.includes("--quick")
const concurrencyArg = process.argv.indexOf("--concurrency")
const CONCURRENCY = concurrencyArg > 0 ? Number(process.argv[concurrencyArg + 1]) : 1
const ROUNDS = quick ? 3 : 7
const ROUND_MS = quick ? 300 : 800
const ORIGIN = "http://localhost:3000"

/** Runs `fn` with CONCURRENCY in flight for ROUND_MS per round after one warm-up round; the median round's ops/s. */
async function opsPerSecond(fn) {
  const rounds = []
  for (let r = 0; r <= ROUNDS; r++) {
    let n = 0
    const start = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() - start < ROUND_MS) {
          for (let i = 0; i < 20; i++) await fn()
          n += 20
        }
      }),
    )
    if (r > 0) rounds.push(n / ((performance.now() - start) / 1000))
  }
  return rounds.sort((a, b) => a - b)[Math.floor(rounds.length / 2)]
}

const fmt = (ops) => `${Math.round(ops).toLocaleString("en")}/s (${(1e6 / ops).toFixed(1)} µs)`

const idp = await startOidcProvider({
  clients: [
    {
      client_id: "bench",
      client_secret: "bench-secret-0123456789",
      redirect_uris: [`${ORIGIN}/api/auth/callback/idp`],
    },
  ],
})
const idpProvider = {
  id: "idp",
  name: "IdP",
  type: "oidc",
  issuer: idp.issuer,
  clientId: "bench",
  clientSecret: "bench-secret-0123456789",
}
const server = await startPostgres()
const dir = mkdtempSync(join(tmpdir(), "auth-bench-pg-"))
const results = []
try {
  const pgUrl = await server.createDatabase()
  const stores = [
    ["JWT (no database)", null],
    ["SQLite (better-sqlite3)", sqliteAdapter(join(dir, "auth.db"), { driver: "better-sqlite3" })],
    ["PostgreSQL (pg, pool 10)", pgAdapter(pgUrl)],
  ]
  console.log(
    `# Session reads: JWT, SQLite, PostgreSQL — node ${process.version}, concurrency ${CONCURRENCY}${quick ? " (--quick)" : ""}`,
  )
  console.log(
    `PostgreSQL: ${server.started ? "throwaway local server (fsync off)" : "DATABASE_URL"}, 127.0.0.1 TCP\n`,
  )
  console.log(
    "| store | GET /api/auth/session (handler) | auth.getSession(headers) | adapter.getSessionAndUser |",
  )
  console.log("| --- | --- | --- | --- |")
  for (const [label, adapter] of stores) {
    const auth = Auth({
      providers: adapter ? [] : [idpProvider],
      secret: SECRET,
      url: ORIGIN,
      ...(adapter ? { adapter, session: { strategy: "database" } } : {}),
      logger: { warn() {}, debug() {} },
    })
    const jwtAuth = auth
    let cookie
    let token
    if (adapter) {
      const user = await adapter.createUser({ email: "bench@example.com", name: "Bench" })
      token = "bench-session-token-0123456789abcdef"
      await adapter.createSession({
        sessionToken: token,
        userId: user.id,
        expires: new Date(Date.now() + 30 * 86_400_000),
      })
      cookie = `auth.session-token=${token}`
    } else {
      // a genuine JWT session cookie: one real sign-in against the testkit IdP (the email is alice's)
      const browser = new TestBrowser({
        origin: ORIGIN,
        handler: async (request) =>
          new URL(request.url).pathname.startsWith("/api/auth/")
            ? jwtAuth.handler(request)
            : new Response("app page"),
      })
      await signInWith(browser, "idp")
      cookie = `auth.session-token=${browser.cookies.list().find((c) => c.name === "auth.session-token").value}`
    }
    const headers = new Headers({ cookie })
    const expected = adapter ? "bench@example.com" : idp.users[0].email
    if ((await auth.getSession(headers))?.user?.email !== expected)
      throw new Error(`${label}: getSession did not find the session`)
    const viaHandler = await opsPerSecond(async () => {
      const response = await auth.handler(
        new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie } }),
      )
      await response.text()
    })
    const viaGetSession = await opsPerSecond(() => auth.getSession(headers))
    const raw = adapter ? await opsPerSecond(() => adapter.getSessionAndUser(token)) : undefined
    results.push({ label, viaHandler, viaGetSession, raw })
    console.log(
      `| ${label} | ${fmt(viaHandler)} | ${fmt(viaGetSession)} | ${raw ? fmt(raw) : "-"} |`,
    )
  }
  for (const [, adapter] of stores) await adapter?.close?.()
} finally {
  rmSync(dir, { recursive: true, force: true })
  await server.stop()
  await idp.stop()
}
