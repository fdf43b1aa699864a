/**
 * `auth.getAccessToken(headers, provider)` on a fresh token (no refresh, no network): read the session,
 * list the user's accounts, check the expiry. Beside it, `auth.getSession(headers)` on the same session
 * (the part of the work both share). next-auth v4 and Auth.js have no equivalent: they leave the token
 * to a hand-written `jwt` callback, so there is nothing of theirs to time side by side.
 * A script that prints numbers, never a test.
 *
 *   node bench/access-token.mjs [--quick]
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { Auth } from "@auth/core"
import { memoryAdapter } from "@auth/core/adapters"
import { sqliteAdapter } from "@auth/adapter-sqlite"
import { SECRET } from "./lib/config.mjs"

const quick = process.argv.includes("--quick")
const ROUNDS = quick ? 3 : 7
const ROUND_MS = quick ? 300 : 800

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

const dir = mkdtempSync(join(tmpdir(), "auth-bench-access-token-"))
const provider = {
  id: "idp",
  name: "IdP",
  type: "oauth",
  clientId: "c",
  clientSecret: "s",
  authorization: "https://idp.example/authorize",
  token: "https://idp.example/token",
}
const setups = {
  memoryAdapter: () => memoryAdapter(),
  "SQLite file (better-sqlite3)": () =>
    sqliteAdapter(join(dir, "auth.db"), { driver: "better-sqlite3" }),
}

console.log(
  `# getAccessToken on a fresh token (database sessions), node ${process.version}${quick ? " (--quick)" : ""}`,
)
for (const [name, make] of Object.entries(setups)) {
  const adapter = make()
  const user = await adapter.createUser({
    email: `bench-${name.length}@example.com`,
    name: "Bench",
  })
  await adapter.linkAccount({
    userId: user.id,
    provider: "idp",
    type: "oauth",
    providerAccountId: "1",
    access_token: "at",
    refresh_token: "rt",
    token_type: "bearer",
    expires_at: Math.floor(Date.now() / 1000) + 86_400,
  })
  const sessionToken = `bench-session-token-${name.length}-0123456789abcdef`
  await adapter.createSession({
    sessionToken,
    userId: user.id,
    expires: new Date(Date.now() + 86_400_000),
  })
  const auth = Auth({
    providers: [provider],
    secret: SECRET,
    url: "http://localhost:3000",
    adapter,
    session: { strategy: "database" },
    logger: { warn() {}, debug() {} },
  })
  const headers = new Headers({ cookie: `auth.session-token=${sessionToken}` })
  if ((await auth.getAccessToken(headers, "idp")).accessToken !== "at")
    throw new Error("getAccessToken did not return the stored token")
  const session = await opsPerSecond(() => auth.getSession(headers))
  const token = await opsPerSecond(() => auth.getAccessToken(headers, "idp"))
  const fmt = (n) => Math.round(n).toLocaleString("en")
  console.log(
    `${name.padEnd(30)} auth.getAccessToken ${fmt(token)} ops/s (${(1e6 / token).toFixed(1)} µs) | auth.getSession ${fmt(session)} ops/s (${(1e6 / session).toFixed(1)} µs)`,
  )
}
rmSync(dir, { recursive: true, force: true })
