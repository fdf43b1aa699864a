/** Maps openid-client / oauth4webapi failures onto our stable codes, keeping the original as `cause`. */
import { AuthError, type ErrorCode } from "../errors/index.js"
import { isTimeout } from "../http/timeout.js"

interface OAuthLikeError {
  name?: string
  code?: string
  message?: string
  error?: string
  error_description?: string
  status?: number
  cause?: unknown
}

export type Stage = "token" | "userinfo"

/** An AuthError we threw from inside openid-client (e.g. the JWKS fetch), however deeply it wrapped it. */
function innerAuthError(error: unknown): AuthError | undefined {
  let current = error as { cause?: unknown } | undefined
  for (let depth = 0; current && depth < 6; depth++) {
    if (current instanceof AuthError) return current
    current = current.cause as typeof current
  }
  return undefined
}

/** undici reports a socket closed mid-body as TypeError("terminated") caused by UND_ERR_SOCKET. */
function isConnectionCut(error: unknown): boolean {
  let current = error as { message?: string; code?: string; cause?: unknown } | undefined
  for (let depth = 0; current && depth < 6; depth++) {
    if (current.code === "UND_ERR_SOCKET" || current.message === "terminated" || current.code === "ECONNRESET") return true
    current = current.cause as typeof current
  }
  return false
}

