import { isLoopbackHostname } from "../http/host.js"
import { DEFAULT_HTTP_TIMEOUT_MS, withTimeout } from "../http/timeout.js"
import { AuthError } from "../errors/index.js"
import { REBUILD_WITH } from "./define.js"
import { normalizeEndpoint } from "./merge.js"
import type { CheckType, OAuthConfig, Profile, ResolvedProvider, User } from "./types.js"

type Env = Record<string, string | undefined>

const ID_PATTERN = /^[A-Za-z0-9][\w.-]*$/
const DEFAULT_CHECKS = ["pkce", "state"] as const
const DEFAULT_OIDC_SCOPE = "openid profile email"

/** `AUTH_<ID>_<FIELD>`: id upper-cased, every character outside [A-Z0-9] becomes `_`. */
export function envKey(id: string, field: "ID" | "SECRET" | "ISSUER"): string {
  return `AUTH_${id.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_${field}`
}

/** https everywhere; http only for loopback hosts (local IdPs in development and tests). */
function assertSecureUrl(id: string, field: string, value: string | undefined): void {
  if (value === undefined) return
  let url: URL
  try {
    url = new URL(value)
  } catch (cause) {
    throw new AuthError("Configuration", {
      code: "INVALID_PROVIDER_CONFIG",
      providerId: id,
      cause,
      message: `Provider "${id}": \`${field}\` is not a valid URL (${JSON.stringify(value)}). Give an absolute https:// URL.`,
    })
  }
  if (url.protocol === "https:") return
  if (url.protocol === "http:" && isLoopbackHostname(url.hostname)) return
  throw new AuthError("Configuration", {
    code: "INSECURE_ISSUER",
    providerId: id,
    message: `Provider "${id}": \`${field}\` is ${url.protocol}//${url.host}, but only https:// URLs are accepted (http:// only for localhost, 127.0.0.1 and [::1]). Use the provider's https URL.`,
  })
}

function normalizeChecks(checks: OAuthConfig["checks"]): ReadonlyArray<Exclude<CheckType, "none">> {
  if (checks === undefined) return DEFAULT_CHECKS
  const list = Array.isArray(checks) ? checks : [checks]
  const out = new Set<Exclude<CheckType, "none">>()
  for (const check of list) if (check !== "none") out.add(check)
  return [...out]
}

/** The mapping used when a provider has no `profile()`: OIDC standard claims, then common names. */
export function defaultProfile(profile: Profile): User {
  const id = profile.sub ?? profile.id
  return {
    id: id === undefined || id === null ? "" : String(id),
    name: (profile.name ?? profile.nickname ?? profile.preferred_username ?? null) as string | null,
    email: (profile.email ?? null) as string | null,
    image: (profile.picture ?? null) as string | null,
  }
}

type Endpoint = {
  url?: string
  params?: Record<string, string | undefined>
  request?: unknown
  conform?: unknown
}

function endpoint(value: unknown): Endpoint {
  const normalized = normalizeEndpoint(value)
  if (normalized === undefined || normalized === null) return {}
  return normalized as Endpoint
}

