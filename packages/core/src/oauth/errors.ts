/**
 * Maps openid-client / oauth4webapi failures onto our stable codes, keeping the original as `cause`.
 *
 * Decisions are made on the library's error `code` and on the shape of its `cause` (the `claim`,
 * `expected`, `parameters`, `body`, `candidates` properties oauth4webapi attaches), never on message
 * text: a dependency rewording a message must not turn a precise code into a vague one.
 * test/oauth-errors.test.ts builds the libraries' real errors for every branch and checks that
 * this file never reads `.message` to decide (see its guard).
 */
import { AuthError, type ErrorCode } from "../errors/index.js"
import { isTimeout } from "../http/timeout.js"

/**
 * oauth4webapi's exported error code constants (openid-client v6 throws them as `ClientError.code`,
 * or on its re-exported `ResponseBodyError` / `WWWAuthenticateChallengeError`). Copied as strings so
 * that this module does not import openid-client on the cold path (it is loaded lazily, see
 * openid-client.ts); test/oauth-errors.test.ts asserts each one equals the library's export.
 * @see https://github.com/panva/oauth4webapi/blob/main/docs/README.md
 */
export const OAUTH_ERROR_CODES = {
  WWW_AUTHENTICATE_CHALLENGE: "OAUTH_WWW_AUTHENTICATE_CHALLENGE",
  RESPONSE_BODY_ERROR: "OAUTH_RESPONSE_BODY_ERROR",
  PARSE_ERROR: "OAUTH_PARSE_ERROR",
  INVALID_RESPONSE: "OAUTH_INVALID_RESPONSE",
  RESPONSE_IS_NOT_JSON: "OAUTH_RESPONSE_IS_NOT_JSON",
  RESPONSE_IS_NOT_CONFORM: "OAUTH_RESPONSE_IS_NOT_CONFORM",
  JWT_TIMESTAMP_CHECK: "OAUTH_JWT_TIMESTAMP_CHECK_FAILED",
  JWT_CLAIM_COMPARISON: "OAUTH_JWT_CLAIM_COMPARISON_FAILED",
  JSON_ATTRIBUTE_COMPARISON: "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED",
  KEY_SELECTION: "OAUTH_KEY_SELECTION_FAILED",
} as const
const C = OAUTH_ERROR_CODES

interface OAuthLikeError {
  name?: string
  code?: string
  message?: string
  error?: string
  error_description?: string
  status?: number
  cause?: unknown
}

/** The `cause` oauth4webapi puts on an `OperationProcessingError`: whichever of these the failed check knows. */
interface ProcessingDetail {
  claim?: string
  claims?: Record<string, unknown>
  expected?: unknown
  parameters?: URLSearchParams
  body?: Record<string, unknown>
  candidates?: unknown[]
  signature?: unknown
  key?: unknown
  status?: number
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
    if (current.code === "UND_ERR_SOCKET" || current.code === "ECONNRESET") return true
    current = current.cause as typeof current
  }
  return false
}

/** The `code` of openid-client's error, or of the oauth4webapi error it wraps. */
function codeOf(e: OAuthLikeError, inner: OAuthLikeError): string | undefined {
  return e.code ?? inner.code
}

/**
 * RFC 9207 `iss` checks: oauth4webapi's validateAuthResponse fails with `{ parameters }` when `iss` is
 * missing, or `{ expected: <issuer>, parameters }` when it differs. Its `state` checks fail with the same
 * shape, but their `expected` is our opaque state (or undefined), never a URL as an issuer identifier is
 * (RFC 8414 section 2), and a JARM `response` parameter is its own error.
 */
function isIssuerCheck(detail: ProcessingDetail): boolean {
  const parameters = detail.parameters
  if (!(parameters instanceof URLSearchParams) || parameters.has("response")) return false
  if (!("expected" in detail)) return !parameters.has("iss")
  const iss = parameters.get("iss")
  return (
    typeof detail.expected === "string" &&
    URL.canParse(detail.expected) &&
    iss !== null &&
    iss !== detail.expected
  )
}

