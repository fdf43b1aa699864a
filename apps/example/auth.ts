/**
 * The one place this app configures sign-in. Everything else imports `auth` from here:
 *
 *   app/api/auth/[...nextauth]/route.ts     export const { GET, POST } = auth.handlers
 *   pages/api/auth-pages/[...nextauth].ts   export default toNodeHandler(pagesAuth)
 *   any server component                    const session = await auth.getSession(await headers())
 *
 * `Auth()` runs once per server process, on first use (instrumentation.ts makes that the server's
 * start, so a missing AUTH_SECRET stops the server at once). The instances live on `globalThis`, so
 * hot reloads and Next.js's separate bundles (route handlers, pages, proxy) share one SQLite
 * connection (or one PostgreSQL pool, with DATABASE_URL) and one configuration. Restart `pnpm dev` after editing this file.
 */
import path from "node:path"
import { Auth, type AuthConfig, type AuthInstance, type OAuthConfig } from "@auth/core"
import { accountApi } from "@auth/core/accounts"
import type { Adapter } from "@auth/core/adapters"
import { pgAdapter } from "@auth/adapter-pg"
import { sqliteAdapter } from "@auth/adapter-sqlite"
import github from "@auth/provider-github"
import google from "@auth/provider-google"
import kakao from "@auth/provider-kakao"
import twitter from "@auth/provider-twitter"
import { BASE_PATHS, LOCAL_IDPS, idpIssuer, localIdpsEnabled } from "./lib/local-idps.mjs"

/** Real providers: each one is on when both AUTH_<ID>_ID and AUTH_<ID>_SECRET are set (see .env.example). */
const REAL_PROVIDERS = [
  { id: "google", make: () => google() },
  { id: "github", make: () => github() },
  { id: "kakao", make: () => kakao() },
  // AUTH_TWITTER_VERSION=1.0A: OAuth 1.0a with the API key pair (gives the email), else OAuth 2.0.
  {
    id: "twitter",
    make: () =>
      process.env.AUTH_TWITTER_VERSION === "1.0A" ? twitter({ version: "1.0A" }) : twitter(),
  },
] as const

const LOCAL_STYLES = {
  local: { bg: "#0b57d0", text: "#ffffff", bgDark: "#a8c7fa", textDark: "#062e6f" },
  local2: { bg: "#146c2e", text: "#ffffff", bgDark: "#6dd58c", textDark: "#00391c" },
} as const

function providers(env: NodeJS.ProcessEnv): OAuthConfig<any>[] {
  const list: OAuthConfig<any>[] = []
  if (localIdpsEnabled(env)) {
    for (const idp of LOCAL_IDPS) {
      list.push({
        id: idp.id,
        name: idp.name,
        type: "oidc",
        issuer: idpIssuer(idp, env),
        clientId: idp.clientId,
        clientSecret: idp.clientSecret,
        checks: ["pkce", "state", "nonce"],
        style: LOCAL_STYLES[idp.id],
        // Off by default, so the OAuthAccountNotLinked refusal can be seen; LOCAL2_ALLOW_EMAIL_LINKING=true to try it.
        allowDangerousEmailAccountLinking:
          idp.id === "local2" && env.LOCAL2_ALLOW_EMAIL_LINKING === "true",
      })
    }
  }
  for (const { id, make } of REAL_PROVIDERS) {
    const key = id.toUpperCase()
    if (env[`AUTH_${key}_ID`] && env[`AUTH_${key}_SECRET`]) list.push(make())
  }
  return list
}

/** The SQLite file: AUTH_DB_FILE, else data/auth.db in the app (created on first start). */
export function databaseFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.AUTH_DB_FILE || path.join(process.cwd(), "data", "auth.db")
}

interface Instances {
  adapter: Adapter
  /** basePath /api/auth: the App Router route handler. */
  app: AuthInstance
  /** basePath /api/auth-pages: the Pages Router API route (same secret, adapter and providers). */
  pages: AuthInstance
}

const globalForAuth = globalThis as typeof globalThis & { __authExample?: Instances }

function create(): Instances {
  const env = process.env
  // DATABASE_URL: PostgreSQL, shared by every instance of the app; otherwise the SQLite file
  const adapter = env.DATABASE_URL ? pgAdapter(env.DATABASE_URL) : sqliteAdapter(databaseFile(env))
  const common = (): AuthConfig => ({
    adapter,
    session: { strategy: "database" },
    providers: providers(env),
    // The account API (GET /api/auth/accounts, POST /api/auth/unlink/:id, auth.listAccounts) for the account page.
    extensions: [accountApi],
    events: {
      signIn: ({ user, account, isNewUser }) =>
        console.log(
          `[auth] ${user.email ?? user.id} signed in with ${account.provider}${isNewUser ? " (new user)" : ""}`,
        ),
      linkAccount: ({ user, account }) =>
        console.log(`[auth] linked ${account.provider} to ${user.email ?? user.id}`),
    },
  })
  const app = Auth({ ...common(), basePath: BASE_PATHS[0] })
  const pages = Auth({ ...common(), basePath: BASE_PATHS[1] })
  return { adapter, app, pages }
}

/** Builds the instances on first call (throws MISSING_SECRET etc. from `Auth()`), then returns them. */
export function authInstances(): Instances {
  return (globalForAuth.__authExample ??= create())
}

/** Defers `Auth()` to the first use, so `next build` needs no secret; same shape as `Auth()`'s result. */
function lazy(pick: (i: Instances) => AuthInstance): AuthInstance {
  const handler = (request: Request) => pick(authInstances()).handler(request)
  return {
    handler,
    handlers: { GET: handler, POST: handler },
    getSession: (input) => pick(authInstances()).getSession(input),
    listAccounts: (input) => pick(authInstances()).listAccounts(input),
    unlinkAccount: (input, providerId) => pick(authInstances()).unlinkAccount(input, providerId),
    get providers() {
      return pick(authInstances()).providers
    },
  }
}

export const auth = lazy((i) => i.app)
export const pagesAuth = lazy((i) => i.pages)
