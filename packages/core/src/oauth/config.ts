/**
 * The openid-client `Configuration` for a provider: discovered (OIDC / wellKnown) or built from
 * the provider's URLs. Discovery documents are cached per URL for an hour across every `Auth`
 * instance in the process, so no sign-in makes a discovery request once one has succeeded.
 */
import { openidClient, type OpenIdClient } from "./openid-client.js"
import { AuthError } from "../errors/index.js"
import { isTimeout } from "../http/timeout.js"
import { JwksStore } from "./jwks.js"
import { isLoopbackHostname } from "../http/host.js"
import type { ResolvedProvider } from "../providers/types.js"

export const DISCOVERY_TTL_MS = 60 * 60 * 1000

interface CachedMetadata {
  expires: number
  metadata: Promise<OpenIdClient.ServerMetadata>
}

const discoveryCache = new Map<string, CachedMetadata>()

/**
 * Forget cached discovery documents (tests; or after an IdP rotated its endpoints).
 * @example
 * ```ts
 * afterEach(() => clearDiscoveryCache()) // tests that mock a discovery document
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export function clearDiscoveryCache(): void {
  discoveryCache.clear()
}

function discoveryUrl(provider: ResolvedProvider): string | undefined {
  if (provider.wellKnown) return provider.wellKnown
  if (provider.oidc && provider.issuer)
    return `${provider.issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`
  return undefined
}

/** build request -> send -> validate: a discovery document, strictly. */
async function fetchMetadata(
  provider: ResolvedProvider,
  url: string,
): Promise<OpenIdClient.ServerMetadata> {
  const fail = (message: string, cause?: unknown) =>
    new AuthError("OAuthSignInError", {
      code: "DISCOVERY_FAILED",
      providerId: provider.id,
      cause,
      message,
    })
  const timedOut = (cause: unknown) =>
    new AuthError("OAuthSignInError", {
      code: "DISCOVERY_TIMEOUT",
      providerId: provider.id,
      cause,
      message: `The discovery document of "${provider.id}" at ${url} did not arrive within ${provider.httpTimeout} ms. The provider may be down; the next sign-in tries again (raise \`httpTimeout\` only if it is just slow).`,
    })
  let response: Response
  let text: string
  try {
    response = await provider.fetch(url, {
      headers: { accept: "application/json" },
      redirect: "manual",
    })
    text = await response.text()
  } catch (cause) {
    if (isTimeout(cause)) throw timedOut(cause)
    throw fail(
      `Could not fetch the discovery document of "${provider.id}" at ${url} (${(cause as Error)?.message ?? cause}). Check the \`issuer\`/\`wellKnown\` URL and network access.`,
      cause,
    )
  }
  if (response.status !== 200) {
    throw fail(
      `The discovery document of "${provider.id}" at ${url} answered HTTP ${response.status}. Check the \`issuer\`/\`wellKnown\` URL; if the provider is down, the next sign-in tries again.`,
    )
  }
  let metadata: OpenIdClient.ServerMetadata
  try {
    metadata = JSON.parse(text) as OpenIdClient.ServerMetadata
  } catch (cause) {
    throw fail(
      `The discovery document of "${provider.id}" at ${url} is not JSON (${JSON.stringify(text.slice(0, 60))}).`,
      cause,
    )
  }
  if (
    !metadata ||
    typeof metadata.issuer !== "string" ||
    typeof metadata.authorization_endpoint !== "string"
  ) {
    throw fail(
      `The discovery document of "${provider.id}" at ${url} has no issuer or authorization_endpoint.`,
    )
  }
  return metadata
}

export function discover(
  provider: ResolvedProvider,
  url: string,
): Promise<OpenIdClient.ServerMetadata> {
  const now = Date.now()
  const cached = discoveryCache.get(url)
  if (cached && cached.expires > now) return cached.metadata
  const metadata = fetchMetadata(provider, url)
  discoveryCache.set(url, { expires: now + DISCOVERY_TTL_MS, metadata })
  // A failed discovery is not cached: the next sign-in tries again.
  metadata.catch(() => {
    if (discoveryCache.get(url)?.metadata === metadata) discoveryCache.delete(url)
  })
  return metadata
}

