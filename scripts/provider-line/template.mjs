/**
 * The starter files of a new provider package (`pnpm new-provider <id>`): a src/index.ts, a
 * contract test and a README that follow PROVIDER-CONVENTIONS.md and pass as generated, against
 * placeholder endpoints on `<id>.example.com`. Every `TODO` must be replaced with the provider's
 * real endpoints, profile fields and documentation before the package is committed.
 */
import { envName } from "./facts.mjs"

export const PROTOCOLS = {
  oidc: "OpenID Connect",
  oauth2: "OAuth 2.0",
  oauth1: "OAuth 1.0a",
}

/** "azure-ad-b2c" -> "azureAdB2c" (the factory's local name in examples). */
export const camelCase = (id) =>
  id.replace(/[-_.]+([a-z0-9])/gi, (_, c) => c.toUpperCase()).replace(/^[0-9]/, "_$&")
/** "Azure AD B2C" -> "AzureADB2C" (the prefix of the Profile/Options types). */
export const typePrefix = (name, id) => {
  const fromName = name.replace(/[^A-Za-z0-9]+/g, "")
  const base = /^[A-Za-z]/.test(fromName) ? fromName : camelCase(id)
  return base[0].toUpperCase() + base.slice(1)
}

function doc({ id, name, protocol }) {
  const local = camelCase(id)
  return `/**
 * Sign in with ${name} (${PROTOCOLS[protocol]}).
 *
 * Setup: TODO: where to create the OAuth client, which settings to turn on, add the callback URL
 * below as a redirect URI, then copy the client id and secret.
 *
 * Callback URL: \`[origin]/api/auth/callback/${id}\`
 * Portal: https://${id}.example.com/TODO-developer-portal
 * Docs: https://${id}.example.com/TODO-docs
 * Required options: none
 *
 * @example
 * \`\`\`ts
 * import ${local} from "@auth/provider-${id}"
 * Auth({ providers: [${local}()] })
 * \`\`\`
 * @see https://${id}.example.com/TODO-docs
 */`
}

const STYLE = `style: { bg: "#ffffff", text: "#000000", bgDark: "#000000", textDark: "#ffffff" }, // TODO: brand colours`

function source(input) {
  const { id, name, protocol } = input
  const T = typePrefix(name, id)
  const host = `${id}.example.com`
  if (protocol === "oidc") {
    return `import { defineProvider } from "@auth/core"

// TODO: the real issuer; discovery is read once from <issuer>/.well-known/openid-configuration.
const ISSUER = "https://${host}"

/** Claims of ${name}'s id_token (TODO: link to the provider's claim reference). */
export interface ${T}Profile extends Record<string, unknown> {
  /** The account's stable, unique id: use it, never the email, to identify the person. */
  sub: string
  name?: string
  email?: string
  /** Whether ${name} verified the email: an unverified address becomes null. */
  email_verified?: boolean
  /** Profile picture URL. */
  picture?: string
}

${doc(input)}
export default defineProvider<${T}Profile>({
  id: "${id}",
  name: "${name}",
  type: "oidc",
  issuer: ISSUER,
  authorization: { params: { scope: "openid email profile" } },
  checks: ["pkce", "state", "nonce"],
  profile: (p) => ({
    id: String(p.sub),
    name: p.name ?? null,
    email: p.email_verified === false ? null : (p.email ?? null),
    image: p.picture ?? null,
  }),
  ${STYLE}
})
`
  }
  if (protocol === "oauth1") {
    return `import { defineProvider } from "@auth/core"
import { oauth1 } from "@auth/core/oauth1"

// TODO: the real OAuth 1.0a endpoints.
const REQUEST_TOKEN = "https://api.${host}/oauth/request_token"
const AUTHORIZE = "https://api.${host}/oauth/authorize"
const ACCESS_TOKEN = "https://api.${host}/oauth/access_token"
const PROFILE = "https://api.${host}/1/account"

/** The profile endpoint's answer (TODO: link to the provider's API reference). */
export interface ${T}Profile extends Record<string, unknown> {
  /** Stable account id (stored as a string). */
  id: string | number
  name?: string
  /** TODO: say whether ${name} returns an email and whether it is verified. */
  email?: string
  avatar_url?: string
}

${doc(input)}
export default defineProvider<${T}Profile>({
  id: "${id}",
  name: "${name}",
  type: "oauth",
  version: "1.0A",
  oauth1,
  requestTokenUrl: REQUEST_TOKEN,
  authorization: AUTHORIZE,
  accessTokenUrl: ACCESS_TOKEN,
  profileUrl: PROFILE,
  profile: (p) => ({ id: String(p.id), name: p.name ?? null, email: p.email ?? null, image: p.avatar_url ?? null }),
  ${STYLE}
})
`
  }
  return `import { defineProvider } from "@auth/core"

// TODO: the real endpoints.
const AUTHORIZE = "https://${host}/oauth2/authorize"
const TOKEN = "https://${host}/oauth2/token"
const USERINFO = "https://api.${host}/v1/me"

/** The userinfo endpoint's answer (TODO: link to the provider's API reference). */
export interface ${T}Profile extends Record<string, unknown> {
  /** Stable account id (stored as a string). */
  id: string | number
  name?: string
  email?: string
  /** Whether ${name} verified the email: an unverified address becomes null. */
  email_verified?: boolean
  avatar_url?: string
}

${doc(input)}
export default defineProvider<${T}Profile>({
  id: "${id}",
  name: "${name}",
  type: "oauth",
  // An explicit scope: a plain OAuth 2 provider must not get core's OIDC default ("openid ...").
  authorization: { url: AUTHORIZE, params: { scope: "profile email" } },
  token: TOKEN,
  userinfo: USERINFO,
  profile: (p) => ({
    id: String(p.id),
    name: p.name ?? null,
    email: p.email_verified === false ? null : (p.email ?? null),
    image: p.avatar_url ?? null,
  }),
  ${STYLE}
})
`
}

