/**
 * `auth.getAccessToken(request, providerId, { minValidity })`: the signed-in person's access token at
 * a provider, refreshed when it expires within `minValidity` seconds.
 *
 * At most one refresh per rotation, however many callers and processes:
 * - in one process, concurrent callers for one account share one refresh (SingleFlight);
 * - across processes sharing the database, a refresh is claimed first with the adapter's
 *   compare-and-swap: the stored `refresh_token` is swapped for a lease
 *   (`auth.refreshing:<until ms>:<nonce>:<refresh token>`), only the caller whose swap succeeds
 *   sends the grant, and it stores the result with a second swap (lease -> new tokens). The others
 *   see the lease, wait for it to end, and read the winner's tokens: no second grant, so a provider
 *   that rotates refresh tokens (and revokes on reuse) never sees one used twice. A lease whose
 *   holder died is taken over once it expires (`httpTimeout` + 5 s).
 * - `invalid_grant` clears the refresh token and records `extras.refresh_error`, so every later call
 *   (in any process) fails fast with REFRESH_TOKEN_INVALID until the person signs in again.
 */
import type { AccountKey, Adapter, AdapterAccount } from "../adapters/types.js"
import type { AuthInternals } from "../config/resolve.js"
import { randomToken } from "../crypto/encoding.js"
import { AuthError } from "../errors/index.js"
import { defaultAccount } from "../oauth/callback.js"
import type { ProviderConfigs } from "../oauth/config.js"
import type { ResolvedProvider } from "../providers/types.js"
import { sessionUser } from "../session/user.js"
import { refreshGrant } from "./refresh.js"
import { SingleFlight } from "./single-flight.js"

/**
 * What `auth.getAccessToken` returns.
 * @example
 * ```ts
 * const { accessToken } = await auth.getAccessToken(request, "google")
 * await fetch("https://www.googleapis.com/calendar/v3/users/me/calendarList", { headers: { authorization: `Bearer ${accessToken}` } })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#fresh-access-tokens
 */
export interface AccessToken {
  accessToken: string
  /** Expiry in seconds since the epoch, when the provider said (`expires_in`). */
  expiresAt?: number
  tokenType?: string
  scope?: string
}

/**
 * Options of `auth.getAccessToken`.
 * @example
 * ```ts
 * await auth.getAccessToken(request, "google", { minValidity: 300 }) // good for 5 more minutes
 * ```
 * @see https://www.npmjs.com/package/@auth/core#fresh-access-tokens
 */
export interface GetAccessTokenOptions {
  /** Refresh when the token expires within this many seconds. Default 60. */
  minValidity?: number
}

type TokenAdapter = Adapter &
  Required<Pick<Adapter, "getAccount" | "updateAccount" | "getAccountsByUser">>

/** Marks the stored refresh_token as claimed by one refresh; the token itself rides along. */
const LEASE = "auth.refreshing:"