/**
 * A token response rejected only for its id_token (absent, or not a non-empty string): oauth4webapi then
 * gives `{ body }` as the cause, after checking the fields before it, which must therefore be fine.
 */
function isIdTokenMissing(detail: ProcessingDetail): boolean {
  const body = detail.body
  if (!body || typeof body !== "object") return false
  const nonEmpty = (v: unknown) => typeof v === "string" && v.length > 0
  return (
    !nonEmpty(body.id_token) &&
    nonEmpty(body.access_token) &&
    nonEmpty(body.token_type) &&
    (body.expires_in === undefined || typeof body.expires_in === "number") &&
    (body.refresh_token === undefined || nonEmpty(body.refresh_token)) &&
    (body.scope === undefined || typeof body.scope === "string")
  )
}

export function mapOAuthError(
  error: unknown,
  providerId: string,
  stage: Stage,
  hint = "",
): AuthError {
  const ours = innerAuthError(error)
  if (ours) return ours
  const e = (error ?? {}) as OAuthLikeError
  // openid-client wraps oauth4webapi's error (with the precise message and claim) as `cause`.
  const inner = (e.cause instanceof Error ? e.cause : e) as OAuthLikeError
  // The message is only reported, never inspected.
  const message = inner === e ? (e.message ?? String(error)) : `${inner.message} (${e.message})`
  const code = codeOf(e, inner)
  const detail = ((inner !== e ? inner.cause : e.cause) ?? {}) as ProcessingDetail
  const where = stage === "token" ? "token endpoint" : "userinfo endpoint"
  const make = (
    type: ConstructorParameters<typeof AuthError>[0],
    ourCode: ErrorCode,
    text: string,
  ) => new AuthError(type, { code: ourCode, providerId, cause: error, message: text })

  // openid-client wraps a fetch timeout/abort as OAUTH_TIMEOUT / OAUTH_ABORT with the DOMException as cause.
  if (isConnectionCut(error)) {
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_REQUEST_FAILED" : "USERINFO_ERROR",
      `The ${where} of "${providerId}" closed the connection before its answer was complete. The provider (or a proxy in between) may be restarting; try again.`,
    )
  }
  if (isTimeout(error)) {
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_TIMEOUT" : "USERINFO_TIMEOUT",
      `The ${where} of "${providerId}" did not answer in time (httpTimeout). The provider may be down or unreachable from this server; try again later.`,
    )
  }
  if (code === C.INVALID_RESPONSE && isIssuerCheck(detail)) {
    return make(
      "InvalidCheck",
      "ISSUER_MISMATCH",
      `The callback's \`iss\` parameter does not name "${providerId}"'s issuer (RFC 9207): the answer may come from another identity provider (mix-up attack), or the provider's \`issuer\` option is wrong.`,
    )
  }
  if (
    code === C.KEY_SELECTION &&
    Array.isArray(detail.candidates) &&
    detail.candidates.length === 0
  ) {
    return make(
      "OAuthCallbackError",
      "JWKS_KEY_NOT_FOUND",
      `The id_token from "${providerId}" is signed with a key (kid) its JWKS does not publish, even after refetching it. The token was forged, or the provider signs with an unpublished key.`,
    )
  }
  // validateJwsSignature's cause is { key, data, signature, algorithm }.
  if (code === C.INVALID_RESPONSE && "signature" in detail && "key" in detail) {
    return make(
      "OAuthCallbackError",
      "ID_TOKEN_SIGNATURE",
      `The id_token from "${providerId}" has an invalid signature for the provider's published keys (JWKS). It was forged or altered; no session was created.`,
    )
  }
  if (code === C.JWT_CLAIM_COMPARISON) {
    const claim = detail.claim
    if (claim === "nonce") {
      return make(
        "InvalidCheck",
        "NONCE_MISMATCH",
        `The id_token's nonce from "${providerId}" does not match the one this browser started with: it belongs to another sign-in or was replayed.`,
      )
    }
    return make(
      "OAuthCallbackError",
      "ID_TOKEN_INVALID",
      `The id_token from "${providerId}" failed validation of its "${claim}" claim (${message}). Check the provider's issuer and clientId.`,
    )
  }
  if (code === C.INVALID_RESPONSE && isIdTokenMissing(detail)) {
    return make(
      "OAuthCallbackError",
      "ID_TOKEN_MISSING",
      `The token response of "${providerId}" has no id_token, but the provider is OpenID Connect (type "oidc" / idToken: true). Request the "openid" scope, or set idToken: false to use userinfo.`,
    )
  }
  // A claim of the id_token failed a check (auth_time, c_hash...): oauth4webapi gives its `claims`.
  if (
    code === C.JWT_TIMESTAMP_CHECK ||
    (code === C.INVALID_RESPONSE && stage === "token" && detail.claims !== undefined)
  ) {
    return make(
      "OAuthCallbackError",
      "ID_TOKEN_INVALID",
      `The id_token from "${providerId}" is invalid: ${message}. Check the server clock and the provider's settings.`,
    )
  }
  if (code === C.WWW_AUTHENTICATE_CHALLENGE) {
    const challenges =
      ((inner.cause ?? e.cause) as
        Array<{ scheme?: string; parameters?: Record<string, string> }> | undefined) ?? []
    const params = (Array.isArray(challenges) ? challenges[0]?.parameters : undefined) ?? {}
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_ENDPOINT_ERROR" : "USERINFO_ERROR",
      `The ${where} of "${providerId}" refused the request (WWW-Authenticate: ${params.error ?? "unauthorized"}${params.error_description ? `: ${params.error_description}` : ""}). ${stage === "token" ? "Check clientId/clientSecret and client.token_endpoint_auth_method." : "The access token was not accepted."}`,
    )
  }
  if (code === C.RESPONSE_BODY_ERROR || e.error) {
    const body = (e.cause ?? {}) as { error?: string; error_description?: string }
    const oauthError = e.error ?? body.error
    const description = e.error_description ?? body.error_description
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_ENDPOINT_ERROR" : "USERINFO_ERROR",
      `The ${where} of "${providerId}" answered with error "${oauthError}"${description ? `: ${description}` : ""}. ${hint || "Check the clientId/clientSecret, the registered callback URL, and that the code was not already used."}`,
    )
  }
  if (code === C.RESPONSE_IS_NOT_JSON || code === C.PARSE_ERROR) {
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_RESPONSE_NOT_JSON" : "USERINFO_NOT_JSON",
      `The ${where} of "${providerId}" did not answer with JSON (an HTML error page or a form-encoded body?). Check the endpoint URL; if the provider really answers in another format, normalise it with a \`${stage}.conform\` hook.`,
    )
  }
  if (code === C.RESPONSE_IS_NOT_CONFORM) {
    const status = ((inner.cause ?? e.cause) as { status?: number } | undefined)?.status
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_ENDPOINT_ERROR" : "USERINFO_ERROR",
      `The ${where} of "${providerId}" answered HTTP ${status ?? "error"} without an OAuth error body. The provider may be down (5xx) or the URL is wrong.`,
    )
  }
  if (code === C.INVALID_RESPONSE || code === C.JSON_ATTRIBUTE_COMPARISON) {
    return make(
      "OAuthCallbackError",
      stage === "token" ? "TOKEN_RESPONSE_INVALID" : "USERINFO_ERROR",
      `The ${where} of "${providerId}" answered with an invalid response: ${message}. If the provider is non-compliant, normalise the response with a \`${stage}.conform\` hook.`,
    )
  }
  if (error instanceof TypeError) {
    return make(
      "OAuthCallbackError",
      "TOKEN_REQUEST_FAILED",
      `The request to the ${where} of "${providerId}" failed (${message}). Check network access to the provider.`,
    )
  }
  return make(
    "OAuthCallbackError",
    stage === "token" ? "TOKEN_REQUEST_FAILED" : "USERINFO_ERROR",
    `The ${where} step for "${providerId}" failed: ${message}`,
  )
}
