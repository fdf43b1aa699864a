/**
 * The three libraries behind one small interface, configured alike (one OIDC provider "idp" at the
 * local IdP, checks pkce + state + nonce, JWT sessions, app at http://localhost:3000/api/auth):
 *
 *   handler(request: Request) => Promise<Response>     the library's HTTP entry point
 *   getSession(...)                                     the closest server-side session read
 *   sessionCookie                                       the session cookie's name
 */
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { sqliteAdapter } from "@auth/adapter-sqlite"
import { Auth as OurAuth } from "@auth/core"
import { Auth as AuthjsAuth } from "authjs-core"
import { APP_ORIGIN, BASE_PATH, CLIENTS, SECRET } from "./config.mjs"

const require = createRequire(import.meta.url)

/** next-auth v4 files that its package.json `exports` does not list (core, next/utils). */
export const NEXT_AUTH_DIR = dirname(require.resolve("next-auth"))
export const NEXT_AUTH_CORE = join(NEXT_AUTH_DIR, "core", "index.js")

const quiet = { warn() {}, debug() {} }

// ------------------------------------------------------------------------------------------------
// ours: @auth/core (workspace)

/** ours with JWT sessions, or (`database: true`) with database sessions on a fresh SQLite file. */
export function createOurs(issuer, { database = false } = {}) {
  const auth = OurAuth({
    providers: [
      {
        id: "idp",
        name: "IdP",
        type: "oidc",
        issuer,
        ...CLIENTS.ours,
        checks: ["pkce", "state", "nonce"],
      },
    ],
    secret: SECRET,
    url: APP_ORIGIN,
    logger: quiet,
    ...(database && {
      adapter: sqliteAdapter(join(mkdtempSync(join(tmpdir(), "auth-bench-db-")), "auth.db")),
      session: { strategy: "database" },
    }),
  })
  return {
    key: database ? "oursdb" : "ours",
    label: database ? "ours (database sessions, SQLite)" : "ours (@auth/core)",
    sessionCookie: "auth.session-token",
    handler: auth.handler,
    /** `auth.getSession(headers)`: the Headers object a framework already has. */
    getSessionNote: "auth.getSession(headers)",
    getSession: (headers) => auth.getSession(headers),
    prepareGetSession: (cookieHeader) => new Headers({ cookie: cookieHeader }),
    instance: auth,
  }
}

// ------------------------------------------------------------------------------------------------
// Auth.js: @auth/core 0.41.3 (npm alias authjs-core)

export function createAuthjs(issuer) {
  const config = {
    providers: [
      {
        id: "idp",
        name: "IdP",
        type: "oidc",
        issuer,
        ...CLIENTS.authjs,
        checks: ["pkce", "state", "nonce"],
      },
    ],
    secret: SECRET,
    trustHost: true,
    basePath: BASE_PATH,
    logger: quiet,
  }
  const sessionUrl = `${APP_ORIGIN}${BASE_PATH}/session`
  return {
    key: "authjs",
    label: "Auth.js (@auth/core 0.41.3)",
    sessionCookie: "authjs.session-token",
    handler: (request) => AuthjsAuth(request, config),
    /** What next-auth v5's `auth()` does: Auth(new Request(.../session)) then .json(). */
    getSessionNote: "Auth(new Request(/session), config).json()",
    getSession: async (headers) => {
      const response = await AuthjsAuth(new Request(sessionUrl, { headers }), config)
      return response.json()
    },
    prepareGetSession: (cookieHeader) => new Headers({ cookie: cookieHeader }),
    config,
  }
}

// ------------------------------------------------------------------------------------------------
// next-auth v4.24.15: core AuthHandler (framework-free), adapted the way its own App Router route
// handler (next-auth/next NextAuthRouteHandler) does, minus next/headers (needs a Next request scope).

export function createNextAuth(issuer) {
  // next-auth v4 takes its public origin from NEXTAUTH_URL (detectOrigin); no other library reads it.
  process.env.NEXTAUTH_URL ??= APP_ORIGIN
  const { AuthHandler } = require(NEXT_AUTH_CORE)
  const { getBody, toResponse } = require(join(NEXT_AUTH_DIR, "next", "utils.js"))
  const { getServerSession } = require("next-auth/next")
  const { parse } = createRequire(NEXT_AUTH_CORE)("cookie")
  const options = {
    providers: [
      {
        id: "idp",
        name: "IdP",
        type: "oauth",
        wellKnown: `${issuer}/.well-known/openid-configuration`,
        idToken: true,
        checks: ["pkce", "state", "nonce"],
        authorization: { params: { scope: "openid email profile" } },
        ...CLIENTS.nextauth,
        profile: (p) => ({
          id: p.sub,
          name: p.name ?? null,
          email: p.email ?? null,
          image: p.picture ?? null,
        }),
      },
    ],
    secret: SECRET,
    logger: {
      ...quiet,
      error: (code, meta) => console.error(`[next-auth][error] ${code}`, meta?.message ?? meta),
    },
  }
  const prefix = `${BASE_PATH}/`
  const handler = async (request) => {
    const url = new URL(request.url)
    const nextauth = url.pathname.startsWith(prefix)
      ? url.pathname.slice(prefix.length).split("/")
      : []
    const query = Object.fromEntries(url.searchParams)
    const body = await getBody(request)
    const cookieHeader = request.headers.get("cookie")
    const internal = await AuthHandler({
      req: {
        body,
        query,
        cookies: cookieHeader ? parse(cookieHeader) : {},
        headers: Object.fromEntries(request.headers),
        method: request.method,
        action: nextauth[0],
        providerId: nextauth[1],
        error: query.error ?? nextauth[1],
      },
      options,
    })
    return toResponse(internal)
  }
  return {
    key: "nextauth",
    label: "next-auth v4 (4.24.15)",
    sessionCookie: "next-auth.session-token",
    handler,
    /** Pages-router form `getServerSession(req, res, options)`: no next/headers needed. */
    getSessionNote: "getServerSession(req, res, options)",
    getSession: (req) => {
      // A fresh response per read, as a server has (next-auth v4 re-sets the cookie on every read).
      const headers = {}
      const res = {
        getHeader: (name) => headers[name.toLowerCase()],
        setHeader: (name, value) => {
          headers[name.toLowerCase()] = value
        },
      }
      return getServerSession(req, res, options)
    },
    prepareGetSession: (cookieHeader) => ({
      headers: { host: "localhost:3000", cookie: cookieHeader },
      cookies: parse(cookieHeader),
    }),
    options,
  }
}