function clientAuth(
  oidc: Awaited<ReturnType<typeof openidClient>>,
  provider: ResolvedProvider,
): OpenIdClient.ClientAuth {
  const getSecret = provider.getClientSecret
  const method =
    provider.client.token_endpoint_auth_method ??
    (provider.clientSecret || getSecret ? "client_secret_basic" : "none")
  // A secret function is asked at every token request (never cached here): it may re-sign a short-lived JWT.
  const withSecret = (
    make: (secret: string | undefined) => OpenIdClient.ClientAuth,
  ): OpenIdClient.ClientAuth =>
    getSecret
      ? async (as, client, body, headers) =>
          make(await getSecret(provider))(as, client, body, headers)
      : make(provider.clientSecret)
  switch (method) {
    case "client_secret_basic":
      return withSecret((secret) => oidc.ClientSecretBasic(secret))
    case "client_secret_post":
      return withSecret((secret) => oidc.ClientSecretPost(secret))
    case "client_secret_jwt":
      return withSecret((secret) => oidc.ClientSecretJwt(secret))
    case "none":
      return oidc.None()
    default:
      throw new AuthError("Configuration", {
        code: "INVALID_PROVIDER_CONFIG",
        providerId: provider.id,
        message: `Provider "${provider.id}": client.token_endpoint_auth_method "${method}" is not supported. Use client_secret_basic, client_secret_post, client_secret_jwt or none (or a custom token.request).`,
      })
  }
}

function isInsecureAllowed(metadata: OpenIdClient.ServerMetadata): boolean {
  const urls = [
    metadata.issuer,
    metadata.authorization_endpoint,
    metadata.token_endpoint,
    metadata.userinfo_endpoint,
    metadata.jwks_uri,
  ]
  return urls.some((u) => {
    if (!u) return false
    const url = new URL(u)
    return url.protocol === "http:" && isLoopbackHostname(url.hostname)
  })
}

/**
 * Wraps the provider's fetch for openid-client: applies the endpoint's `conform` hook to its raw
 * response before openid-client validates it strictly.
 */
function conformingFetch(
  provider: ResolvedProvider,
  metadata: OpenIdClient.ServerMetadata,
  jwks: JwksStore | undefined,
): OpenIdClient.CustomFetch {
  const tokenUrl = metadata.token_endpoint
  const userinfoUrl = provider.userinfo.url ?? metadata.userinfo_endpoint
  return async (url, options) => {
    if (jwks && url === jwks.url) return jwks.respond(options as RequestInit)
    let response = await provider.fetch(url, options as RequestInit)
    const bare = url.split("?")[0]
    if (bare === tokenUrl) {
      if (provider.token.conform) response = await provider.token.conform(response)
      if (jwks && response.status === 200) {
        // An id_token signed with a key we have not seen: refetch the JWKS before it is verified.
        // The body is read once and handed on as a new Response (cheaper than clone()'s stream tee).
        const text = await response.text()
        await jwks.beforeIdToken(idTokenIn(text))
        return new Response(text, response)
      }
      return response
    }
    if (provider.userinfo.conform && bare === userinfoUrl)
      return provider.userinfo.conform(response)
    return response
  }
}

/** The `id_token` member of a token response body, if it has one (anything else: undefined). */
function idTokenIn(text: string): unknown {
  try {
    return (JSON.parse(text) as { id_token?: unknown } | null)?.id_token
  } catch {
    return undefined
  }
}

