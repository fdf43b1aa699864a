import type { ClientMetadata, Configuration } from "openid-client"

/**
 * A value, or a promise of it: every user hook may be sync or async.
 * @example
 * ```ts
 * const profile: (p: Profile) => Awaitable<User> = async (p) => ({ id: String(p.sub) })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export type Awaitable<T> = T | PromiseLike<T>

/**
 * What a provider returned about the person, before `profile()` maps it.
 * @example
 * ```ts
 * profile: (p: Profile) => ({ id: String(p.sub), email: typeof p.email === "string" ? p.email : null })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export type Profile = Record<string, unknown>

/**
 * `"oidc"` for OpenID Connect (discovery, id_token), `"oauth"` for plain OAuth 2.0 / 1.0A.
 * @example
 * ```ts
 * defineProvider({ id: "kakao", name: "Kakao", type: "oidc", issuer: "https://kauth.kakao.com" })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export type ProviderType = "oauth" | "oidc"
/**
 * The OAuth version of a `type: "oauth"` provider (default `"2.0"`).
 * @example
 * ```ts
 * defineProvider({ id: "twitter", name: "X", type: "oauth", version: "1.0A" })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#oauth-10--10a
 */
export type ProviderVersion = "1.0" | "1.0A" | "2.0"

/**
 * The OAuth 1.0 / 1.0A sign-in flow (RFC 5849), exported as `oauth1` by `@auth/core/oauth1`. A
 * provider with `version: "1.0"` or `"1.0A"` names it in its `oauth1` option, so that only apps with
 * such a provider ship its code (about 1.8 KB min+gzip). Opaque: core calls it, you only pass it.
 * @example
 * ```ts
 * import { oauth1 } from "@auth/core/oauth1"
 * defineProvider({ id: "legacy", name: "Legacy", type: "oauth", version: "1.0A", oauth1, requestTokenUrl: "..." })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849
 */
export interface OAuth1Flow {
  readonly name: "oauth1"
}
/**
 * The checks a provider's flow uses: PKCE (RFC 7636), `state`, OIDC `nonce`, or none.
 * @example
 * ```ts
 * checks: ["pkce", "state"]
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7636
 */
export type CheckType = "pkce" | "state" | "nonce" | "none"

/**
 * The token endpoint's answer (RFC 6749 §5.1, OIDC Core §3.1.3.3), plus vendor extras.
 * @example
 * ```ts
 * token: { conform: async (response) => ({ ...response, access_token: response.accessToken }) }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export interface TokenSet {
  access_token?: string
  token_type?: string
  id_token?: string
  refresh_token?: string
  expires_in?: number
  /** Absolute expiry in seconds since the epoch, computed from `expires_in` when the provider sent one. */
  expires_at?: number
  scope?: string
  session_state?: string
  /** OAuth 1.0A only. */
  oauth_token?: string
  oauth_token_secret?: string
  [vendorField: string]: unknown
}

/**
 * The person as `@auth/core` sees them: what `profile()` must return. Only `id` is required.
 * @example
 * ```ts
 * profile: (p) => ({ id: String(p.id), name: p.name ?? null, email: p.email_verified ? p.email : null, image: null })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export interface User {
  id: string
  name?: string | null
  email?: string | null
  image?: string | null
  [extra: string]: unknown
}

/**
 * What is stored on an Account after a sign-in (https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking). `account(tokens)` can choose.
 * @example
 * ```ts
 * account: (tokens) => ({ access_token: tokens.access_token, expires_at: tokens.expires_at })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking
 */
export interface Account {
  provider: string
  type: ProviderType
  providerAccountId: string
  access_token?: string
  refresh_token?: string
  expires_at?: number
  token_type?: string
  scope?: string
  id_token?: string
  session_state?: string
  oauth_token?: string
  oauth_token_secret?: string
}

