/**
 * One error type for everything that can go wrong in a sign-in.
 *
 * `type` is the coarse, Auth.js-compatible name (users' docs and `?error=` handling carry over);
 * `code` is the finer, stable reason a program can switch on. The message always says what
 * happened, the likely cause and the fix; `cause` keeps the original error for the server log.
 */
import type { AdapterErrorCode } from "../adapters/types.js"

/**
 * The coarse, Auth.js-compatible kind of an {@link AuthError} (the error page's `?error=`).
 * @example
 * ```ts
 * const type = new URL(request.url).searchParams.get("error") as ErrorType | null
 * ```
 * @see https://www.npmjs.com/package/@auth/core#errors
 */
export type ErrorType =
  | "Configuration"
  | "MissingSecret"
  | "InvalidProvider"
  | "UnknownAction"
  | "MissingCSRF"
  | "InvalidCheck"
  | "AccessDenied"
  | "OAuthSignInError"
  | "OAuthCallbackError"
  | "OAuthProfileParseError"
  | "OAuthAccountNotLinked"
  | "CallbackRouteError"
  | "InvalidCallbackUrl"
  | "AdapterError"
  | "AccessTokenError"
  | "SignOutError"

/**
 * The stable, fine-grained reason of an {@link AuthError} (also in the error page's `?code=`).
 * @example
 * ```ts
 * if (error.code === "STATE_COOKIE_MISSING") showHint("Cookies must be enabled to sign in.")
 * ```
 * @see https://www.npmjs.com/package/@auth/core#errors
 */
export type ErrorCode =
  // configuration
  | "MISSING_SECRET"
  | "WEAK_SECRET"
  | "INVALID_PROVIDER_CONFIG"
  | "DUPLICATE_PROVIDER_ID"
  | "MISSING_CLIENT_ID"
  | "INSECURE_ISSUER"
  | "DISCOVERY_FAILED"
  | "DISCOVERY_TIMEOUT"
  | "INVALID_HTTP_TIMEOUT"
  | "INVALID_BASE_URL"
  | "MISSING_ADAPTER"
  | "ACCOUNT_API_MISSING"
  | "TOKEN_API_MISSING"
  | "OAUTH1_FLOW_MISSING"
  // routing and input
  | "UNKNOWN_PROVIDER"
  | "UNKNOWN_ACTION"
  | "CSRF_MISSING"
  | "CSRF_MISMATCH"
  | "CALLBACK_URL_REJECTED"
  | "INVALID_REQUEST"
  | "REQUEST_ABORTED"
  | "REQUEST_TOO_LARGE"
  // checks
  | "STATE_MISSING"
  | "STATE_COOKIE_MISSING"
  | "STATE_MISMATCH"
  | "PKCE_COOKIE_MISSING"
  | "NONCE_COOKIE_MISSING"
  | "NONCE_MISMATCH"
  | "CHECK_COOKIE_INVALID"
  | "CHECK_PROVIDER_MISMATCH"
  | "CHECK_BROWSER_MISMATCH"
  | "CHECK_BROWSER_COOKIE_MISSING"
  | "ISSUER_MISMATCH"
  // provider responses
  | "ACCESS_DENIED"
  | "AUTHORIZATION_ERROR"
  | "TOKEN_ENDPOINT_ERROR"
  | "TOKEN_RESPONSE_NOT_JSON"
  | "TOKEN_RESPONSE_INVALID"
  | "TOKEN_RESPONSE_NOT_FORM"
  | "OAUTH1_REQUEST_TOKEN_FAILED"
  | "OAUTH1_REQUEST_TOKEN_TIMEOUT"
  | "OAUTH1_CALLBACK_NOT_CONFIRMED"
  | "OAUTH1_COOKIE_MISSING"
  | "OAUTH1_TOKEN_MISMATCH"
  | "OAUTH1_VERIFIER_MISSING"
  | "TOKEN_REQUEST_FAILED"
  | "TOKEN_TIMEOUT"
  | "ID_TOKEN_MISSING"
  | "ID_TOKEN_SIGNATURE"
  | "ID_TOKEN_INVALID"
  | "ID_TOKEN_ISSUER"
  | "ID_TOKEN_AUDIENCE"
  | "ID_TOKEN_EXPIRED"
  | "ID_TOKEN_NOT_YET_VALID"
  | "ID_TOKEN_REPLAYED"
  | "ID_TOKEN_SIGNIN_DISABLED"
  | "NONCE_MISSING"
  | "USERINFO_ERROR"
  | "USERINFO_TIMEOUT"
  | "JWKS_TIMEOUT"
  | "JWKS_ERROR"
  | "JWKS_INVALID"
  | "JWKS_KEY_NOT_FOUND"
  | "USERINFO_NOT_JSON"
  | "PROFILE_MAPPING_FAILED"
  | "PROFILE_ID_MISSING"
  | "SIGNIN_REFUSED"
  | "CALLBACK_FAILED"
  // sessions and accounts
  | "ACCOUNT_NOT_LINKED"
  | "ACCOUNT_LINKED_TO_OTHER_USER"
  | "SESSION_REQUIRED"
  | "ACCOUNT_NOT_FOUND"
  | "LAST_ACCOUNT"
  // getAccessToken
  | "ADAPTER_METHODS_MISSING"
  | "NO_PROVIDER_ACCOUNT"
  | "NO_REFRESH_TOKEN"
  | "REFRESH_TOKEN_INVALID"
  | "TOKEN_DECRYPTION_FAILED"
  // sign-out at the provider
  | "END_SESSION_UNAVAILABLE"
  | "SIGNOUT_PROVIDER_UNKNOWN"
  // the adapter's own codes (ACCOUNT_ALREADY_LINKED, DATABASE_*, MIGRATION_FAILED), declared once with it
  | AdapterErrorCode

