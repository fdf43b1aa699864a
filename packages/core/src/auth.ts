/**
 * `Auth(config)`: resolves the configuration once (providers, secret, keys) and returns a
 * web-standard handler. Routes under `basePath` (default /api/auth):
 *   GET  signin              built-in sign-in page        POST signin/:id      start a sign-in
 *   GET|POST callback/:id    finish a sign-in             GET  session         the session as JSON
 *   GET  csrf                CSRF token                   GET  providers       configured providers
 *   GET  signout             sign-out page                POST signout         sign out
 *   GET  error               error page
 *   POST id-token/:id        sign in with an ID token     GET  accounts        linked accounts
 *   POST unlink/:id          unlink an account
 */
import { resolveConfig, type AuthInternals } from "./config/resolve.js"
import type { AuthConfig, Logger, Session, SignOutOptions } from "./config/types.js"
import { AuthError, statusOf } from "./errors/index.js"
import { ProviderConfigs } from "./oauth/config.js"
import { callback } from "./routes/callback.js"
import { createContext, type RequestContext } from "./routes/context.js"
import { csrfToken } from "./routes/csrf.js"
import { errorPage, errorRedirect, renderError, toAuthError } from "./routes/errors.js"
import { redirect } from "./routes/redirect.js"
import { delegate, extensionOf } from "./extensions.js"
import { json } from "./routes/response.js"
import { readSession, sessionRoute } from "./routes/session.js"
import type { AccountApi } from "./accounts/extension.js"
import type { LinkedAccount } from "./accounts/manage.js"
import { signInPage, signInStart } from "./routes/signin.js"
import { signOut, signOutPage, signOutTo } from "./routes/signout.js"
import type { Adapter } from "./adapters/types.js"
import type { ResolvedProvider } from "./providers/types.js"
import type { AccessToken, GetAccessTokenOptions } from "./tokens/access-token.js"

/**
 * What {@link Auth} returns: the request handler and a server-side session reader.
 * @example
 * ```ts
 * const { handlers, getSession } = Auth(config)
 * export const { GET, POST } = handlers
 * ```
 * @see https://www.npmjs.com/package/@auth/core#routes-under-basepath-default-apiauth
 */
export interface AuthInstance {
  /** Answers every route under `basePath`; never throws (errors become the error page or a redirect to it). */
  handler: (request: Request) => Promise<Response>
  /** `handler` as the `GET` / `POST` exports frameworks with file routes expect (Next.js app router...). */
  handlers: {
    GET: (request: Request) => Promise<Response>
    POST: (request: Request) => Promise<Response>
  }
  /**
   * The session of a request (or of its headers), or null: reads the session cookie, or the
   * `Authorization: Bearer` token of a native sign-in (which then wins over any cookie); makes no
   * request to the provider and writes no cookie (the `database` strategy reads the adapter).
   */
  getSession: (input: Request | Headers) => Promise<Session | null>
  /**
   * The linked accounts of whoever is signed in on `input` (cookie or bearer), never their tokens;
   * null when nobody is. Needs an adapter with `getAccountsByUser`.
   */
  listAccounts: (input: Request | Headers) => Promise<LinkedAccount[] | null>
  /**
   * Unlinks the signed-in user's `providerId` account (no CSRF check: call it from your own
   * CSRF-protected action). Throws AuthError SESSION_REQUIRED, ACCOUNT_NOT_FOUND or LAST_ACCOUNT.
   */
  unlinkAccount: (input: Request | Headers, providerId: string) => Promise<void>
  /**
   * The signed-in person's access token at `providerId`, refreshed (refresh_token grant) when it
   * expires within `minValidity` seconds (default 60). Needs an adapter with `getAccount` /
   * `updateAccount` (any session strategy); one refresh per rotation across calls and processes.
   * Throws an {@link AuthError}: SESSION_REQUIRED, NO_PROVIDER_ACCOUNT, NO_REFRESH_TOKEN,
   * REFRESH_TOKEN_INVALID (sign in again), TOKEN_ENDPOINT_ERROR..., MISSING_ADAPTER, ADAPTER_METHODS_MISSING;
   * TOKEN_API_MISSING without `extensions: [tokenApi]` from "@auth/core/tokens".
   */
  getAccessToken: (
    input: Request | Headers,
    providerId: string,
    options?: GetAccessTokenOptions,
  ) => Promise<AccessToken>
  /**
   * Signs the request's session out from server code (no CSRF check: your server decides) and
   * returns the redirect to send: it clears the session cookie, and with `federated: true` goes
   * through the provider's end-session endpoint (needs `extensions: [tokenApi]` from "@auth/core/tokens").
   * The same as `POST [basePath]/signout`.
   * @example
   * ```ts
   * export const POST = (request: Request) => auth.signOut(request, { federated: true, callbackUrl: "/" })
   * ```
   */
  signOut: (request: Request, options?: SignOutOptions) => Promise<Response>
  /**
   * Deletes the signed-in person's user, accounts and sessions from the adapter, revoking each
   * account's tokens at its provider first (best effort). Part of the tokens extension, so that a
   * deletion never skips the revocation: needs `extensions: [tokenApi]` from "@auth/core/tokens". Resolves to the deleted user's id, or
   * null when nobody is signed in. Then answer with `signOut(request)` to clear the cookie.
   * @example
   * ```ts
   * if (await auth.deleteUser(request)) return auth.signOut(request, { callbackUrl: "/goodbye" })
   * ```
   */
  deleteUser: (input: Request | Headers) => Promise<string | null>
  /** The adapter as core uses it: account tokens decrypted on read, encrypted on write. */
  adapter: Adapter | undefined
  /** The resolved providers (read-only), e.g. to list them in your own UI. */
  providers: ReadonlyMap<string, ResolvedProvider>
  /** The logger this instance reports to (e.g. the Node bridge logs dropped requests at debug level). */
  logger?: Logger
}

