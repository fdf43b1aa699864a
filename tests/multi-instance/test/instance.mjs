/**
 * One app instance, in its own Node process: `Auth()` with database sessions on PostgreSQL behind
 * `toNodeHandler`, on 127.0.0.1. Instances share nothing but the database and the secret, as a
 * horizontally scaled app does. Configured by environment variables (see cluster.ts), prints
 * {"port": N} once listening; every error core logs is written to stderr as one JSON line.
 */
import { createServer } from "node:http"
import { pgAdapter } from "@auth/adapter-pg"
import { Auth } from "@auth/core"
import { toNodeHandler } from "@auth/core/node"

const { ISSUER, DATABASE_URL, AUTH_SECRET, APP_ORIGIN, POOL_MAX, STRATEGY } = process.env
const adapter = pgAdapter({
  connectionString: DATABASE_URL,
  max: Number(POOL_MAX ?? 10),
  connectionTimeoutMillis: 5000,
})
const oidc = (id, over = {}) => ({
  id,
  name: id,
  type: "oidc",
  issuer: ISSUER,
  clientId: "app",
  clientSecret: "app-secret",
  checks: ["pkce", "state", "nonce"],
  ...over,
})
const auth = Auth({
  secret: AUTH_SECRET,
  url: APP_ORIGIN,
  env: {},
  adapter,
  session: { strategy: STRATEGY ?? "database" },
  logger: {
    error: (e) =>
      process.stderr.write(
        `${JSON.stringify({ pid: process.pid, code: e.code ?? null, message: e.message })}\n`,
      ),
    warn() {},
    debug() {},
  },
  // "idp2" is a second provider at the same IdP (another provider id, same person and email);
  // "idp-trusted" may link by email
  providers: [
    oidc("idp"),
    oidc("idp2"),
    oidc("idp-trusted", { allowDangerousEmailAccountLinking: true }),
  ],
})
const handler = toNodeHandler(auth)
// the app's own pages (where a sign-in lands): plain text
const server = createServer((req, res) => {
  if (req.url?.startsWith("/api/auth/")) return handler(req, res)
  res.writeHead(200, { "content-type": "text/plain" }).end(`app page ${req.url}`)
})
server.keepAliveTimeout = 30_000
server.listen(0, "127.0.0.1", () =>
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`),
)
const stop = async () => {
  server.close()
  await adapter.close()
  process.exit(0)
}
process.on("SIGTERM", stop)