/**
 * What an {@link AuthError} is made of, besides its type.
 * @example
 * ```ts
 * throw new AuthError("Configuration", { code: "INVALID_PROVIDER_CONFIG", message: "...", providerId: "acme" })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#errors
 */
export interface AuthErrorOptions {
  code: ErrorCode
  message: string
  providerId?: string
  cause?: unknown
  /** HTTP status for the error page (always 4xx). */
  status?: number
}

/** The HTTP status of each error type's page; every other type is 400. The one table core reads statuses from. */
const DEFAULT_STATUS: Partial<Record<ErrorType, number>> = {
  InvalidProvider: 404,
  UnknownAction: 404,
  AccessDenied: 403,
  OAuthAccountNotLinked: 403,
  MissingCSRF: 403,
  AccessTokenError: 401,
}

/**
 * The HTTP status of the error page for `type` (any string, e.g. an `?error=` query value): 403 for the
 * refusals, 404 for unknown providers and actions, 400 for everything else and for unknown types.
 */
export function statusOf(type: string | undefined): number {
  return (
    (type !== undefined && Object.hasOwn(DEFAULT_STATUS, type)
      ? DEFAULT_STATUS[type as ErrorType]
      : undefined) ?? 400
  )
}

/**
 * The one error core throws: `type` is the coarse Auth.js name, `code` the stable reason to switch on,
 * `message` what happened with the likely cause and fix, `cause` the original error.
 * @example
 * ```ts
 * try {
 *   Auth(config)
 * } catch (e) {
 *   if (e instanceof AuthError && e.code === "MISSING_SECRET") console.error(e.message)
 * }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#errors
 */
export class AuthError extends Error {
  override readonly name = "AuthError"
  readonly type: ErrorType
  readonly code: ErrorCode
  readonly providerId: string | undefined
  readonly status: number

  constructor(type: ErrorType, options: AuthErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause })
    this.type = type
    this.code = options.code
    this.providerId = options.providerId
    this.status = options.status ?? statusOf(type)
  }
}

/**
 * True when `e` is an {@link AuthError}.
 * @example
 * ```ts
 * logger: { error: (e) => (isAuthError(e) ? log.warn(e.code, e.message) : log.error(e)) }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#errors
 */
export const isAuthError = (e: unknown): e is AuthError => e instanceof AuthError