function notFound(
  ctx: RequestContext,
  what: string,
  code: "UNKNOWN_ACTION" | "UNKNOWN_PROVIDER",
  providerId?: string,
): Response {
  return renderError(
    ctx,
    new AuthError(code === "UNKNOWN_PROVIDER" ? "InvalidProvider" : "UnknownAction", {
      code,
      providerId,
      status: 404,
      message:
        code === "UNKNOWN_PROVIDER"
          ? `No provider has the id "${providerId}". Configured: ${[...ctx.auth.providers.keys()].join(", ") || "(none)"}.`
          : `${ctx.request.method} ${ctx.url.pathname} is not a route of @auth/core (${what}).`,
    }),
  )
}

async function route(
  auth: AuthInternals,
  configs: ProviderConfigs,
  request: Request,
): Promise<Response> {
  const url = new URL(request.url)
  const ctx = createContext(auth, request, url)
  const path = url.pathname
  if (!path.startsWith(`${auth.basePath}/`))
    return notFound(ctx, `outside ${auth.basePath}`, "UNKNOWN_ACTION")
  const [action, providerId, ...rest] = path.slice(auth.basePath.length + 1).split("/")
  if (rest.length > 0) return notFound(ctx, "too many path segments", "UNKNOWN_ACTION")
  const method = request.method
  let decodedId: string | undefined
  try {
    decodedId = providerId === undefined ? undefined : decodeURIComponent(providerId)
  } catch {
    decodedId = providerId
  }
  const provider = decodedId ? auth.providers.get(decodedId) : undefined
  const needsProvider = (): Response | undefined =>
    decodedId && !provider ? notFound(ctx, action!, "UNKNOWN_PROVIDER", decodedId) : undefined

  switch (action) {
    case "session":
      if (method === "GET" && !providerId) return sessionRoute(ctx)
      break
    case "csrf":
      if (method === "GET" && !providerId) return json(ctx, { csrfToken: await csrfToken(ctx) })
      break
    case "providers":
      if (method === "GET" && !providerId) {
        const list: Record<string, unknown> = {}
        for (const p of auth.providers.values()) {
          list[p.id] = {
            id: p.id,
            name: p.name,
            type: p.type,
            signinUrl: `${ctx.baseUrl}/signin/${p.id}`,
            callbackUrl: `${ctx.baseUrl}/callback/${p.id}`,
          }
        }
        return json(ctx, list)
      }
      break
    case "signin": {
      const missing = needsProvider()
      if (missing) return missing
      if (method === "GET") return signInPage(ctx)
      if (method === "POST" && provider) return signInStart(ctx, provider, configs)
      break
    }
    case "callback": {
      const missing = needsProvider()
      if (missing) return missing
      if ((method === "GET" || method === "POST") && provider)
        return callback(ctx, provider, configs)
      break
    }
    case "signout":
      if (providerId) break
      if (method === "GET") return signOutPage(ctx)
      if (method === "POST") return signOut(ctx, configs)
      break
    case "error":
      if (method === "GET" && !providerId) {
        const type = url.searchParams.get("error") ?? undefined
        const code = url.searchParams.get("code") ?? undefined
        return errorPage(ctx, type, code, statusOf(type))
      }
      break
  }
  // id-token/:id, accounts, unlink/:id when the account API is on (@auth/core/accounts).
  return (
    (await extensionOf<AccountApi>(auth, "accounts")?.route(ctx, action!, decodedId, configs)) ??
    notFound(ctx, action ?? "", "UNKNOWN_ACTION")
  )
}

/**
 * Resolves `config` once (providers, secret, keys; a configuration error throws here) and returns the
 * web-standard handler for every route under `basePath` (default `/api/auth`).
 * @example
 * ```ts
 * import { Auth } from "@auth/core"
 * import github from "@auth/provider-github"
 * export const auth = Auth({ providers: [github()], secret: process.env.AUTH_SECRET })
 * // any web-standard server: (request: Request) => Promise<Response>
 * export default { fetch: auth.handler }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#routes-under-basepath-default-apiauth
 */
export function Auth(config: AuthConfig): AuthInstance {
  const auth = resolveConfig(config)
  const configs = new ProviderConfigs()
  const handler = async (request: Request): Promise<Response> => {
    try {
      return await route(auth, configs, request)
    } catch (error) {
      // Last resort: log everything, show a plain 400 page, never a stack trace.
      const ctx = createContext(auth, request, new URL(request.url))
      auth.logger.error(error as Error)
      return errorPage(ctx, "CallbackRouteError", "CALLBACK_FAILED", 400)
    }
  }
  return {
    handler,
    handlers: { GET: handler, POST: handler },
    getSession: (input) => readSession(auth, input),
    // The extensions' methods: a precise error (ACCOUNT_API_MISSING, TOKEN_API_MISSING) without them.
    listAccounts: delegate(auth, configs, "accounts", "listAccounts"),
    unlinkAccount: delegate(auth, configs, "accounts", "unlinkAccount"),
    getAccessToken: delegate(auth, configs, "tokens", "getAccessToken"),
    deleteUser: delegate(auth, configs, "tokens", "deleteUser"),
    async signOut(request, options = {}) {
      const ctx = createContext(auth, request, new URL(request.url))
      try {
        return redirect(ctx, await signOutTo(ctx, configs, options))
      } catch (error) {
        return errorRedirect(ctx, toAuthError(error))
      }
    },
    adapter: auth.adapter,
    providers: auth.providers,
    logger: auth.logger,
  }
}