/** Endpoint URLs given on the provider win over discovered ones. */
async function serverMetadata(provider: ResolvedProvider): Promise<OpenIdClient.ServerMetadata> {
  const url = discoveryUrl(provider)
  const discovered = url ? await discover(provider, url) : undefined
  // Checked per provider, not at fetch time: the cache is shared by providers with other expectations.
  if (discovered && provider.issuer !== undefined && discovered.issuer !== provider.issuer) {
    throw new AuthError("Configuration", {
      code: "ISSUER_MISMATCH",
      providerId: provider.id,
      message: `The discovery document at ${url} names the issuer "${discovered.issuer}", but "${provider.id}" is configured with "${provider.issuer}". Set \`issuer\` exactly as the provider publishes it (mind trailing slashes).`,
    })
  }
  const issuer =
    discovered?.issuer ??
    provider.issuer ??
    new URL(provider.authorization.url ?? provider.token.url ?? "https://invalid.example").origin
  return {
    ...discovered,
    issuer,
    authorization_endpoint: provider.authorization.url ?? discovered?.authorization_endpoint,
    token_endpoint: provider.token.url ?? discovered?.token_endpoint,
    userinfo_endpoint: provider.userinfo.url ?? discovered?.userinfo_endpoint,
  }
}

/** The JWKS each configuration verifies with, shared with ID-token sign-in (one cache, one refetch policy). */
export const jwksOf = new WeakMap<OpenIdClient.Configuration, JwksStore>()

export interface ConfigOverrides {
  issuer?: string
  /** Endpoints to use instead (the provider's `refresh` and `revocation` URLs, tokens extension). */
  endpoints?: Partial<OpenIdClient.ServerMetadata>
  wrapFetch?: (fetch: OpenIdClient.CustomFetch) => OpenIdClient.CustomFetch
}

/** Per-`Auth` cache of configurations, refreshed with the discovery TTL. */
export class ProviderConfigs {
  readonly #cache = new Map<
    string,
    { expires: number; config: Promise<OpenIdClient.Configuration> }
  >()
  get(provider: ResolvedProvider): Promise<OpenIdClient.Configuration> {
    const now = Date.now()
    const hit = this.#cache.get(provider.id)
    if (hit && hit.expires > now) return hit.config
    const config = this.#build(provider)
    this.#cache.set(provider.id, { expires: now + DISCOVERY_TTL_MS, config })
    config.catch(() => {
      if (this.#cache.get(provider.id)?.config === config) this.#cache.delete(provider.id)
    })
    return config
  }

  /** A one-off, uncached configuration: another expected issuer and/or a wrapped fetch (see callback.ts). */
  variant(provider: ResolvedProvider, over: ConfigOverrides): Promise<OpenIdClient.Configuration> {
    return this.#build(provider, over)
  }

  async #build(
    provider: ResolvedProvider,
    over: ConfigOverrides = {},
  ): Promise<OpenIdClient.Configuration> {
    const [oidc, discovered] = await Promise.all([openidClient(), serverMetadata(provider)])
    const metadata = { ...discovered, issuer: over.issuer ?? discovered.issuer, ...over.endpoints }
    const clientMetadata: Partial<OpenIdClient.ClientMetadata> = { ...provider.client }
    if (provider.clientSecret) clientMetadata.client_secret = provider.clientSecret
    const config = new oidc.Configuration(
      metadata,
      provider.clientId,
      clientMetadata,
      clientAuth(oidc, provider),
    )
    // provider.fetch already bounds every request by httpTimeout (http/timeout.ts); openid-client's
    // own per-request AbortSignal would be a second timer on each call, so it is turned off.
    config.timeout = 0
    const jwks = metadata.jwks_uri ? new JwksStore(provider, metadata.jwks_uri) : undefined
    if (jwks) jwksOf.set(config, jwks)
    const fetch = conformingFetch(provider, metadata, jwks)
    config[oidc.customFetch] = over.wrapFetch ? over.wrapFetch(fetch) : fetch
    if (isInsecureAllowed(metadata)) oidc.allowInsecureRequests(config)
    // Verify id_token signatures against the provider's JWKS (README "Providers: the contract"), not only TLS trust.
    if (
      provider.oidc &&
      metadata.jwks_uri &&
      !provider.client.id_token_signed_response_alg?.startsWith("HS")
    ) {
      oidc.enableNonRepudiationChecks(config)
    }
    return config
  }
}
