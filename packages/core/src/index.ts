export { Auth, type AuthInstance } from "./auth.js"
export type { LinkedAccount } from "./accounts/manage.js"
export type { AuthConfig, AuthExtension, Callbacks, Events, JWT, Logger, Session } from "./config/types.js"
export { AuthError, isAuthError, type ErrorCode, type ErrorType } from "./errors/index.js"
export { defineProvider } from "./providers/define.js"
export { mergeProviderConfig } from "./providers/merge.js"
export { clearDiscoveryCache } from "./oauth/config.js"
export type {
  Account,
  AuthorizationContext,
  AuthorizationParameters,
  Awaitable,
  CallbackParams,
  CheckType,
  EndpointHandler,
  IdTokenSignInOptions,
  OAuthChecks,
  OAuthConfig,
  OAuthUserConfig,
  Profile,
  ProfileContext,
  ProviderStyle,
  ProviderType,
  ProviderVersion,
  ResolvedProvider,
  TokenContext,
  TokenSet,
  User,
  UserinfoContext,
} from "./providers/types.js"
export { ACCOUNT_STRING_FIELDS, AdapterError, isAdapterError, type Adapter, type AdapterAccount, type AdapterErrorCode, type AdapterSession, type AdapterUser, type AccountKey, type UpdateAccountOptions } from "./adapters/types.js"
export { memoryAdapter } from "./adapters/memory.js"
export { normalizeAdapterAccount } from "./adapters/account.js"
