/**
 * `@auth/core/errors`: every error `@auth/core` and adapters throw, their guards and code types.
 * Classify errors by `code` (stable), never by `message` (wording may change).
 */
export {
  AuthError,
  isAuthError,
  type AuthErrorOptions,
  type ErrorCode,
  type ErrorType,
} from "./index.js"
export { AdapterError, isAdapterError, type AdapterErrorCode } from "../adapters/types.js"
