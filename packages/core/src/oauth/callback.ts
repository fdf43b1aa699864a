/**
 * The callback for OAuth 2 / OIDC, in stages: read the provider's answer -> verify the checks ->
 * exchange the code (validated strictly by openid-client) -> get the profile -> map it to a User.
 * Every failure is an AuthError with a precise code; nothing is stored before all succeed.
 */
import { openidClient, type OpenIdClient } from "./openid-client.js"
import { useChecks } from "../checks/index.js"
import { AuthError } from "../errors/index.js"
import { ACCOUNT_STRING_FIELDS } from "../adapters/types.js"
import type {
  Account,
  CallbackParams,
  Profile,
  ResolvedProvider,
  TokenSet,
  User,
} from "../providers/types.js"
import type { RequestContext } from "../routes/context.js"
import { callbackUrlFor } from "./authorize.js"
import type { ProviderConfigs } from "./config.js"
import { mapOAuthError } from "./errors.js"
import { isSymmetricAlg, verifySymmetricIdToken } from "./symmetric-id-token.js"

export interface SignInResult {
  user: User
  account: Account
  profile: Profile
  tokens: TokenSet
}

/** Query (GET) or form body (POST, response_mode=form_post) of the callback. */
export async function readCallbackParams(request: Request, url: URL): Promise<CallbackParams> {
  const params: CallbackParams = {}
  for (const [key, value] of url.searchParams) params[key] = value
  if (request.method === "POST") {
    const type = request.headers.get("content-type") ?? ""
    if (
      type.includes("application/x-www-form-urlencoded") ||
      type.includes("multipart/form-data")
    ) {
      const form = await request.formData()
      for (const [key, value] of form) if (typeof value === "string") params[key] = value
    }
  }
  return params
}

function providerError(provider: ResolvedProvider, params: CallbackParams): AuthError | undefined {
  if (!params.error) return undefined
  const description = params.error_description ? `: ${params.error_description}` : ""
  if (params.error === "access_denied") {
    return new AuthError("AccessDenied", {
      code: "ACCESS_DENIED",
      providerId: provider.id,
      message: `"${provider.id}" answered access_denied${description}. The person cancelled or is not allowed to use this app.`,
    })
  }
  return new AuthError("OAuthCallbackError", {
    code: "AUTHORIZATION_ERROR",
    providerId: provider.id,
    message: `"${provider.id}" answered the authorization request with error "${params.error}"${description}. Check the app's registration (redirect URI, scopes) at the provider.`,
  })
}

function toTokenSet(response: Record<string, unknown>): TokenSet {
  const tokens: TokenSet = { ...response }
  const expiresIn = Number(response.expires_in)
  if (response.expires_at === undefined && Number.isFinite(expiresIn) && expiresIn > 0) {
    tokens.expires_at = Math.floor(Date.now() / 1000) + expiresIn
  }
  return tokens
}

async function exchangeCode(
  ctx: RequestContext,
  provider: ResolvedProvider,
  configs: ProviderConfigs,
  config: OpenIdClient.Configuration,
  params: CallbackParams,
  checks: { state?: string; code_verifier?: string; nonce?: string },
) {
  const callbackUrl = callbackUrlFor(ctx, provider)
  if (provider.token.request) {
    try {
      const { tokens } = await provider.token.request({
        provider,
        config,
        fetch: provider.fetch,
        callbackUrl,
        params,
        checks,
      })
      return { tokens: toTokenSet(tokens), claims: undefined }
    } catch (error) {
      throw mapOAuthError(
        error,
        provider.id,
        "token",
        "The provider's custom token.request failed.",
      )
    }
  }
  const current = new URL(callbackUrl)
  // RFC 9207: `iss` can only be checked against a known issuer; for providers without one it is
  // meaningless, and openid-client would reject it against our placeholder.
  const issuerKnown = Boolean(provider.issuer || provider.wellKnown || provider.oidc)
  for (const [key, value] of Object.entries(params)) {
    if (key === "iss" && !issuerKnown) continue
    current.searchParams.set(key, value)
  }
  const oidc = await openidClient()
  const extraTokenParams: Record<string, string> = {}
  for (const [key, value] of Object.entries(provider.token.params))
    if (value) extraTokenParams[key] = value
  const grant = (cfg: OpenIdClient.Configuration) =>
    oidc.authorizationCodeGrant(
      cfg,
      current,
      {
        pkceCodeVerifier: checks.code_verifier,
        expectedState: checks.state ?? oidc.skipStateCheck,
        expectedNonce: checks.nonce,
        idTokenExpected: provider.idToken,
      },
      extraTokenParams,
    )
  let response: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>
  try {
    response = provider.expectedIssuer
      ? await grantWithExpectedIssuer(provider, configs, config, grant)
      : await grant(config)
  } catch (error) {
    throw mapOAuthError(error, provider.id, "token")
  }
  const tokens = toTokenSet(response as unknown as Record<string, unknown>)
  await checkSymmetricIdToken(provider, tokens)
  return { tokens, claims: response.claims() as Profile | undefined }
}