export function mapOAuthError(error: unknown, providerId: string, stage: Stage, hint = ""): AuthError {
  const ours = innerAuthError(error)
  if (ours) return ours
  const e = (error ?? {}) as OAuthLikeError
  // openid-client wraps oauth4webapi's error (with the precise message and claim) as `cause`.
  const inner = (e.cause instanceof Error ? e.cause : e) as OAuthLikeError
  const message = inner === e ? (e.message ?? String(error)) : `${inner.message} (${e.message})`
  const where = stage === "token" ? "token endpoint" : "userinfo endpoint"
  const make = (type: ConstructorParameters<typeof AuthError>[0], code: ErrorCode, text: string) =>
    new AuthError(type, { code, providerId, cause: error, message: text })

  // openid-client wraps a fetch timeout/abort as OAUTH_TIMEOUT / OAUTH_ABORT with the DOMException as cause.
  if (isConnectionCut(error)) {
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_REQUEST_FAILED" : "USERINFO_ERROR",
      `The ${where} of "${providerId}" closed the connection before its answer was complete. The provider (or a proxy in between) may be restarting; try again.`,
    )
  }
  if (isTimeout(error)) {
    return make("OAuthCallbackError", stage === "token" ? "TOKEN_TIMEOUT" : "USERINFO_TIMEOUT", `The ${where} of "${providerId}" did not answer in time (httpTimeout). The provider may be down or unreachable from this server; try again later.`)
  }
  if (message.includes('"iss" (issuer) response parameter') || message.includes('response parameter "iss"')) {
    return make(
      "InvalidCheck",
      "ISSUER_MISMATCH",
      `The callback's \`iss\` parameter does not name "${providerId}"'s issuer (RFC 9207): the answer may come from another identity provider (mix-up attack), or the provider's \`issuer\` option is wrong.`,
    )
  }
  if (message.includes("no applicable keys found")) {
    return make(
      "OAuthCallbackError",
      "JWKS_KEY_NOT_FOUND",
      `The id_token from "${providerId}" is signed with a key (kid) its JWKS does not publish, even after refetching it. The token was forged, or the provider signs with an unpublished key.`,
    )
  }
  if (message.includes("JWT signature verification failed")) {
    return make("OAuthCallbackError", "ID_TOKEN_SIGNATURE", `The id_token from "${providerId}" has an invalid signature for the provider's published keys (JWKS). It was forged or altered; no session was created.`)
  }
  if (e.code === "OAUTH_JWT_CLAIM_COMPARISON_FAILED") {
    const claim = ((inner.cause ?? e.cause) as { claim?: string } | undefined)?.claim
    if (claim === "nonce") {
      return make("InvalidCheck", "NONCE_MISMATCH", `The id_token's nonce from "${providerId}" does not match the one this browser started with: it belongs to another sign-in or was replayed.`)
    }
    return make("OAuthCallbackError", "ID_TOKEN_INVALID", `The id_token from "${providerId}" failed validation of its "${claim}" claim (${message}). Check the provider's issuer and clientId.`)
  }
  if (/"id_token" property|does not contain an ID Token/i.test(message)) {
    return make("OAuthCallbackError", "ID_TOKEN_MISSING", `The token response of "${providerId}" has no id_token, but the provider is configured as OpenID Connect (type "oidc" / idToken: true). Request the "openid" scope, or set idToken: false to read the profile from userinfo.`)
  }
  if (e.code === "OAUTH_JWT_TIMESTAMP_CHECK_FAILED" || message.includes("ID Token")) {
    return make("OAuthCallbackError", "ID_TOKEN_INVALID", `The id_token from "${providerId}" is invalid: ${message}. Check the server clock and the provider's settings.`)
  }
  if (e.code === "OAUTH_WWW_AUTHENTICATE_CHALLENGE" || inner.code === "OAUTH_WWW_AUTHENTICATE_CHALLENGE") {
    const challenges = ((inner.cause ?? e.cause) as Array<{ scheme?: string; parameters?: Record<string, string> }> | undefined) ?? []
    const params = (Array.isArray(challenges) ? challenges[0]?.parameters : undefined) ?? {}
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_ENDPOINT_ERROR" : "USERINFO_ERROR",
      `The ${where} of "${providerId}" refused the request (WWW-Authenticate: ${params.error ?? "unauthorized"}${params.error_description ? `: ${params.error_description}` : ""}). ${stage === "token" ? "Check clientId/clientSecret and client.token_endpoint_auth_method." : "The access token was not accepted."}`,
    )
  }
  if (e.code === "OAUTH_RESPONSE_BODY_ERROR" || e.error) {
    const body = (e.cause ?? {}) as { error?: string; error_description?: string }
    const oauthError = e.error ?? body.error
    const description = e.error_description ?? body.error_description
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_ENDPOINT_ERROR" : "USERINFO_ERROR",
      `The ${where} of "${providerId}" answered with error "${oauthError}"${description ? `: ${description}` : ""}. ${hint || "Check the clientId/clientSecret, the registered callback URL, and that the code was not already used."}`,
    )
  }
  if (e.code === "OAUTH_RESPONSE_IS_NOT_JSON" || e.code === "OAUTH_PARSE_ERROR") {
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_RESPONSE_NOT_JSON" : "USERINFO_NOT_JSON",
      `The ${where} of "${providerId}" did not answer with JSON (an HTML error page or a form-encoded body?). Check the endpoint URL; if the provider really answers in another format, normalise it with a \`${stage}.conform\` hook.`,
    )
  }
  if (e.code === "OAUTH_RESPONSE_IS_NOT_CONFORM") {
    const status = ((inner.cause ?? e.cause) as { status?: number } | undefined)?.status
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_ENDPOINT_ERROR" : "USERINFO_ERROR",
      `The ${where} of "${providerId}" answered HTTP ${status ?? "error"} without an OAuth error body. The provider may be down (5xx) or the URL is wrong.`,
    )
  }
  if (e.code === "OAUTH_INVALID_RESPONSE" || e.code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED") {
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_RESPONSE_INVALID" : "USERINFO_ERROR",
      `The ${where} of "${providerId}" answered with an invalid response: ${message}. If the provider is non-compliant, normalise the response with a \`${stage}.conform\` hook.`,
    )
  }
  if (error instanceof TypeError) {
    return make("OAuthCallbackError", "TOKEN_REQUEST_FAILED", `The request to the ${where} of "${providerId}" failed (${message}). Check network access to the provider.`)
  }
  return make("OAuthCallbackError", stage === "token" ? "TOKEN_REQUEST_FAILED" : "USERINFO_ERROR", `The ${where} step for "${providerId}" failed: ${message}`)
}