/**
 * Colours and logo for the provider's button on the built-in sign-in page.
 * @example
 * ```ts
 * style: { logo: "/github.svg", bg: "#24292f", text: "#fff" }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export interface ProviderStyle {
  logo?: string
  logoDark?: string
  bg?: string
  bgDark?: string
  text?: string
  textDark?: string
}

/**
 * Authorization request parameters (RFC 6749 §4.1.1, OIDC Core §3.1.2.1) and any vendor extras.
 * @example
 * ```ts
 * authorization: { params: { scope: "openid email", prompt: "select_account" } }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export type AuthorizationParameters = Record<string, string | undefined>
export type UrlParams = Record<string, string | undefined>

/**
 * Parameters the provider sent to `callback/:id` (query for GET, form body for POST).
 * @example
 * ```ts
 * token: { request: async ({ params }) => exchange(params.code) }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export type CallbackParams = Record<string, string>

/**
 * What `profile()` gets besides the profile and the tokens.
 * @example
 * ```ts
 * profile: (p, { tokens }) => ({ id: String(p.id), image: tokens.id_token ? null : (p.avatar as string) })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export interface ProfileContext {
  /**
   * Every parameter of the callback (query for GET, form body for POST), e.g. a field some providers
   * post only once, on the first sign-in. Not authenticated by the provider: use it for display data
   * such as a name, never for identity (id, email).
   */
  params: CallbackParams
}

/**
 * The values the checks produced for this sign-in, for custom `token.request`s that must verify them.
 * @example
 * ```ts
 * token: { request: async ({ checks }) => exchange({ code_verifier: checks.code_verifier }) }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export interface OAuthChecks {
  state?: string
  code_verifier?: string
  nonce?: string
}

/** The provider as resolved by `Auth()`: endpoints normalised, env applied, checks an array. */
export interface ResolvedEndpoint<Params = UrlParams> {
  url?: string
  params: Params
}

export interface ProviderContext {
  /** The provider, as resolved (merged defaults, env applied). */
  provider: ResolvedProvider
  /** The openid-client configuration (discovered or built from the URLs); absent for OAuth 1 providers. */
  config?: Configuration
  /** The provider's fetch (its own `fetch` option, else the global one); for OAuth 1 `userinfo.request`s it signs each request with the access token. */
  fetch: typeof fetch
  /** The exact redirect URI registered for this provider. */
  callbackUrl: string
}

/**
 * What an `authorization.url` / `authorization.request` hook receives.
 * @example
 * ```ts
 * authorization: { url: ({ provider }) => `https://${provider.options?.domain}/authorize` }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export interface AuthorizationContext extends ProviderContext {
  /** The final authorization parameters, including the checks' values. */
  params: Record<string, string>
}

/**
 * What a `token.request` / `token.conform` hook receives.
 * @example
 * ```ts
 * token: { request: async ({ params, checks, callbackUrl }) => ({ tokens: await exchange(params.code, checks, callbackUrl) }) }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export interface TokenContext extends ProviderContext {
  params: CallbackParams
  checks: OAuthChecks
}

/**
 * What a `userinfo.request` hook receives (the tokens to call the API with).
 * @example
 * ```ts
 * userinfo: { request: async ({ tokens }) => fetchProfile(tokens.access_token) }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export interface UserinfoContext extends ProviderContext {
  tokens: TokenSet
}

/**
 * What a `refresh.request` hook receives: the stored refresh token to exchange (RFC 6749 §6).
 * @example
 * ```ts
 * refresh: { request: async ({ refreshToken, fetch }) => ({ tokens: await myRefresh(fetch, refreshToken) }) }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export interface RefreshContext {
  provider: ResolvedProvider
  /** The openid-client configuration (discovered or built from the URLs). */
  config: Configuration
  /** The provider's fetch, bounded by `httpTimeout`. */
  fetch: typeof fetch
  refreshToken: string
  /** The `refresh.params`, sent with the grant by the built-in request. */
  params: UrlParams
}

