import { AuthError } from "../errors/index.js"
import { Keyring } from "../crypto/keyring.js"
import { resolveProviders } from "../providers/resolve.js"
import { DEFAULT_HTTP_TIMEOUT_MS } from "../http/timeout.js"
import type { ResolvedProvider } from "../providers/types.js"
import type { AuthConfig, Callbacks, Events, Logger } from "./types.js"
import type { Adapter } from "../adapters/types.js"
import { SessionCache } from "../session/cache.js"
import { TOKEN_ENCRYPTION, type MarkedAdapter } from "../adapters/token-encryption.js"

/** Everything `Auth()` computes once; requests only read it. */
export interface AuthInternals {
  config: AuthConfig
  providers: Map<string, ResolvedProvider>
  keyring: Keyring
  basePath: string
  /** Fixed public URL (config.url / AUTH_URL), if any. */
  url: URL | undefined
  trustHost: boolean
  useSecureCookies: boolean | undefined
  maxAge: number
  updateAge: number
  adapter: Adapter | undefined
  strategy: "jwt" | "database"
  /** Session tokens already decrypted by this instance, by (cookie name, exact value); see session/cache.ts. */
  sessionCache: SessionCache
  callbacks: Callbacks
  events: Events
  logger: Logger
}

const DAY = 24 * 60 * 60

function readEnv(config: AuthConfig): Record<string, string | undefined> {
  if (config.env) return config.env
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
  return proc?.env ?? {}
}

export const defaultLogger: Logger = {
  error(error) {
    const e = error as AuthError
    const head = e.code
      ? `[auth][error] ${e.type} ${e.code}${e.providerId ? ` (${e.providerId})` : ""}`
      : "[auth][error]"
    console.error(`${head}: ${error.message}`)
    if (error.cause) console.error("[auth][cause]:", error.cause)
  },
  warn(code, message) {
    console.warn(`[auth][warn] ${code}: ${message}`)
  },
  debug() {},
}

function httpTimeout(config: AuthConfig, env: Record<string, string | undefined>): number {
  const raw =
    config.httpTimeout ??
    (env.AUTH_HTTP_TIMEOUT ? Number(env.AUTH_HTTP_TIMEOUT) : DEFAULT_HTTP_TIMEOUT_MS)
  if (!Number.isFinite(raw) || raw <= 0) {
    throw new AuthError("Configuration", {
      code: "INVALID_HTTP_TIMEOUT",
      message: `httpTimeout (or AUTH_HTTP_TIMEOUT) is ${JSON.stringify(config.httpTimeout ?? env.AUTH_HTTP_TIMEOUT)}; it must be a positive number of milliseconds, e.g. 10000.`,
    })
  }
  return raw
}

function normalizeBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, "")
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`
}

export function resolveConfig(config: AuthConfig): AuthInternals {
  const env = readEnv(config)
  const rawSecret = config.secret ?? env.AUTH_SECRET
  const secrets = (Array.isArray(rawSecret) ? rawSecret : rawSecret ? [rawSecret] : []).filter(
    Boolean,
  )
  if (secrets.length === 0) {
    throw new AuthError("MissingSecret", {
      code: "MISSING_SECRET",
      status: 400,
      message:
        "No secret is configured, so cookies cannot be encrypted. Set AUTH_SECRET in the environment (or pass `secret` to Auth()). " +
        "Make one with: node -e \"console.log(crypto.randomBytes(32).toString('base64url'))\"  (or: openssl rand -base64 33)",
    })
  }
  for (const secret of secrets) {
    if (secret.length < 16) {
      throw new AuthError("Configuration", {
        code: "WEAK_SECRET",
        message: `The secret is ${secret.length} characters long; use at least 32 random characters (node -e "console.log(crypto.randomBytes(32).toString('base64url'))").`,
      })
    }
  }
  const rawUrl = config.url ?? env.AUTH_URL
  let url: URL | undefined
  let basePath = config.basePath
  if (rawUrl) {
    try {
      url = new URL(rawUrl)
    } catch (cause) {
      throw new AuthError("Configuration", {
        code: "INVALID_BASE_URL",
        cause,
        message: `The app URL ${JSON.stringify(rawUrl)} (config.url or AUTH_URL) is not an absolute URL. Use e.g. https://example.com.`,
      })
    }
    // AUTH_URL may carry the base path, as in Auth.js (https://example.com/custom/auth).
    if (!basePath && url.pathname !== "/") basePath = url.pathname
  }
  const strategy = config.session?.strategy ?? (config.adapter ? "database" : "jwt")
  if (strategy === "database" && !config.adapter) {
    throw new AuthError("Configuration", {
      code: "MISSING_ADAPTER",
      message:
        'session.strategy "database" needs an adapter: pass `adapter` (sqliteAdapter from @auth/adapter-sqlite; memoryAdapter from @auth/core/adapters in tests), or use the "jwt" strategy.',
    })
  }
  const trustEnv = env.AUTH_TRUST_HOST
  const logger: Logger = { ...defaultLogger, ...config.logger }
  const keyring = new Keyring(secrets)
  // Tokens at rest: the adapter's own mark (withTokenEncryption) wraps it for this keyring.
  const adapter = config.adapter as MarkedAdapter | undefined
  const encrypted = config.adapterEncryption !== false && adapter?.[TOKEN_ENCRYPTION]?.(keyring)
  if (adapter && encrypted === undefined)
    logger.warn(
      "TOKENS_NOT_ENCRYPTED",
      "Account tokens are stored unencrypted: wrap the adapter in withTokenEncryption() from @auth/core/adapters, or set adapterEncryption: false.",
    )
  return {
    config,
    providers: resolveProviders(config.providers ?? [], env, httpTimeout(config, env)),
    keyring,
    basePath: normalizeBasePath(basePath ?? "/api/auth"),
    url,
    trustHost: config.trustHost ?? (trustEnv === "true" || trustEnv === "1"),
    useSecureCookies: config.useSecureCookies,
    maxAge: config.session?.maxAge ?? 30 * DAY,
    updateAge: config.session?.updateAge ?? DAY,
    adapter: encrypted || adapter,
    strategy,
    sessionCache: new SessionCache(),
    callbacks: config.callbacks ?? {},
    events: config.events ?? {},
    logger,
  }
}