/** Resolves one configured provider: env fallback, normalised endpoints and checks, validation. */
export function resolveProvider(
  config: OAuthConfig<any>,
  env: Env,
  httpTimeout = DEFAULT_HTTP_TIMEOUT_MS,
): ResolvedProvider {
  // A factory whose defaults derive from the issuer is re-run with the env issuer as its option.
  const rebuild = (config as { [REBUILD_WITH]?: (more: { issuer: string }) => OAuthConfig<any> })[
    REBUILD_WITH
  ]
  const envIssuer =
    typeof config.id === "string" && config.issuer === undefined
      ? env[envKey(config.id, "ISSUER")]
      : undefined
  if (rebuild && envIssuer) config = rebuild({ issuer: envIssuer })
  const id = config.id
  if (typeof id !== "string" || !ID_PATTERN.test(id)) {
    throw new AuthError("Configuration", {
      code: "INVALID_PROVIDER_CONFIG",
      message: `A provider has the id ${JSON.stringify(id)}. Ids appear in URLs (/callback/<id>): use letters, digits, "-", "_" or ".".`,
    })
  }
  const version = config.version === "1.0" ? "1.0" : config.version === "1.0A" ? "1.0A" : "2.0"
  const clientId = config.clientId ?? env[envKey(id, "ID")]
  const secretOption = config.clientSecret ?? env[envKey(id, "SECRET")]
  const clientSecret = typeof secretOption === "function" ? undefined : secretOption
  const getClientSecret = typeof secretOption === "function" ? secretOption : undefined
  const issuer = config.issuer ?? env[envKey(id, "ISSUER")]
  if (!clientId) {
    throw new AuthError("Configuration", {
      code: "MISSING_CLIENT_ID",
      providerId: id,
      message: `Provider "${id}" has no clientId. Pass \`clientId\` to the provider or set ${envKey(id, "ID")} (and ${envKey(id, "SECRET")}) in the environment.`,
    })
  }

  const authorization = endpoint(config.authorization)
  const token = endpoint(config.token)
  const userinfo = endpoint(config.userinfo)
  // The endpoints of the tokens extension (no `conform` hook), checked here with the others.
  const afterSignIn: Record<string, Endpoint> = {}
  for (const key of ["refresh", "endSession", "revocation"] as const) {
    const { url, params, request } = endpoint(config[key])
    assertSecureUrl(id, key, url)
    afterSignIn[key] = { url, params: { ...params }, request }
  }
  const authParams: Record<string, string | undefined> = { ...authorization.params }
  if (authParams.scope === undefined && config.scope !== undefined) authParams.scope = config.scope

  const oidc = config.type === "oidc" || config.idToken === true
  if (oidc && authParams.scope === undefined) authParams.scope = DEFAULT_OIDC_SCOPE

  for (const [field, value] of [
    ["issuer", issuer],
    ["wellKnown", config.wellKnown],
    ["authorization", authorization.url],
    ["token", token.url],
    ["userinfo", userinfo.url],
    ["requestTokenUrl", config.requestTokenUrl],
    ["accessTokenUrl", config.accessTokenUrl],
    ["profileUrl", config.profileUrl],
  ] as const) {
    assertSecureUrl(id, field, value)
  }

  const resolved: ResolvedProvider = {
    id,
    name: config.name ?? id,
    type: config.type === "oidc" ? "oidc" : "oauth",
    version,
    oauth1: config.oauth1,
    wellKnown: config.wellKnown,
    issuer,
    authorization: {
      url: authorization.url,
      params: authParams,
      request: authorization.request as ResolvedProvider["authorization"]["request"],
    },
    token: {
      url: token.url,
      params: { ...token.params },
      request: token.request as ResolvedProvider["token"]["request"],
      conform: token.conform as ResolvedProvider["token"]["conform"],
    },
    userinfo: {
      url: userinfo.url,
      params: { ...userinfo.params },
      request: userinfo.request as ResolvedProvider["userinfo"]["request"],
      conform: userinfo.conform as ResolvedProvider["userinfo"]["conform"],
    },
    ...(afterSignIn as Pick<ResolvedProvider, "refresh" | "endSession" | "revocation">),
    profile: (config.profile as ResolvedProvider["profile"]) ?? defaultProfile,
    checks: normalizeChecks(config.checks),
    clientId,
    clientSecret,
    getClientSecret,
    expectedIssuer: config.expectedIssuer,
    idToken: config.idToken ?? config.type === "oidc",
    region: config.region,
    oidc,
    client: { ...config.client },
    allowDangerousEmailAccountLinking: config.allowDangerousEmailAccountLinking === true,
    style: config.style,
    account: config.account,
    // Looked up at call time so that test doubles installed later (nock) are seen.
    // Every outbound request of this provider goes through here, bounded by one timeout.
    fetch: withTimeout(
      config.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      httpTimeout,
    ),
    httpTimeout,
    requestTokenUrl: config.requestTokenUrl,
    accessTokenUrl: config.accessTokenUrl,
    profileUrl: config.profileUrl,
    formPost: authParams.response_mode === "form_post",
    idTokenSignIn: config.idTokenSignIn,
  }
  // The provider's own sentence first: it names the option (issuer, tenant) and an example value.
  const problem = config.validate?.(resolved)
  if (problem) {
    throw new AuthError("Configuration", {
      code: "INVALID_PROVIDER_CONFIG",
      providerId: id,
      message: `Provider "${id}": ${problem}`,
    })
  }
  if (
    version === "2.0" &&
    !config.wellKnown &&
    !(oidc && issuer) &&
    !authorization.url &&
    !authorization.request
  ) {
    throw new AuthError("Configuration", {
      code: "INVALID_PROVIDER_CONFIG",
      providerId: id,
      message: `Provider "${id}" has no way to start a sign-in: give \`wellKnown\`, or \`type: "oidc"\` with \`issuer\`, or \`authorization\`/\`token\` URLs.`,
    })
  }
  if (
    version !== "2.0" &&
    (!config.requestTokenUrl || !authorization.url || !(config.accessTokenUrl ?? token.url))
  ) {
    throw new AuthError("Configuration", {
      code: "INVALID_PROVIDER_CONFIG",
      providerId: id,
      message: `Provider "${id}" uses OAuth ${version}: give \`requestTokenUrl\`, \`authorization\` (the authorize/authenticate URL) and \`accessTokenUrl\`, plus \`profileUrl\` (or \`userinfo\`) for the profile.`,
    })
  }
  if (version !== "2.0" && !config.oauth1) {
    throw new AuthError("Configuration", {
      code: "OAUTH1_FLOW_MISSING",
      providerId: id,
      message: `Provider "${id}" uses OAuth ${version}, whose flow is opt-in: add \`oauth1\` (import { oauth1 } from "@auth/core/oauth1") to its config.`,
    })
  }
  if (version !== "2.0" && getClientSecret) {
    throw new AuthError("Configuration", {
      code: "INVALID_PROVIDER_CONFIG",
      providerId: id,
      message: `Provider "${id}" uses OAuth ${version}, whose consumer secret must be a string: a \`clientSecret\` function is only for OAuth 2 / OIDC token requests.`,
    })
  }
  if (version === "2.0" && !oidc && !config.wellKnown && !token.url && !token.request) {
    throw new AuthError("Configuration", {
      code: "INVALID_PROVIDER_CONFIG",
      providerId: id,
      message: `Provider "${id}" is a plain OAuth 2 provider without a \`token\` endpoint. Give \`token: "https://.../token"\` (or \`wellKnown\` if it supports discovery).`,
    })
  }

  return resolved
}

export function resolveProviders(
  configs: ReadonlyArray<OAuthConfig<any>>,
  env: Env,
  httpTimeout = DEFAULT_HTTP_TIMEOUT_MS,
): Map<string, ResolvedProvider> {
  const map = new Map<string, ResolvedProvider>()
  for (const config of configs) {
    const provider = resolveProvider(config, env, httpTimeout)
    if (map.has(provider.id)) {
      throw new AuthError("Configuration", {
        code: "DUPLICATE_PROVIDER_ID",
        providerId: provider.id,
        message: `Two providers share the id "${provider.id}". Give one of them another id, e.g. keycloak({ id: "keycloak-staff", ... }).`,
      })
    }
    map.set(provider.id, provider)
  }
  return map
}