/**
 * What an `endSession.request` hook receives: the sign-out URL's standard parameters (OIDC
 * RP-Initiated Logout 1.0), for providers whose logout endpoint names them differently.
 * @example
 * ```ts
 * endSession: { url: "https://idp.example.com/logout", request: ({ url, params }) => `${url}?client_id=${params.client_id}&returnTo=${encodeURIComponent(params.post_logout_redirect_uri!)}` }
 * ```
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html
 */
export interface EndSessionContext {
  provider: ResolvedProvider
  /** The configured (or discovered) end-session URL. */
  url: string | undefined
  /** `client_id`, `post_logout_redirect_uri`, `id_token_hint` (when known) and the endpoint's own params. */
  params: Record<string, string>
}

/**
 * What a `revocation.request` hook receives: one token to revoke (RFC 7009).
 * @example
 * ```ts
 * revocation: { request: async ({ token, fetch }) => { await fetch(`https://api.example.com/revoke?token=${token}`, { method: "DELETE" }) } }
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7009
 */
export interface RevocationContext {
  provider: ResolvedProvider
  token: string
  tokenTypeHint: "refresh_token" | "access_token"
  /** The provider's fetch, bounded by `httpTimeout`. */
  fetch: typeof fetch
}

/**
 * One endpoint, in any of three forms:
 * - a URL string (its query string becomes `params`),
 * - `{ url, params }`,
 * - `{ url?, params?, request(context) }` (a `request` is always honoured).
 * `conform` is our addition: it may rewrite the raw HTTP response of a non-compliant provider
 * before strict validation (e.g. GitHub's HTTP 200 `{ error }` token answers).
 * @example
 * ```ts
 * token: "https://idp.example.com/token"
 * token: { url: "https://idp.example.com/token", params: { grant_type: "authorization_code" } }
 * token: { request: async (context) => ({ tokens: await myExchange(context) }) }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export type EndpointHandler<Params = UrlParams, Context = never, Result = never> =
  | string
  | {
      url?: string
      params?: Params
      request?: [Context] extends [never] ? never : (context: Context) => Awaitable<Result>
      conform?: (response: Response) => Awaitable<Response>
    }

/**
 * Sign-in with an ID token the app already holds (native Sign in with Apple / Google SDKs, LINE SDK,
 * Google One Tap) at `POST [basePath]/id-token/[id]`. Off unless `audiences` is given.
 * @example
 * ```ts
 * google({ idTokenSignIn: { audiences: ["1234-ios.apps.googleusercontent.com"] } })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#id-token-sign-in-native-apps-one-tap
 */
export interface IdTokenSignInOptions {
  /** Accepted `aud` values besides `clientId` (the web client): your native apps' client ids. Required to turn it on. */
  audiences?: string[]
  /** Accepted `iss` values; default the discovered issuer. */
  issuers?: string[]
  /**
   * How the token's `nonce` claim is checked against the `nonce` the app sends: "optional" (default:
   * compared when either side has one), "required" (both must have it, equal), "sha256" (required, and
   * the claim is the hex SHA-256 of the app's nonce, as Apple's native SDK does it).
   */
  nonce?: "optional" | "required" | "sha256"
  /** Seconds since `iat` a token is still accepted (besides `exp`). Default 600. */
  maxAge?: number
}

