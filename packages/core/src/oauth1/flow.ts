/**
 * OAuth 1.0 / 1.0A sign-in (RFC 5849), stateless: the request-token secret is sealed in an
 * encrypted, provider-bound, 15-minute cookie (never in memory, never in a URL), so a sign-in can
 * start on one instance and finish on another that shares only the secret.
 *
 * Stages, each a build -> send -> validate step: request token -> authorize redirect ->
 * access token -> signed profile request -> profile().
 */
import { openCheck, sealCheck } from "../checks/seal.js"
import { timingSafeEqual } from "../crypto/compare.js"
import { AuthError, type ErrorCode } from "../errors/index.js"
import { isTimeout } from "../http/timeout.js"
import { mapProfile, type SignInResult } from "../oauth/callback.js"
import type {
  CallbackParams,
  OAuth1Flow,
  Profile,
  ResolvedProvider,
  TokenSet,
} from "../providers/types.js"
import type { RequestContext } from "../routes/context.js"
import { authorizationHeader, signRequest, type SignatureMethod } from "./signature.js"

interface Credentials {
  token: string
  secret: string
}

function fail(
  provider: ResolvedProvider,
  code: ErrorCode,
  message: string,
  type: ConstructorParameters<typeof AuthError>[0] = "OAuthCallbackError",
  cause?: unknown,
) {
  return new AuthError(type, { code, providerId: provider.id, message, cause })
}

function endpoints(provider: ResolvedProvider) {
  return {
    requestToken: provider.requestTokenUrl,
    authorize: provider.authorization.url,
    accessToken: provider.accessTokenUrl ?? provider.token.url,
    profile: provider.profileUrl ?? provider.userinfo.url,
  }
}

function signatureMethod(provider: ResolvedProvider): SignatureMethod {
  const method = (provider.client as { oauth_signature_method?: string }).oauth_signature_method
  return method === "PLAINTEXT" ? "PLAINTEXT" : "HMAC-SHA1"
}

/** Sends one signed request; returns the raw response (validation is the caller's stage). */
async function signedFetch(
  provider: ResolvedProvider,
  method: "GET" | "POST",
  url: string,
  credentials: Partial<Credentials>,
  oauth?: Record<string, string>,
): Promise<Response> {
  const params = await signRequest({
    method,
    url,
    consumerKey: provider.clientId,
    consumerSecret: provider.clientSecret ?? "",
    token: credentials.token,
    tokenSecret: credentials.secret,
    oauth,
    signatureMethod: signatureMethod(provider),
  })
  return provider.fetch(url, {
    method,
    headers: {
      authorization: authorizationHeader(params),
      accept: "application/json, application/x-www-form-urlencoded",
    },
    redirect: "manual",
  })
}

/** The error for a step that could not be completed: a timeout gets `timeoutCode`, anything else `code`. */
function unreachable(
  provider: ResolvedProvider,
  what: string,
  code: ErrorCode,
  timeoutCode: ErrorCode,
  type: ConstructorParameters<typeof AuthError>[0],
  cause: unknown,
) {
  if (isTimeout(cause)) {
    return fail(
      provider,
      timeoutCode,
      `The ${what} endpoint of "${provider.id}" did not answer within ${provider.httpTimeout} ms (httpTimeout). The provider may be down; try again later.`,
      type,
      cause,
    )
  }
  return fail(
    provider,
    code,
    `The ${what} endpoint of "${provider.id}" could not be reached (${(cause as Error)?.message ?? cause}).`,
    type,
    cause,
  )
}

/** Validates a token endpoint answer: HTTP 200 and an application/x-www-form-urlencoded body. */
async function formBody(
  provider: ResolvedProvider,
  response: Response,
  what: string,
  errorCode: ErrorCode,
  timeoutCode: ErrorCode,
): Promise<Record<string, string>> {
  let text: string
  try {
    text = await response.text()
  } catch (cause) {
    throw unreachable(
      provider,
      what,
      errorCode,
      timeoutCode,
      what === "request-token" ? "OAuthSignInError" : "OAuthCallbackError",
      cause,
    )
  }
  if (response.status !== 200) {
    throw fail(
      provider,
      errorCode,
      `The ${what} endpoint of "${provider.id}" answered HTTP ${response.status}: ${text.slice(0, 200)}. Check the consumer key/secret (clientId/clientSecret) and that the callback URL is registered.`,
    )
  }
  const looksLikeForm = /^[\w.~%-]+=[^<>\s]*(&[\w.~%-]+=[^<>\s]*)*$/.test(text.trim())
  if (!looksLikeForm) {
    throw fail(
      provider,
      "TOKEN_RESPONSE_NOT_FORM",
      `The ${what} endpoint of "${provider.id}" did not answer with a form-encoded body (got ${JSON.stringify(text.slice(0, 80))}). Check the endpoint URL.`,
    )
  }
  return Object.fromEntries(new URLSearchParams(text))
}