function test({ id, protocol }) {
  const local = camelCase(id)
  const host = `${id}.example.com`
  const head = `// TODO: payloads copied from ${id}'s documentation (happy path, no email, unverified email, errors, quirks).\n`
  if (protocol === "oidc") {
    return `${head}import { runProviderContract } from "@auth/testkit/contract"
import ${local} from "../src/index.js"

const ISSUER = "https://${host}"
const discovery = {
  issuer: ISSUER,
  authorization_endpoint: \`\${ISSUER}/oauth2/authorize\`,
  token_endpoint: \`\${ISSUER}/oauth2/token\`,
  userinfo_endpoint: \`\${ISSUER}/oauth2/userinfo\`,
  jwks_uri: \`\${ISSUER}/oauth2/jwks\`,
  response_types_supported: ["code"],
  subject_types_supported: ["public"],
  id_token_signing_alg_values_supported: ["RS256"],
  code_challenge_methods_supported: ["S256"],
}
const claims = { iss: ISSUER, sub: "248289761001", name: "Jane Doe", email: "jane@${host}", email_verified: true, picture: "https://${host}/jane.jpg" }

runProviderContract({
  provider: ${local}({ clientId: "${id}-client", clientSecret: "${id}-secret" }),
  discovery: { url: \`\${ISSUER}/.well-known/openid-configuration\`, document: discovery },
  authorization: { url: discovery.authorization_endpoint, params: { scope: "openid email profile", code_challenge_method: "S256" } },
  token: {
    url: discovery.token_endpoint,
    method: "POST",
    clientAuth: "client_secret_basic",
    body: { access_token: "${id}-at", token_type: "Bearer", expires_in: 3600 },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, name: "Jane Doe", email: claims.email, image: claims.picture },
  expectAccount: { providerAccountId: claims.sub, access_token: "${id}-at" },
  scenarios: [
    { name: "unverified email is not trusted", idTokenClaims: { ...claims, email_verified: false }, expectUser: { id: claims.sub, email: null } },
    { name: "no email claim", idTokenClaims: { iss: ISSUER, sub: claims.sub }, expectUser: { id: claims.sub, email: null } },
    {
      name: "token endpoint error -> TOKEN_ENDPOINT_ERROR",
      token: { status: 400, body: { error: "invalid_grant", error_description: "The authorization code is invalid or expired." } },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})
`
  }
  if (protocol === "oauth1") {
    return `${head}import { runOAuth1ProviderContract } from "@auth/testkit/contract"
import ${local} from "../src/index.js"

const me = { id: 4242, name: "Jane Doe", email: "jane@${host}", avatar_url: "https://${host}/jane.jpg" }

runOAuth1ProviderContract({
  provider: ${local}({ clientId: "${id}-consumer-key", clientSecret: "${id}-consumer-secret" }),
  requestToken: { url: "https://api.${host}/oauth/request_token" },
  authorization: { url: "https://api.${host}/oauth/authorize" },
  accessToken: { url: "https://api.${host}/oauth/access_token" },
  profile: { url: "https://api.${host}/1/account", body: me },
  expectUser: { id: "4242", name: "Jane Doe", email: me.email, image: me.avatar_url },
  expectAccount: { providerAccountId: "4242" },
  scenarios: [
    { name: "no email", profile: { body: { ...me, email: undefined } }, expectUser: { id: "4242", email: null } },
    {
      name: "access token refused -> TOKEN_ENDPOINT_ERROR",
      accessToken: { status: 401, body: "oauth_problem=token_rejected" },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})
`
  }
  return `${head}import { runProviderContract } from "@auth/testkit/contract"
import ${local} from "../src/index.js"

const me = { id: 4242, name: "Jane Doe", email: "jane@${host}", email_verified: true, avatar_url: "https://${host}/jane.jpg" }

runProviderContract({
  provider: ${local}({ clientId: "${id}-client", clientSecret: "${id}-secret" }),
  authorization: { url: "https://${host}/oauth2/authorize", params: { scope: "profile email" }, absentParams: ["nonce"] },
  token: {
    url: "https://${host}/oauth2/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: { access_token: "${id}-at", token_type: "bearer", expires_in: 3600 },
  },
  userinfo: { url: "https://api.${host}/v1/me", body: me },
  expectUser: { id: "4242", name: "Jane Doe", email: me.email, image: me.avatar_url },
  expectAccount: { providerAccountId: "4242", access_token: "${id}-at" },
  scenarios: [
    { name: "unverified email is not trusted", userinfo: { body: { ...me, email_verified: false } }, expectUser: { id: "4242", email: null } },
    { name: "no email", userinfo: { body: { id: 4242, name: "Jane Doe" } }, expectUser: { id: "4242", email: null } },
    {
      name: "token endpoint error -> TOKEN_ENDPOINT_ERROR",
      token: { status: 400, body: { error: "invalid_grant", error_description: "The authorization code is invalid or expired." } },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
    {
      name: "userinfo answers 401 -> USERINFO_ERROR",
      userinfo: { status: 401, body: { error: "invalid_token" } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
`
}