function unverifiedClaims(tokenResponse: string): Profile | undefined {
  try {
    const idToken = (JSON.parse(tokenResponse) as { id_token?: unknown }).id_token
    if (typeof idToken !== "string") return undefined
    const payload = idToken.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")
    return JSON.parse(
      new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))),
    ) as Profile
  } catch {
    return undefined
  }
}

/**
 * Multi-tenant IdPs publish one discovery document whose issuer is a template, while each id_token names
 * its own tenant's issuer. The code is exchanged once: pass 1 stops right after the token response; the
 * provider's `expectedIssuer(claims, issuer)` names the issuer from the still unverified claims; pass 2
 * replays that same response to openid-client, which validates it in full against that issuer
 * (signature, aud, exp, nonce, iss). A token whose `iss` is not what its own claims imply is refused.
 */
async function grantWithExpectedIssuer<T>(
  provider: ResolvedProvider,
  configs: ProviderConfigs,
  config: OpenIdClient.Configuration,
  grant: (config: OpenIdClient.Configuration) => Promise<T>,
): Promise<T> {
  const metadata = config.serverMetadata()
  const isTokenUrl = (url: string) => url.split("?")[0] === metadata.token_endpoint
  let captured: { body: string; init: ResponseInit } | undefined
  const probe = await configs.variant(provider, {
    wrapFetch: (fetch) => async (url, options) => {
      const response = await fetch(url, options)
      if (!isTokenUrl(url)) return response
      captured = {
        body: await response.text(),
        init: { status: response.status, headers: response.headers },
      }
      throw new Error("token response captured")
    },
  })
  await grant(probe).catch((error: unknown) => {
    if (!captured) throw error
  })
  const { body, init } = captured!
  const claims = unverifiedClaims(body)
  const expected = (claims && provider.expectedIssuer!(claims, metadata.issuer)) || metadata.issuer
  const replay = await configs.variant(provider, {
    issuer: expected,
    wrapFetch: (fetch) => (url, options) =>
      isTokenUrl(url) ? Promise.resolve(new Response(body, init)) : fetch(url, options),
  })
  return grant(replay)
}

/** See symmetric-id-token.ts: the MAC of an HS* id_token, which openid-client leaves unchecked. */
async function checkSymmetricIdToken(provider: ResolvedProvider, tokens: TokenSet): Promise<void> {
  const alg = provider.client.id_token_signed_response_alg
  if (!isSymmetricAlg(alg) || !tokens.id_token) return
  const secret = provider.clientSecret ?? (await provider.getClientSecret?.(provider))
  if (secret && (await verifySymmetricIdToken(tokens.id_token, alg, secret))) return
  throw new AuthError("OAuthCallbackError", {
    code: "ID_TOKEN_SIGNATURE",
    providerId: provider.id,
    message: `The id_token from "${provider.id}" is not ${alg}-signed with this client's secret. It was forged or altered, or clientSecret is not the one the provider has for this client; no session was created.`,
  })
}