/** Short, plain-words explanations for the error page (never secrets, never stacks). */
export const ERROR_TYPE_TEXT: Record<ErrorType, string> = {
  Configuration:
    "The sign-in service is not set up correctly. The site owner has been told the details.",
  MissingSecret:
    "The sign-in service has no secret configured. The site owner has been told how to add one.",
  InvalidProvider: "That sign-in method does not exist on this site.",
  UnknownAction: "That page does not exist.",
  MissingCSRF:
    "The sign-in form expired or was sent from another site. Please try again from the sign-in page.",
  InvalidCheck:
    "The sign-in could not be verified (it may have expired, been opened in another browser, or been tampered with). Please start again.",
  AccessDenied:
    "Access was denied. You may have cancelled the sign-in, or you are not allowed to sign in.",
  OAuthSignInError:
    "We could not start the sign-in with that provider. Please try again, or use another method.",
  OAuthCallbackError: "The provider's answer could not be used to sign you in. Please try again.",
  OAuthProfileParseError:
    "The provider's profile could not be read. Please try again, or use another method.",
  OAuthAccountNotLinked:
    "This account cannot be used to sign in here: it belongs to, or its email is used by, another sign-in.",
  CallbackRouteError: "Something went wrong while finishing your sign-in. Please try again.",
  InvalidCallbackUrl: "The address to return to after signing in is not allowed.",
  AdapterError:
    "Your account could not be saved right now. Nothing was changed; please try again in a moment.",
  AccessTokenError: "Please sign in again to renew access to the provider.",
  SignOutError: "You are signed out here, but not at your sign-in provider.",
}

// Texts several codes share.
const EXPIRED =
  "The sign-in took too long, cookies are blocked, or it was finished in a different browser."
const EXPIRED_OR_USED =
  "The sign-in took too long, cookies are blocked, it was finished in a different browser, or this sign-in link was already used."
const NOT_THIS_BROWSER =
  "The answer from the provider does not belong to the sign-in started in this browser."

export const ERROR_CODE_TEXT: Partial<Record<ErrorCode, string>> = {
  STATE_COOKIE_MISSING: EXPIRED_OR_USED,
  STATE_MISMATCH: NOT_THIS_BROWSER,
  STATE_MISSING: "The provider's answer is missing its state value.",
  PKCE_COOKIE_MISSING: EXPIRED_OR_USED,
  NONCE_COOKIE_MISSING: EXPIRED,
  NONCE_MISMATCH: "The identity token does not belong to the sign-in started in this browser.",
  CHECK_COOKIE_INVALID: "A sign-in cookie was damaged or is from another site.",
  CHECK_PROVIDER_MISMATCH: "The sign-in was started with a different provider.",
  CHECK_BROWSER_MISMATCH:
    "The sign-in was started in a different browser. Nothing was changed; start again in this browser.",
  CHECK_BROWSER_COOKIE_MISSING:
    "The sign-in was started in a different browser, or cookies are blocked. Nothing was changed; start again in this browser.",
  ISSUER_MISMATCH: "The answer came from a different identity provider than expected.",
  ACCESS_DENIED: "You cancelled, or the provider refused the request.",
  CSRF_MISSING: "The form's security token was missing.",
  CSRF_MISMATCH: "The form's security token did not match.",
  UNKNOWN_PROVIDER: "No sign-in method has that name.",
  TOKEN_ENDPOINT_ERROR: "The provider refused to complete the sign-in.",
  TOKEN_RESPONSE_NOT_JSON: "The provider answered with something that is not a token.",
  TOKEN_TIMEOUT: "The provider did not answer in time.",
  USERINFO_TIMEOUT: "The provider did not send your profile in time.",
  DISCOVERY_TIMEOUT: "The provider did not answer in time.",
  DISCOVERY_FAILED: "The provider's configuration could not be loaded.",
  JWKS_TIMEOUT: "The provider's signing keys did not arrive in time.",
  JWKS_ERROR: "The provider's signing keys could not be loaded.",
  JWKS_INVALID: "The provider's signing keys could not be read.",
  JWKS_KEY_NOT_FOUND: "The identity token was signed with a key the provider does not publish.",
  ID_TOKEN_SIGNATURE: "The identity token's signature is not valid.",
  USERINFO_ERROR: "The provider did not return your profile.",
  ACCOUNT_NOT_LINKED:
    "To confirm your identity, sign in with the same account you used originally, then link this one from your account page.",
  ACCOUNT_LINKED_TO_OTHER_USER: "This account is already linked to another user.",
  OAUTH1_COOKIE_MISSING: EXPIRED,
  OAUTH1_TOKEN_MISMATCH: NOT_THIS_BROWSER,
}