function readme({ id, name, protocol }) {
  const local = camelCase(id)
  return `# @auth/provider-${id}

Sign in with ${name} (${PROTOCOLS[protocol]}) for \`@auth/core\`. TODO: one paragraph: what ${name} is and what
the person gets (an email or not, verified or not).

\`\`\`ts
import { Auth } from "@auth/core"
import ${local} from "@auth/provider-${id}"

export const auth = Auth({ providers: [${local}()] }) // ${envName(id, "ID")}, ${envName(id, "SECRET")}
\`\`\`

1. TODO: create an OAuth client in ${name}'s developer portal.
2. Redirect URI: \`https://your.app/api/auth/callback/${id}\` (locally \`http://localhost:3000/api/auth/callback/${id}\`).
3. Put the client id and secret in \`${envName(id, "ID")}\` / \`${envName(id, "SECRET")}\`, or pass \`clientId\` / \`clientSecret\`.

TODO: options, quirks, how to get a refresh token.

<!-- generated:start -->
<!-- generated:end -->
`
}

const changeset = ({ id, name, protocol }) => `---
"@auth/provider-${id}": minor
---

First release of \`@auth/provider-${id}\`: sign in with ${name} (${PROTOCOLS[protocol]}).
`

/** path (relative to the repository root) -> content. */
export function starterFiles(input) {
  const dir = `packages/provider-${input.id}`
  return {
    [`${dir}/src/index.ts`]: source(input),
    [`${dir}/test/contract.test.ts`]: test(input),
    [`${dir}/README.md`]: readme(input),
    [`.changeset/provider-${input.id}.md`]: changeset(input),
  }
}
