/**
 * Database-session reads on SQLite, per driver this Node has: `adapter.getSessionAndUser(token)` alone
 * and `auth.getSession(headers)` through @auth/core with `session.strategy: "database"` (the figure
 * `pnpm bench` prints as "ours (database sessions, SQLite)", without the HTTP handler around it).
 * A script that prints numbers, never a test.
 *
 *   node bench/sqlite.mjs [--quick] [--adapter <built adapter file>] [--driver node:sqlite|better-sqlite3]
 *   (--adapter: compare another build, e.g. the one before a change; --driver: only that driver)
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { performance } from "node:perf_hooks"
import { Auth } from "@auth/core"
import { SECRET } from "./lib/config.mjs"

const quick = process.argv.includes("--quick")
const adapterArg = process.argv.indexOf("--adapter")
const sqlite =
  adapterArg > 0
    ? await import(resolve(process.argv[adapterArg + 1]))
    : await import("@auth/adapter-sqlite")
const ROUNDS = quick ? 3 : 7
const ROUND_MS = quick ? 300 : 800

const driverArg = process.argv.indexOf("--driver")
const drivers = driverArg > 0 ? [process.argv[driverArg + 1]] : ["better-sqlite3", "node:sqlite"]

/** Calls `fn` for ROUND_MS per round after one warm-up round; the median round's ops/s. */
async function opsPerSecond(fn) {
  const rounds = []
  for (let r = 0; r <= ROUNDS; r++) {
    let n = 0
    const start = performance.now()
    while (performance.now() - start < ROUND_MS) {
      for (let i = 0; i < 100; i++) await fn()
      n += 100
    }
    if (r > 0) rounds.push(n / ((performance.now() - start) / 1000))
  }
  return rounds.sort((a, b) => a - b)[Math.floor(rounds.length / 2)]
}

console.log(`# SQLite database-session reads, node ${process.version}${quick ? " (--quick)" : ""}`)
for (const driver of drivers) {
  const dir = mkdtempSync(join(tmpdir(), "auth-bench-sqlite-"))
  // the adapter before drivers existed takes no `driver` option and always used better-sqlite3
  let adapter
  try {
    adapter = sqlite.sqliteAdapter(join(dir, "auth.db"), { driver })
  } catch (error) {
    console.log(`${driver.padEnd(15)} not available here: ${error.message.slice(0, 120)}`)
    continue
  }
  const user = await adapter.createUser({ email: "bench@example.com", name: "Bench" })
  const sessionToken = "bench-session-token-0123456789abcdef"
  await adapter.createSession({
    sessionToken,
    userId: user.id,
    expires: new Date(Date.now() + 86_400_000),
  })
  const auth = Auth({
    providers: [],
    secret: SECRET,
    url: "http://localhost:3000",
    adapter,
    session: { strategy: "database" },
    logger: { warn() {}, debug() {} },
  })
  const headers = new Headers({ cookie: `auth.session-token=${sessionToken}` })
  if ((await auth.getSession(headers))?.user?.email !== "bench@example.com")
    throw new Error("getSession did not find the session")
  const raw = await opsPerSecond(() => adapter.getSessionAndUser(sessionToken))
  const through = await opsPerSecond(() => auth.getSession(headers))
  console.log(
    `${driver.padEnd(15)} adapter.getSessionAndUser ${Math.round(raw).toLocaleString("en")} ops/s | auth.getSession (database) ${Math.round(through).toLocaleString("en")} ops/s`,
  )
  rmSync(dir, { recursive: true, force: true })
}