async function fetchProfile(
  provider: ResolvedProvider,
  config: OpenIdClient.Configuration,
  ctx: RequestContext,
  tokens: TokenSet,
  claims: Profile | undefined,
): Promise<Profile> {
  const callbackUrl = callbackUrlFor(ctx, provider)
  if (provider.userinfo.request) {
    try {
      const result = await provider.userinfo.request({
        provider,
        config,
        fetch: provider.fetch,
        callbackUrl,
        tokens,
      })
      // `userinfo: { request: () => {} }` is a valid no-op: the profile is then the id_token claims.
      return (result as Profile | undefined) ?? claims ?? {}
    } catch (error) {
      throw mapOAuthError(
        error,
        provider.id,
        "userinfo",
        "The provider's custom userinfo.request failed.",
      )
    }
  }
  if (provider.idToken && claims) return claims
  const endpoint = provider.userinfo.url ?? config.serverMetadata().userinfo_endpoint
  if (!endpoint) {
    if (claims) return claims
    throw new AuthError("Configuration", {
      code: "INVALID_PROVIDER_CONFIG",
      providerId: provider.id,
      message: `Provider "${provider.id}" has no userinfo endpoint and no id_token to read the profile from. Give \`userinfo\`, or set idToken: true for an OIDC provider.`,
    })
  }
  if (!tokens.access_token) {
    throw new AuthError("OAuthCallbackError", {
      code: "TOKEN_RESPONSE_INVALID",
      providerId: provider.id,
      message: `The token response of "${provider.id}" has no access_token, so the profile cannot be fetched.`,
    })
  }
  const oidc = await openidClient()
  try {
    if (claims && typeof claims.sub === "string" && !provider.userinfo.url) {
      // OIDC userinfo: openid-client checks that its `sub` is the id_token's.
      return (await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)) as Profile
    }
    const url = new URL(endpoint)
    for (const [key, value] of Object.entries(provider.userinfo.params))
      if (value !== undefined) url.searchParams.set(key, value)
    const response = await oidc.fetchProtectedResource(config, tokens.access_token, url, "GET")
    if (!response.ok) {
      const body = await response.text().catch(() => "")
      throw new AuthError("OAuthCallbackError", {
        code: "USERINFO_ERROR",
        providerId: provider.id,
        message: `The userinfo endpoint of "${provider.id}" answered HTTP ${response.status}${body ? `: ${body.slice(0, 200)}` : ""}. Check the requested scopes.`,
      })
    }
    const text = await response.text()
    try {
      return JSON.parse(text) as Profile
    } catch (cause) {
      throw new AuthError("OAuthCallbackError", {
        code: "USERINFO_NOT_JSON",
        providerId: provider.id,
        cause,
        message: `The userinfo endpoint of "${provider.id}" did not answer with JSON.`,
      })
    }
  } catch (error) {
    throw mapOAuthError(error, provider.id, "userinfo")
  }
}

/** Fields of the token response kept on the Account, unless the provider's `account()` chooses. */
export function defaultAccount(
  provider: ResolvedProvider,
  providerAccountId: string,
  tokens: TokenSet,
): Account {
  const account: Account = { provider: provider.id, type: provider.type, providerAccountId }
  const picked = provider.account ? provider.account(tokens) : tokens
  for (const key of [...ACCOUNT_STRING_FIELDS, "expires_at"] as const) {
    const value = picked?.[key]
    if (value !== undefined && value !== null)
      (account as unknown as Record<string, unknown>)[key] = value
  }
  return account
}

export async function mapProfile(
  provider: ResolvedProvider,
  profile: Profile,
  tokens: TokenSet,
  params: CallbackParams = {},
): Promise<{ user: User; account: Account }> {
  let user: User
  try {
    user = await provider.profile(profile, tokens, { params })
  } catch (cause) {
    throw new AuthError("OAuthProfileParseError", {
      code: "PROFILE_MAPPING_FAILED",
      providerId: provider.id,
      cause,
      message: `The profile() of "${provider.id}" threw: ${(cause as Error)?.message ?? cause}. Check it against the shape the provider really returns.`,
    })
  }
  const id = user?.id
  if (id === undefined || id === null || String(id) === "") {
    throw new AuthError("OAuthProfileParseError", {
      code: "PROFILE_ID_MISSING",
      providerId: provider.id,
      message: `The profile() of "${provider.id}" returned no \`id\`. It must return a stable, unique id for the account (e.g. profile.sub or profile.id).`,
    })
  }
  user = { ...user, id: String(id) }
  return { user, account: defaultAccount(provider, user.id, tokens) }
}

export async function handleOAuth2Callback(
  ctx: RequestContext,
  provider: ResolvedProvider,
  configs: ProviderConfigs,
  params: CallbackParams,
): Promise<SignInResult> {
  const denied = providerError(provider, params)
  if (denied) {
    // Clear the check cookies of the abandoned sign-in, then report the provider's answer.
    await useChecks(ctx, provider, params).catch(() => undefined)
    throw denied
  }
  const checks = await useChecks(ctx, provider, params)
  const config = await configs.get(provider)
  const { tokens, claims } = await exchangeCode(ctx, provider, configs, config, params, checks)
  const profile = await fetchProfile(provider, config, ctx, tokens, claims)
  const { user, account } = await mapProfile(provider, profile, tokens, params)
  return { user, account, profile, tokens }
}
