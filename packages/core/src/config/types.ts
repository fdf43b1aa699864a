import type { Account, Awaitable, OAuthConfig, Profile, User } from "../providers/types.js"
import type { AuthError } from "../errors/index.js"
import type { Adapter, AdapterUser } from "../adapters/types.js"

/**
 * The JWT kept in the session cookie (strategy "jwt"). Add your own claims in `callbacks.jwt`.
 * @example
 * ```ts
 * callbacks: { jwt: ({ token, account }) => (account ? { ...token, provider: account.provider } : token) }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#sessions
 */
export interface JWT {
  sub?: string
  name?: string | null
  email?: string | null
  picture?: string | null
  iat?: number
  exp?: number
  jti?: string
  [claim: string]: unknown
}

/**
 * What `getSession` and `GET [basePath]/session` return.
 * @example
 * ```ts
 * const session = await auth.getSession(request)
 * if (!session) return new Response("Sign in first", { status: 401 })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#sessions
 */
export interface Session {
  user: {
    id?: string
    name?: string | null
    email?: string | null
    image?: string | null
    [extra: string]: unknown
  }
  /** ISO date-time when the session ends. */
  expires: string
  [extra: string]: unknown
}

/**
 * Hooks that decide or shape a sign-in: refuse it, edit the JWT, shape the session.
 * @example
 * ```ts
 * callbacks: {
 *   signIn: ({ user }) => user.email?.endsWith("@example.com") ?? false,
 *   session: ({ session, token }) => ({ ...session, userId: token.sub }),
 * }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#configuration
 */
export interface Callbacks {
  /** Return false to refuse (AccessDenied), or a URL to send the person to instead. */
  signIn?: (params: {
    user: User
    account: Account
    profile: Profile
  }) => Awaitable<boolean | string>
  /** Where to go after sign-in/out. Default: relative and same-origin URLs only. */
  redirect?: (params: { url: string; baseUrl: string }) => Awaitable<string>
  /** Shape the JWT. `user`, `account`, `profile` are given on sign-in only. */
  jwt?: (params: {
    token: JWT
    user?: User
    account?: Account
    profile?: Profile
    trigger?: "signIn" | "update"
  }) => Awaitable<JWT | null>
  /** Shape what the client sees. `token` with the "jwt" strategy, `user` (the stored user) with "database". */
  session?: (params: { session: Session; token: JWT; user?: AdapterUser }) => Awaitable<Session>
}

/**
 * Notifications after the fact (audit logs, metrics); their results are ignored.
 * @example
 * ```ts
 * events: { signIn: ({ user, account }) => audit.log("sign-in", user.id, account?.provider) }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#configuration
 */
export interface Events {
  signIn?: (message: {
    user: User
    account: Account
    profile: Profile
    isNewUser?: boolean
  }) => Awaitable<void>
  signOut?: (message: { token: JWT | null }) => Awaitable<void>
  createUser?: (message: { user: AdapterUser }) => Awaitable<void>
  linkAccount?: (message: { user: AdapterUser; account: Account }) => Awaitable<void>
  session?: (message: { session: Session; token: JWT }) => Awaitable<void>
}

/**
 * Where core reports what the user's page does not show (full errors with their `cause`, warnings).
 * @example
 * ```ts
 * Auth({ ...config, logger: { error: (e) => pino.error(e), warn: (m) => pino.warn(m) } })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#errors
 */
export interface Logger {
  error: (error: AuthError | Error) => void
  warn: (code: string, message: string) => void
  debug: (message: string, metadata?: unknown) => void
}

/**
 * An opt-in part of core from its own entry point, for `extensions` (its shape is internal).
 * @example
 * ```ts
 * import { accountApi } from "@auth/core/accounts"
 * import { tokenApi } from "@auth/core/tokens"
 * Auth({ providers, adapter, extensions: [accountApi, tokenApi] })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#id-token-sign-in-native-apps-one-tap
 */
export interface AuthExtension {
  readonly name: string
}

/**
 * The options of {@link Auth}.
 * @example
 * ```ts
 * Auth({ providers: [google()], secret: [newSecret, oldSecret], session: { maxAge: 86400 } })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#configuration
 */
export interface AuthConfig {
  providers: ReadonlyArray<OAuthConfig<any>>
  /** Encrypts cookies. Else `AUTH_SECRET`. An array rotates: the first encrypts, all decrypt. */
  secret?: string | string[]
  /** Where the routes live. Default `/api/auth`. */
  basePath?: string
  /** The app's public URL. Else `AUTH_URL`, else the request's own URL. */
  url?: string
  /** Honour X-Forwarded-Host/-Proto (behind a proxy you control). Else `AUTH_TRUST_HOST`. */
  trustHost?: boolean
  /** Stores users and accounts (and database sessions). See `Adapter`. */
  adapter?: Adapter
  /**
   * Encrypt the Account's tokens (access, refresh, id token, OAuth 1 token and secret) with the
   * secret before the adapter stores them. Default true; `false` stores them as the provider sent them.
   */
  adapterEncryption?: boolean
  session?: {
    /** "database" (default with an adapter): a random token in the cookie, the session in the adapter. "jwt" (default without): the session in an encrypted cookie. */
    strategy?: "jwt" | "database"
    /** Seconds. Default 30 days. */
    maxAge?: number
    /** Seconds between cookie re-issues on reads. Default 24 hours; 0 re-issues on every read. */
    updateAge?: number
  }
  callbacks?: Callbacks
  events?: Events
  pages?: { signIn?: string; signOut?: string; error?: string }
  logger?: Partial<Logger>
  /**
   * Milliseconds any one outbound request may take (discovery, JWKS, token, userinfo, OAuth 1
   * steps, and the \`fetch\` given to \`request\` hooks), body included. Else \`AUTH_HTTP_TIMEOUT\`;
   * default 10000. A timed-out step ends the sign-in with a \`*_TIMEOUT\` code.
   */
  httpTimeout?: number
  /** Default: true when the base URL is https. */
  useSecureCookies?: boolean
  theme?: { brandColor?: string; logo?: string }
  /**
   * Opt-in parts of core that live in their own entry point, so apps without them do not ship their
   * code: `accountApi` from "@auth/core/accounts" (ID-token sign-in, the account API), `tokenApi` from
   * "@auth/core/tokens" (getAccessToken with refresh, sign-out at the provider, deleteUser with revocation).
   */
  extensions?: ReadonlyArray<AuthExtension>
  /** Environment to read AUTH_* from. Default: `process.env` where it exists. */
  env?: Record<string, string | undefined>
}

/**
 * Options of `auth.signOut(request, options)`: with `federated`, the person is then sent to the
 * provider's end-session endpoint, which returns them to `callbackUrl`.
 * @example
 * ```ts
 * return auth.signOut(request, { federated: true, callbackUrl: "/" })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#signing-out-at-the-provider
 */
export interface SignOutOptions {
  callbackUrl?: string
  federated?: boolean
  /** The provider to sign out of; default the one the session signed in with. */
  provider?: string
}
