/**
 * One app instance for the load scenario: `@auth/core` behind `toNodeHandler` on 127.0.0.1, in its
 * own process. Instances share only the secret and the config (as a horizontally scaled app does).
 * argv: <issuer>. Prints {"port": N} once listening. JWT sessions, or database sessions on PostgreSQL with DATABASE_URL.
 */
import { createServer } from "node:http"
import { Auth } from "@auth/core"
import { toNodeHandler } from "@auth/core/node"
import { APP_ORIGIN, CLIENTS, SECRET } from "./config.mjs"

const issuer = process.argv[2]
// With DATABASE_URL (load.mjs --pg): database sessions on PostgreSQL, a pool of POOL_MAX (default 10) per instance.
const database = process.env.DATABASE_URL
  ? {
      adapter: (await import("@auth/adapter-pg")).pgAdapter({
        connectionString: process.env.DATABASE_URL,
        max: Number(process.env.POOL_MAX ?? 10),
      }),
      session: { strategy: "database" },
    }
  : {}
const auth = Auth({
  ...database,
  secret: SECRET,
  url: APP_ORIGIN,
  env: {},
  logger: {
    error: (e) => process.stderr.write(`[app ${process.pid}] ${e.code ?? ""} ${e.message}\n`),
    warn() {},
    debug() {},
  },
  providers: [
    {
      id: "idp",
      name: "IdP",
      type: "oidc",
      issuer,
      clientId: CLIENTS.ours.clientId,
      clientSecret: CLIENTS.ours.clientSecret,
      checks: ["pkce", "state", "nonce"],
    },
  ],
})
const server = createServer(toNodeHandler(auth))
server.keepAliveTimeout = 30_000
server.listen(0, "127.0.0.1", () =>
  process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n"),
)
