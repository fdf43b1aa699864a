/**
 * Load scenario (a bench script, not a test): concurrent sign-ins against the local IdP with one and
 * with two app instances, then concurrent session reads. Every request is real HTTP on 127.0.0.1:
 * the driver plays the browsers, each app instance is its own process (`lib/app-instance.mjs`),
 * the IdP is its own process (`idp-process.mjs`, a real oidc-provider).
 *
 * With two instances a sign-in starts on one and finishes on the other (nothing but the secret is
 * shared), and session reads alternate between them.
 *
 *   node bench/load.mjs [--signins 300] [--concurrency 20] [--reads 5000] [--read-concurrency 50] [--pg] [--pool 10]
 *
 * --pg: database sessions on PostgreSQL (a throwaway local server from @auth/testkit's startPostgres,
 * or DATABASE_URL), one database shared by the instances, each with a pool of --pool connections.
 */
import { spawn } from "node:child_process"
import { cpus, loadavg } from "node:os"
import { fileURLToPath } from "node:url"
import { startIdpProcess } from "./lib/idp.mjs"

const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i === -1 ? fallback : Number(args[i + 1])
}
const SIGNINS = opt("signins", 300)
const CONCURRENCY = opt("concurrency", 20)
const READS = opt("reads", 5000)
const READ_CONCURRENCY = opt("read-concurrency", 50)
const instanceScript = fileURLToPath(new URL("./lib/app-instance.mjs", import.meta.url))

const PG = args.includes("--pg")
const POOL = opt("pool", 10)
let postgres
let databaseUrl
if (PG) {
  const { startPostgres } = await import("@auth/testkit")
  postgres = await startPostgres()
  databaseUrl = await postgres.createDatabase()
  // migrate once up front, as a deploy step would (the instances would otherwise race for the advisory lock)
  await (await import("@auth/adapter-pg")).migrate(databaseUrl)
}

function startInstance(issuer) {
  const env = PG
    ? { ...process.env, DATABASE_URL: databaseUrl, POOL_MAX: String(POOL) }
    : process.env
  const child = spawn(process.execPath, [instanceScript, issuer], {
    stdio: ["ignore", "pipe", "inherit"],
    env,
  })
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`app instance exited (${code})`)))
    child.stdout.once("data", (d) => {
      const { port } = JSON.parse(String(d))
      resolve({
        origin: `http://127.0.0.1:${port}`,
        stop: () => new Promise((r) => (child.once("exit", r), child.kill())),
      })
    })
  })
}

/** A browser's cookie jar for the app (names -> values). */
class Jar {
  cookies = new Map()
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ")
  }
  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";")
      const eq = pair.indexOf("=")
      const name = pair.slice(0, eq)
      if (/max-age=0/i.test(line) || eq === pair.length - 1) this.cookies.delete(name)
      else this.cookies.set(name, pair.slice(eq + 1))
    }
  }
}

async function appFetch(origin, jar, path, init = {}) {
  const headers = new Headers(init.headers)
  const cookie = jar.header()
  if (cookie) headers.set("cookie", cookie)
  const response = await fetch(`${origin}${path}`, { ...init, headers, redirect: "manual" })
  jar.store(response)
  return response
}

/** One whole sign-in: csrf + start on `a`, the IdP, the callback on `b`. Returns the session cookie. */
async function signIn(idp, a, b, n) {
  const jar = new Jar()
  const { csrfToken } = await (await appFetch(a, jar, "/api/auth/csrf")).json()
  const start = await appFetch(a, jar, "/api/auth/signin/idp", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/home" }),
  })
  if (start.status !== 302) throw new Error(`sign-in start answered ${start.status}`)
  const callback = new URL(await idp.follow(start.headers.get("location"), `load-${n}`))
  const done = await appFetch(b, jar, callback.pathname + callback.search)
  if (done.status !== 302 || !done.headers.get("location")?.endsWith("/home")) {
    throw new Error(`callback answered ${done.status} -> ${done.headers.get("location")}`)
  }
  if (![...jar.cookies.keys()].some((k) => k.includes("session-token")))
    throw new Error("no session cookie")
  return jar
}

const pct = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]

/** Runs `total` jobs with `concurrency` workers; latency of each, and the wall time. */
async function run(total, concurrency, job) {
  const latencies = []
  let next = 0
  let failures = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const n = next++
        const t0 = performance.now()
        try {
          await job(n)
          latencies.push(performance.now() - t0)
        } catch (error) {
          failures++
          if (failures <= 3) console.error(`  failure: ${error.message}`)
        }
      }
    }),
  )
  const wall = (performance.now() - started) / 1000
  latencies.sort((x, y) => x - y)
  return {
    ok: latencies.length,
    failures,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    perSecond: latencies.length / wall,
    wall,
  }
}

function row(name, r) {
  const ms = (v) => (v === undefined ? "-" : v.toFixed(1))
  console.log(
    `| ${name} | ${r.ok} | ${r.failures} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.perSecond.toFixed(1)} |`,
  )
}

const idp = await startIdpProcess()
console.log(
  `load: node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
)
console.log(
  `sign-ins: ${SIGNINS} at concurrency ${CONCURRENCY}; session reads: ${READS} at concurrency ${READ_CONCURRENCY}`,
)
console.log(
  `sessions: ${PG ? `database, PostgreSQL (${postgres.started ? "throwaway local server, fsync off" : "DATABASE_URL"}), pool ${POOL} per instance` : "JWT"}\n`,
)
console.log("| scenario | completed | failed | p50 ms | p99 ms | per second |")
console.log("| --- | --- | --- | --- | --- | --- |")
let exitCode = 0
const results = {}
for (const count of [1, 2]) {
  const instances = await Promise.all(
    Array.from({ length: count }, () => startInstance(idp.issuer)),
  )
  const origins = instances.map((i) => i.origin)
  // Warm-up: discovery and JWKS are fetched once per instance, the JIT settles.
  for (let i = 0; i < 10; i++)
    await signIn(idp, origins[i % count], origins[(i + 1) % count], `warm-${count}-${i}`)
  const jars = []
  const signins = await run(SIGNINS, CONCURRENCY, async (n) => {
    const jar = await signIn(idp, origins[n % count], origins[(n + 1) % count], `${count}-${n}`)
    if (jars.length < READ_CONCURRENCY) jars.push(jar)
  })
  row(`sign-ins, ${count} instance${count > 1 ? "s" : ""}`, signins)
  const reads = await run(READS, READ_CONCURRENCY, async (n) => {
    const jar = jars[n % jars.length]
    const response = await appFetch(origins[n % count], jar, "/api/auth/session")
    const session = await response.json()
    if (!session?.user) throw new Error(`session read answered ${response.status} without a user`)
  })
  row(`session reads, ${count} instance${count > 1 ? "s" : ""}`, reads)
  results[count] = { signins, reads }
  if (signins.failures || reads.failures) exitCode = 1
  await Promise.all(instances.map((i) => i.stop()))
}
const counts = await idp.counts()
console.log(`\nIdP requests served: ${JSON.stringify(counts)}`)
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
)
await idp.stop()
await postgres?.stop()
process.exit(exitCode)