export function parseLease(value: string): { until: number; token: string } | undefined {
  if (!value.startsWith(LEASE)) return undefined
  const [until, , ...token] = value.slice(LEASE.length).split(":")
  return { until: Number(until), token: token.join(":") }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function usable(account: AdapterAccount, minValidity: number): AccessToken | undefined {
  if (!account.access_token) return undefined
  if (account.expires_at != null && account.expires_at - Date.now() / 1000 <= minValidity)
    return undefined
  const token: AccessToken = { accessToken: account.access_token }
  if (account.expires_at != null) token.expiresAt = account.expires_at
  if (account.token_type) token.tokenType = account.token_type
  if (account.scope) token.scope = account.scope
  return token
}

function fail(
  type: "AccessTokenError" | "AccessDenied" | "Configuration" | "InvalidProvider",
  code: AuthError["code"],
  message: string,
  providerId?: string,
): AuthError {
  // SESSION_REQUIRED (AccessDenied, as for the account API) is a 401 like the AccessTokenError codes, not a 403 refusal.
  return new AuthError(type, {
    code,
    message,
    providerId,
    status: type === "AccessDenied" ? 401 : undefined,
  })
}

function tokenAdapter(auth: AuthInternals): TokenAdapter {
  const adapter = auth.adapter
  if (!adapter) {
    throw fail(
      "Configuration",
      "MISSING_ADAPTER",
      `getAccessToken needs an adapter: the tokens must be stored somewhere all requests (and instances) can read and update, and the ${auth.strategy} strategy keeps none in the cookie. Pass \`adapter\` to Auth() (e.g. sqliteAdapter("./data/auth.db") from @auth/adapter-sqlite); sessions can stay JWTs with session: { strategy: "jwt" }.`,
    )
  }
  const missing = (["getAccountsByUser", "getAccount", "updateAccount"] as const).filter(
    (m) => typeof adapter[m] !== "function",
  )
  if (missing.length > 0) {
    throw fail(
      "Configuration",
      "ADAPTER_METHODS_MISSING",
      `getAccessToken needs the adapter methods ${missing.join(", ")}, which this adapter lacks. Upgrade the adapter (memoryAdapter and @auth/adapter-sqlite have them), or implement them as described in the adapter contract (updateAccount with its ifRefreshToken compare-and-swap).`,
    )
  }
  return adapter as TokenAdapter
}

/** The refresh_token is gone: never had one, or invalid_grant marked the account. */
function noRefreshToken(provider: ResolvedProvider, account: AdapterAccount): AuthError {
  const marked = account.extras?.refresh_error as { error?: string; at?: number } | undefined
  if (marked) {
    return fail(
      "AccessTokenError",
      "REFRESH_TOKEN_INVALID",
      `The access token for "${provider.id}" expired and its refresh token was refused (${marked.error ?? "invalid_grant"}${marked.at ? ` at ${new Date(marked.at * 1000).toISOString()}` : ""}): it was revoked or expired. Ask the person to sign in with "${provider.id}" again.`,
      provider.id,
    )
  }
  return fail(
    "AccessTokenError",
    "NO_REFRESH_TOKEN",
    `The access token for "${provider.id}" expired and no refresh token is stored, so it cannot be renewed. The provider sends one only when asked (e.g. the "offline_access" scope, or a vendor parameter such as Google's access_type=offline with prompt=consent: see the provider's README); then the person signs in again.`,
    provider.id,
  )
}

const perInstance = new WeakMap<AuthInternals, ReturnType<typeof accessTokens>>()

/** `auth.getAccessToken`, as `tokenApi` gives it to core: one {@link accessTokens} per Auth instance. */
export function getAccessToken(
  auth: AuthInternals,
  configs: ProviderConfigs,
  input: Request | Headers,
  providerId: string,
  options?: GetAccessTokenOptions,
): Promise<AccessToken> {
  let get = perInstance.get(auth)
  if (!get) perInstance.set(auth, (get = accessTokens(auth, configs)))
  return get(input, providerId, options)
}

/**
 * Makes the `getAccessToken` of one Auth instance (its single flight lives in the closure).
 * @example
 * ```ts
 * const getAccessToken = accessTokens(auth, configs)
 * ```
 */
export function accessTokens(auth: AuthInternals, configs: ProviderConfigs) {
  const flights = new SingleFlight<AccessToken>()

  async function refresh(
    adapter: TokenAdapter,
    provider: ResolvedProvider,
    key: AccountKey,
    minValidity: number,
  ): Promise<AccessToken> {
    const lease = provider.httpTimeout + 5000
    const deadline = Date.now() + 2 * lease
    for (;;) {
      const account = await adapter.getAccount(key)
      if (!account)
        throw fail(
          "AccessTokenError",
          "NO_PROVIDER_ACCOUNT",
          `The "${provider.id}" account was unlinked while its token was being read. Sign in with "${provider.id}" again.`,
          provider.id,
        )
      const fresh = usable(account, minValidity)
      if (fresh) return fresh
      const stored = account.refresh_token
      if (!stored) throw noRefreshToken(provider, account)
      const held = parseLease(stored)
      if (held && held.until > Date.now()) {
        // Another instance is refreshing: wait for its result rather than spending the token twice.
        if (Date.now() > deadline) {
          throw fail(
            "AccessTokenError",
            "TOKEN_TIMEOUT",
            `Another instance has been refreshing the "${provider.id}" token for too long. Try again.`,
            provider.id,
          )
        }
        await sleep(20 + Math.random() * 40)
        continue
      }
      const refreshToken = held ? held.token : stored
      const claim = `${LEASE}${Date.now() + lease}:${randomToken()}:${refreshToken}`
      // Lost: another caller claimed or refreshed first; read again.
      if (
        !(await adapter.updateAccount({ ...key, refresh_token: claim }, { ifRefreshToken: stored }))
      )
        continue
      let picked
      try {
        picked = defaultAccount(
          provider,
          key.providerAccountId,
          await refreshGrant(provider, configs, refreshToken),
        )
      } catch (error) {
        const invalid = (error as AuthError).code === "REFRESH_TOKEN_INVALID"
        const cause = (error as AuthError).cause as { error_description?: string } | undefined
        const release = invalid
          ? {
              refresh_token: null,
              extras: {
                refresh_error: {
                  error: "invalid_grant",
                  description: cause?.error_description ?? null,
                  at: Math.floor(Date.now() / 1000),
                },
              },
            }
          : { refresh_token: refreshToken }
        await adapter.updateAccount({ ...key, ...release } as unknown as AccountKey, {
          ifRefreshToken: claim,
        })
        throw error
      }
      const update = {
        ...key,
        access_token: picked.access_token,
        // No expires_in: the provider says nothing about the lifetime, so none is kept.
        expires_at: picked.expires_at ?? null,
        token_type: picked.token_type,
        scope: picked.scope,
        id_token: picked.id_token,
        // A rotated refresh token replaces the old one; none in the answer keeps the old one.
        refresh_token: picked.refresh_token ?? refreshToken,
        extras: { refresh_error: null },
      }
      const stored2 = await adapter.updateAccount(update as unknown as AccountKey, {
        ifRefreshToken: claim,
      })
      // null: our lease expired and another caller took over; its result wins.
      if (stored2) return usable(stored2, -Infinity)!
    }
  }

  return async function getAccessToken(
    input: Request | Headers,
    providerId: string,
    options: GetAccessTokenOptions = {},
  ): Promise<AccessToken> {
    const provider = auth.providers.get(providerId)
    if (!provider) {
      throw fail(
        "InvalidProvider",
        "UNKNOWN_PROVIDER",
        `getAccessToken: no provider has the id "${providerId}". Configured: ${[...auth.providers.keys()].join(", ") || "(none)"}.`,
        providerId,
      )
    }
    const adapter = tokenAdapter(auth)
    const userId = (await sessionUser(auth, input))?.userId
    if (!userId) {
      throw fail(
        "AccessDenied",
        "SESSION_REQUIRED",
        `getAccessToken("${providerId}"): the request has no valid session (no session cookie, or it expired). Send the person to sign in first.`,
        providerId,
      )
    }
    const account = (await adapter.getAccountsByUser(userId)).find((a) => a.provider === providerId)
    if (!account) {
      throw fail(
        "AccessTokenError",
        "NO_PROVIDER_ACCOUNT",
        `The signed-in user has no "${providerId}" account, so there is no token to give. Have them sign in with "${providerId}" while signed in (this links it).`,
        providerId,
      )
    }
    const minValidity = options.minValidity ?? 60
    const fresh = usable(account, minValidity)
    if (fresh) return fresh
    const key = { provider: account.provider, providerAccountId: account.providerAccountId }
    return flights.run(JSON.stringify([key.provider, key.providerAccountId]), () =>
      refresh(adapter, provider, key, minValidity),
    )
  }
}