/**
 * The provider contract, `OAuthConfig` as in Auth.js, typed, generic over the provider's profile.
 * @example
 * ```ts
 * const config: OAuthConfig<GoogleProfile> = { id: "google", name: "Google", type: "oidc", issuer: "https://accounts.google.com" }
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export interface OAuthConfig<P = Profile> {
  /** Used in URLs: `[origin]/api/auth/callback/[id]`. */
  id: string
  name: string
  type: ProviderType
  /** "2.0" (default) for OAuth 2 / OIDC; "1.0" or "1.0A" for OAuth 1. */
  version?: ProviderVersion | (string & {})
  /** OIDC discovery document URL; the alternative to giving `authorization`/`token`/`userinfo`. */
  wellKnown?: string
  /** The issuer identifier; with `type: "oidc"` it is also where discovery starts. */
  issuer?: string
  authorization?: EndpointHandler<AuthorizationParameters, AuthorizationContext, URL | string>
  token?: EndpointHandler<UrlParams, TokenContext, { tokens: TokenSet }>
  userinfo?: EndpointHandler<UrlParams, UserinfoContext, P | void | undefined>
  /**
   * Where `auth.getAccessToken` sends the `refresh_token` grant (RFC 6749 §6): default the token
   * endpoint. A URL, `{ url, params }` (params are added to the grant's body) or `{ request }`.
   */
  refresh?: EndpointHandler<UrlParams, RefreshContext, { tokens: TokenSet }>
  /**
   * Where `POST signout` with `federated=true` sends the person to end their session at the
   * provider. Default: the discovered `end_session_endpoint`.
   */
  endSession?: EndpointHandler<UrlParams, EndSessionContext, URL | string>
  /** Token revocation (RFC 7009) when an account is removed. Default: the discovered `revocation_endpoint`. */
  revocation?: EndpointHandler<UrlParams, RevocationContext, void>
  /** Maps the provider's profile to a User. Only `id` is required. */
  profile?: (profile: P, tokens: TokenSet, context: ProfileContext) => Awaitable<User>
  /** Which checks protect the round trip; default `["pkce", "state"]`. */
  checks?: CheckType | CheckType[]
  clientId?: string
  /**
   * The client secret, or a function returning it: called for every token request, so a secret
   * that must be re-made (e.g. a short-lived signed JWT) never goes stale. The function owns any caching.
   */
  clientSecret?: string | ((provider: ResolvedProvider) => Awaitable<string>)
  /** Read the user from the `id_token` claims instead of calling `userinfo`. */
  idToken?: boolean
  region?: string
  /** openid-client client metadata, e.g. `{ token_endpoint_auth_method: "client_secret_post" }`. */
  client?: Partial<ClientMetadata>
  /** Link a new account to an existing user with the same email without asking (https://www.npmjs.com/package/@auth/core#accounts-adapters-database-sessions-linking). */
  allowDangerousEmailAccountLinking?: boolean
  style?: ProviderStyle
  /** Picks what is stored on the Account from the token response. */
  account?: (tokens: TokenSet) => Partial<Account> | undefined
  /** This provider's fetch (proxy, timeout, test double). Default: the global `fetch` at call time. */
  fetch?: typeof fetch
  /** The OAuth 1 flow, `oauth1` from "@auth/core/oauth1": required when `version` is "1.0" or "1.0A". */
  oauth1?: OAuth1Flow
  /** OAuth 1 endpoints (used when `version` is "1.0" or "1.0A"). */
  requestTokenUrl?: string
  accessTokenUrl?: string
  profileUrl?: string
  /** Legacy NextAuth v3 shorthand for `authorization.params.scope`, still accepted. */
  scope?: string
  /**
   * For multi-tenant IdPs whose discovery document names an issuer template while each id_token carries
   * its own tenant's issuer: returns the issuer this id_token must have, from its claims (not yet
   * verified) and the discovered issuer. The id_token is then validated in full against that issuer
   * (signature, `aud`, `exp`, `nonce`, `iss`). Return undefined to require the discovered issuer.
   * @example expectedIssuer: (claims, issuer) => issuer.replace("{tenant}", String(claims.tenant))
   */
  expectedIssuer?: (claims: Profile, issuer: string) => string | undefined
  /**
   * Checks the provider's own options once `Auth()` has resolved it (env applied), so a missing or
   * malformed issuer/tenant fails at start-up, not at the first sign-in. Return a sentence naming the
   * option and an example value when something is wrong; `Auth()` throws it as a `Configuration`
   * error with the code `INVALID_PROVIDER_CONFIG`. Return nothing when all is well.
   * @example validate: (p) => (p.issuer?.includes("/realms/") ? undefined : "`issuer` must include /realms/<realm>, e.g. https://kc.example.com/realms/staff")
   */
  validate?: (provider: ResolvedProvider) => string | undefined
  /** Sign-in with an ID token from a native SDK or One Tap; see {@link IdTokenSignInOptions}. */
  idTokenSignIn?: IdTokenSignInOptions
}