/** What `oauth1` (the `@auth/core/oauth1` entry) is to core: the two steps the routes call. */
export interface OAuth1Engine extends OAuth1Flow {
  start(ctx: RequestContext, provider: ResolvedProvider): Promise<string>
  callback(
    ctx: RequestContext,
    provider: ResolvedProvider,
    params: CallbackParams,
  ): Promise<SignInResult>
}

/** POST signin/:id for an OAuth 1 provider: returns the URL to send the browser to. */
export async function startOAuth1(
  ctx: RequestContext,
  provider: ResolvedProvider,
): Promise<string> {
  const urls = endpoints(provider)
  if (!urls.requestToken || !urls.authorize || !urls.accessToken) {
    throw fail(
      provider,
      "INVALID_PROVIDER_CONFIG",
      `OAuth ${provider.version} provider "${provider.id}" needs requestTokenUrl, authorization and accessTokenUrl.`,
      "Configuration",
    )
  }
  const callbackUrl = `${ctx.baseUrl}/callback/${provider.id}`
  let response: Response
  try {
    response = await signedFetch(
      provider,
      "POST",
      urls.requestToken,
      {},
      { oauth_callback: callbackUrl },
    )
  } catch (cause) {
    throw unreachable(
      provider,
      "request-token",
      "OAUTH1_REQUEST_TOKEN_FAILED",
      "OAUTH1_REQUEST_TOKEN_TIMEOUT",
      "OAuthSignInError",
      cause,
    )
  }
  const body = await formBody(
    provider,
    response,
    "request-token",
    "OAUTH1_REQUEST_TOKEN_FAILED",
    "OAUTH1_REQUEST_TOKEN_TIMEOUT",
  )
  if (!body.oauth_token || !body.oauth_token_secret) {
    throw fail(
      provider,
      "OAUTH1_REQUEST_TOKEN_FAILED",
      `The request-token answer of "${provider.id}" has no oauth_token/oauth_token_secret.`,
      "OAuthSignInError",
    )
  }
  if (provider.version === "1.0A" && body.oauth_callback_confirmed !== "true") {
    throw fail(
      provider,
      "OAUTH1_CALLBACK_NOT_CONFIRMED",
      `"${provider.id}" did not confirm the callback URL (oauth_callback_confirmed missing): it is not an OAuth 1.0A server, or ${callbackUrl} is not registered. Use version "1.0" for pre-1.0A servers.`,
      "OAuthSignInError",
    )
  }
  await sealCheck(
    ctx,
    ctx.names.oauth1,
    provider,
    JSON.stringify({
      token: body.oauth_token,
      secret: body.oauth_token_secret,
    } satisfies Credentials),
  )
  const authorize = new URL(urls.authorize)
  for (const [key, value] of Object.entries(provider.authorization.params))
    if (value) authorize.searchParams.set(key, value)
  authorize.searchParams.set("oauth_token", body.oauth_token)
  return authorize.href
}

