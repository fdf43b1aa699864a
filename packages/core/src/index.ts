/**
 * `@auth/core`: `Auth()`, `defineProvider()`, the provider contract types and `AuthError`.
 * The other entries, by area:
 * - `@auth/core/adapters`: the adapter contract (types, `AdapterError`) and `memoryAdapter()`;
 * - `@auth/core/errors`: every error class, guard and code type;
 * - `@auth/core/node`: the bridge to Node's `http` (Express, the Next.js pages router);
 * - `@auth/core/accounts`: ID-token sign-in (native apps, One Tap) and the account API, opt in;
 * - `@auth/core/tokens`: getAccessToken (refresh), sign-out at the provider, deleteUser with revocation, opt in.
 */
export { Auth, type AuthInstance } from "./auth.js"
export type { AccessToken, GetAccessTokenOptions } from "./tokens/access-token.js"
export type { LinkedAccount } from "./accounts/manage.js"
export type {
  AuthConfig,
  AuthExtension,
  Callbacks,
  Events,
  JWT,
  Logger,
  Session,
  SignOutOptions,
} from "./config/types.js"
export { AuthError, isAuthError, type ErrorCode, type ErrorType } from "./errors/index.js"
export { defineProvider } from "./providers/define.js"
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
  EndSessionContext,
  OAuthChecks,
  OAuthConfig,
  OAuthUserConfig,
  Profile,
  ProfileContext,
  ProviderStyle,
  ProviderType,
  ProviderVersion,
  OAuth1Flow,
  ResolvedProvider,
  RefreshContext,
  RevocationContext,
  TokenContext,
  TokenSet,
  User,
  UserinfoContext,
} from "./providers/types.js"