/**
 * What a user passes to a provider factory: every field optional, deep-merged into the defaults.
 * @example
 * ```ts
 * github({ clientId: "...", clientSecret: "...", authorization: { params: { scope: "read:user" } } })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export type OAuthUserConfig<P = Profile> = Partial<OAuthConfig<P>>

/**
 * A provider after `Auth()` resolved it. Internal shape, exposed to hooks read-only.
 * @example
 * ```ts
 * for (const provider of auth.providers.values()) console.log(provider.id, provider.name)
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export interface ResolvedProvider<P = Profile> {
  readonly id: string
  readonly name: string
  readonly type: ProviderType
  readonly version: "1.0" | "1.0A" | "2.0"
  /** The OAuth 1 flow (set when `version` is "1.0" or "1.0A"). */
  readonly oauth1: OAuth1Flow | undefined
  readonly wellKnown: string | undefined
  readonly issuer: string | undefined
  readonly authorization: ResolvedEndpoint<AuthorizationParameters> & {
    request?: (context: AuthorizationContext) => Awaitable<URL | string>
  }
  readonly token: ResolvedEndpoint & {
    request?: (context: TokenContext) => Awaitable<{ tokens: TokenSet }>
    conform?: (response: Response) => Awaitable<Response>
  }
  readonly userinfo: ResolvedEndpoint & {
    request?: (context: UserinfoContext) => Awaitable<P | void | undefined>
    conform?: (response: Response) => Awaitable<Response>
  }
  readonly refresh: ResolvedEndpoint & {
    request?: (context: RefreshContext) => Awaitable<{ tokens: TokenSet }>
  }
  readonly endSession: ResolvedEndpoint & {
    request?: (context: EndSessionContext) => Awaitable<URL | string>
  }
  readonly revocation: ResolvedEndpoint & {
    request?: (context: RevocationContext) => Awaitable<void>
  }
  readonly profile: (profile: P, tokens: TokenSet, context: ProfileContext) => Awaitable<User>
  readonly checks: ReadonlyArray<Exclude<CheckType, "none">>
  readonly clientId: string
  readonly clientSecret: string | undefined
  /** Set when `clientSecret` is a function: called for every token request instead of `clientSecret`. */
  readonly expectedIssuer: ((claims: Profile, issuer: string) => string | undefined) | undefined
  readonly getClientSecret: ((provider: ResolvedProvider) => Awaitable<string>) | undefined
  readonly idToken: boolean
  /** The `region` option, kept for providers and hooks that build URLs from it. */
  readonly region: string | undefined
  /** true for OIDC providers (type "oidc", or `idToken: true`): nonce/id_token handling applies. */
  readonly oidc: boolean
  readonly client: Partial<ClientMetadata>
  readonly allowDangerousEmailAccountLinking: boolean
  readonly style: ProviderStyle | undefined
  readonly account: ((tokens: TokenSet) => Partial<Account> | undefined) | undefined
  /** The provider's fetch, bounded by `httpTimeout` (see `AuthConfig.httpTimeout`). */
  readonly fetch: typeof fetch
  /** Milliseconds every outbound request of this provider may take. */
  readonly httpTimeout: number
  readonly requestTokenUrl: string | undefined
  readonly accessTokenUrl: string | undefined
  readonly profileUrl: string | undefined
  /** `response_mode=form_post`: the callback arrives as a cross-site POST. */
  readonly formPost: boolean
  /** The `idTokenSignIn` option; ID-token sign-in is on when it has `audiences`. */
  readonly idTokenSignIn: IdTokenSignInOptions | undefined
}