/** GET callback/:id for an OAuth 1 provider. */
export async function callbackOAuth1(
  ctx: RequestContext,
  provider: ResolvedProvider,
  params: CallbackParams,
): Promise<SignInResult> {
  const urls = endpoints(provider)
  if (params.denied !== undefined) {
    await openCheck(
      ctx,
      ctx.names.oauth1,
      provider,
      "OAuth 1 request token",
      "OAUTH1_COOKIE_MISSING",
    ).catch(() => undefined)
    throw fail(
      provider,
      "ACCESS_DENIED",
      `The person refused access at "${provider.id}".`,
      "AccessDenied",
    )
  }
  const sealed = await openCheck(
    ctx,
    ctx.names.oauth1,
    provider,
    "OAuth 1 request token",
    "OAUTH1_COOKIE_MISSING",
  )
  const request = JSON.parse(sealed) as Credentials
  if (!params.oauth_token || !timingSafeEqual(params.oauth_token, request.token)) {
    throw fail(
      provider,
      "OAUTH1_TOKEN_MISMATCH",
      `The oauth_token in the callback from "${provider.id}" is not the request token this browser obtained: the callback was tampered with or belongs to another sign-in.`,
      "InvalidCheck",
    )
  }
  if (provider.version === "1.0A" && !params.oauth_verifier) {
    throw fail(
      provider,
      "OAUTH1_VERIFIER_MISSING",
      `The callback from "${provider.id}" has no oauth_verifier (required by OAuth 1.0A). If the server is pre-1.0A, set version: "1.0".`,
      "InvalidCheck",
    )
  }

  let response: Response
  try {
    response = await signedFetch(
      provider,
      "POST",
      urls.accessToken!,
      request,
      params.oauth_verifier ? { oauth_verifier: params.oauth_verifier } : undefined,
    )
  } catch (cause) {
    throw unreachable(
      provider,
      "access-token",
      "TOKEN_REQUEST_FAILED",
      "TOKEN_TIMEOUT",
      "OAuthCallbackError",
      cause,
    )
  }
  const tokenBody = await formBody(
    provider,
    response,
    "access-token",
    "TOKEN_ENDPOINT_ERROR",
    "TOKEN_TIMEOUT",
  )
  if (!tokenBody.oauth_token || !tokenBody.oauth_token_secret) {
    throw fail(
      provider,
      "TOKEN_RESPONSE_INVALID",
      `The access-token answer of "${provider.id}" has no oauth_token/oauth_token_secret.`,
    )
  }
  const tokens: TokenSet = { ...tokenBody }
  const access: Credentials = { token: tokenBody.oauth_token, secret: tokenBody.oauth_token_secret }

  let profile: Profile
  if (provider.userinfo.request) {
    const signed: typeof fetch = async (input, init) =>
      signedFetch(
        provider,
        (init?.method as "GET" | "POST") ?? "GET",
        String(input instanceof Request ? input.url : input),
        access,
      )
    try {
      profile = ((await provider.userinfo.request({
        provider,
        fetch: signed,
        tokens,
        callbackUrl: `${ctx.baseUrl}/callback/${provider.id}`,
      })) ?? {}) as Profile
    } catch (cause) {
      if (isTimeout(cause))
        throw unreachable(
          provider,
          "profile",
          "USERINFO_ERROR",
          "USERINFO_TIMEOUT",
          "OAuthCallbackError",
          cause,
        )
      throw fail(
        provider,
        "USERINFO_ERROR",
        `The custom userinfo.request of "${provider.id}" failed: ${(cause as Error).message}`,
        "OAuthCallbackError",
        cause,
      )
    }
  } else if (urls.profile) {
    const url = new URL(urls.profile)
    for (const [key, value] of Object.entries(provider.userinfo.params))
      if (value !== undefined) url.searchParams.set(key, value)
    let res: Response
    let text: string
    try {
      res = await signedFetch(provider, "GET", url.href, access)
      text = await res.text()
    } catch (cause) {
      throw unreachable(
        provider,
        "profile",
        "USERINFO_ERROR",
        "USERINFO_TIMEOUT",
        "OAuthCallbackError",
        cause,
      )
    }
    if (!res.ok)
      throw fail(
        provider,
        "USERINFO_ERROR",
        `The profile endpoint of "${provider.id}" answered HTTP ${res.status}: ${text.slice(0, 200)}.`,
      )
    try {
      profile = JSON.parse(text) as Profile
    } catch (cause) {
      throw fail(
        provider,
        "USERINFO_NOT_JSON",
        `The profile endpoint of "${provider.id}" did not answer with JSON.`,
        "OAuthCallbackError",
        cause,
      )
    }
  } else {
    profile = { ...tokenBody }
  }
  const { user, account } = await mapProfile(provider, profile, tokens, params)
  return { user, account, profile, tokens }
}
