import {
  generateKeyPair,
  randomBytes,
  randomUUID,
  type JsonWebKey,
  type KeyObject,
} from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import { isLoopbackHost, listenLoopback } from "./loopback-server.js"
import { promisify } from "node:util"
import type { InteractionDetails } from "oidc-provider"

/** A user of the test OpenID Provider. Every property except `password` is a claim. */
export interface TestUser {
  sub: string
  email?: string
  email_verified?: boolean
  name?: string
  picture?: string
  [claim: string]: unknown
  /** Password for `login: "form"` mode. Defaults to `"password"`. Never returned as a claim. */
  password?: string
}

/** A client (relying party) registered at the test OpenID Provider. */
export interface TestClient {
  client_id: string
  client_secret?: string
  redirect_uris: string[]
  /** Defaults to `client_secret_basic` when `client_secret` is set, else `none`. */
  token_endpoint_auth_method?: "client_secret_basic" | "client_secret_post" | "none"
  /** Defaults to `["code"]`. */
  response_types?: string[]
  /** Defaults to `["authorization_code", "refresh_token"]`. */
  grant_types?: string[]
  /** Defaults to `RS256`. `ES256` is also available (an EC P-256 key is generated too). */
  id_token_signed_response_alg?: string
  /** Allowed `post_logout_redirect_uri` values for RP-initiated logout. */
  post_logout_redirect_uris?: string[]
}

export interface StartOidcProviderOptions {
  clients: TestClient[]
  /** Defaults to `defaultTestUsers()` (alice and bob). */
  users?: TestUser[]
  /**
   * `"auto"` (default): no UI. Login completes for the user matching the `login_hint` parameter
   * (by `sub` or `email`), or else the first user; consent for everything requested is granted.
   * `"form"`: HTML login form (login = sub or email, password = user's `password`, default `"password"`)
   * then an HTML consent form.
   */
  login?: "auto" | "form"
  /** Defaults to a random free port. */
  port?: number
  /** Loopback only: `127.0.0.1` (default), another `127.x.y.z`, `::1` or `localhost`. */
  host?: string
  /** Defaults to `"optional"`: PKCE is then required of no client, not even public ones. */
  pkce?: "required" | "optional"
  /** Defaults to `["openid", "email", "profile", "offline_access"]`. */
  issuedScopes?: string[]
}

export interface RunningOidcProvider {
  /** e.g. `http://127.0.0.1:41234`, no trailing slash. */
  issuer: string
  port: number
  users: TestUser[]
  /** Closes the server and every open connection (keep-alive ones too). Idempotent. */
  stop(): Promise<void>
  /** The `oidc-provider` instance, for advanced tests. */
  provider: unknown
}

export const DEFAULT_TEST_PASSWORD = "password"

/** The users used when `users` is not given: alice (verified email) and bob (unverified email). */
export function defaultTestUsers(): TestUser[] {
  return [
    {
      sub: "alice",
      email: "alice@example.test",
      email_verified: true,
      name: "Alice Example",
      given_name: "Alice",
      family_name: "Example",
      preferred_username: "alice",
      picture: "https://example.test/avatars/alice.png",
    },
    {
      sub: "bob",
      email: "bob@example.test",
      email_verified: false,
      name: "Bob Example",
      given_name: "Bob",
      family_name: "Example",
      preferred_username: "bob",
      picture: "https://example.test/avatars/bob.png",
    },
  ]
}

// Standard claims (OpenID Connect Core 5.4) per scope.
const STANDARD_SCOPE_CLAIMS: Record<string, string[]> = {
  profile: [
    "name",
    "family_name",
    "given_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "updated_at",
  ],
  email: ["email", "email_verified"],
  address: ["address"],
  phone: ["phone_number", "phone_number_verified"],
}

const PROTOCOL_CLAIMS = new Set([
  "sub",
  "password",
  "iss",
  "aud",
  "exp",
  "iat",
  "nbf",
  "jti",
  "nonce",
  "auth_time",
  "acr",
  "amr",
  "azp",
  "at_hash",
  "c_hash",
  "s_hash",
  "sid",
])

const DEFAULT_SCOPES = ["openid", "email", "profile", "offline_access"]

const CLIENT_AUTH_ROUTES = new Set([
  "token",
  "introspection",
  "revocation",
  "pushed_authorization_request",
  "backchannel_authentication",
  "device_authorization",
])

interface KoaLikeContext {
  status: number
  body: unknown
  get(header: string): string
  oidc?: { route?: string; client?: { clientAuthMethod?: string }; body?: Record<string, unknown> }
}

const generateKeyPairAsync = promisify(generateKeyPair) as unknown as (
  type: "rsa" | "ec",
  options: { modulusLength?: number; namedCurve?: string },
) => Promise<{ publicKey: KeyObject; privateKey: KeyObject }>

async function generateJwks(): Promise<{ keys: JsonWebKey[] }> {
  const [rsa, ec] = await Promise.all([
    generateKeyPairAsync("rsa", { modulusLength: 2048 }),
    generateKeyPairAsync("ec", { namedCurve: "P-256" }),
  ])
  const jwk = (key: KeyObject): JsonWebKey => ({
    ...key.export({ format: "jwk" }),
    use: "sig",
    kid: randomUUID(),
  })
  // RSA first: it is the key used for RS256, the default id_token algorithm.
  return { keys: [jwk(rsa.privateKey), jwk(ec.privateKey)] }
}

// ---------------------------------------------------------------------------------------------
// Storage adapter: a private in-memory store per provider instance (oidc-provider's own memory
// adapter is process-global and announces itself with a warning).

interface StoredEntry {
  payload: Record<string, unknown>
  expiresAt: number | undefined
}

interface Store {
  entries: Map<string, StoredEntry>
  sessionUids: Map<string, string>
  userCodes: Map<string, string>
  grants: Map<string, Set<string>>
}

const GRANT_BOUND_MODELS = new Set([
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
])

class TestStoreAdapter {
  constructor(
    private readonly model: string,
    private readonly store: Store,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`
  }

  private read(key: string): Record<string, unknown> | undefined {
    const entry = this.store.entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.store.entries.delete(key)
      return undefined
    }
    return entry.payload
  }

  async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
    const key = this.key(id)
    const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : undefined
    this.store.entries.set(key, { payload, expiresAt })
    if (this.model === "Session" && typeof payload.uid === "string")
      this.store.sessionUids.set(payload.uid, id)
    if (typeof payload.userCode === "string") this.store.userCodes.set(payload.userCode, id)
    if (GRANT_BOUND_MODELS.has(this.model) && typeof payload.grantId === "string") {
      let members = this.store.grants.get(payload.grantId)
      if (!members) this.store.grants.set(payload.grantId, (members = new Set()))
      members.add(key)
    }
  }

  async find(id: string): Promise<Record<string, unknown> | undefined> {
    return this.read(this.key(id))
  }

  async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
    const id = this.store.sessionUids.get(uid)
    return id === undefined ? undefined : this.find(id)
  }

  async findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
    const id = this.store.userCodes.get(userCode)
    return id === undefined ? undefined : this.find(id)
  }

  async consume(id: string): Promise<void> {
    const payload = this.read(this.key(id))
    if (payload) payload.consumed = Math.floor(Date.now() / 1000)
  }

  async destroy(id: string): Promise<void> {
    this.store.entries.delete(this.key(id))
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const members = this.store.grants.get(grantId)
    if (!members) return
    for (const key of members) this.store.entries.delete(key)
    this.store.grants.delete(grantId)
  }
}

// ---------------------------------------------------------------------------------------------
// Interactions (login and consent), served by this module rather than oidc-provider's devInteractions.

const escapeHtml = (value: unknown): string =>
  String(value).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  )

function page(title: string, body: string, script = ""): string {
  return `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${script ? `<script>${script}</script>` : ""}</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`
}

function loginPage(
  uid: string,
  details: InteractionDetails,
  login: string,
  error?: string,
): string {
  const clientId = String(details.params.client_id ?? "")
  return page(
    "Sign-in",
    `<p>Sign in to continue to <strong>${escapeHtml(clientId)}</strong>.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>\n` : ""}<form method="post" action="/interaction/${escapeHtml(uid)}/login">
  <label>Login <input type="text" name="login" value="${escapeHtml(login)}" autocomplete="username" required></label>
  <label>Password <input type="password" name="password" value="" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort">
  <button type="submit">Cancel</button>
</form>`,
  )
}

function consentPage(uid: string, details: InteractionDetails): string {
  const clientId = String(details.params.client_id ?? "")
  const scopes = details.prompt.details.missingOIDCScope ?? []
  const claims = details.prompt.details.missingOIDCClaims ?? []
  const items = [...scopes.map((s) => `scope: ${s}`), ...claims.map((c) => `claim: ${c}`)]
  return page(
    "Authorize",
    `<p><strong>${escapeHtml(clientId)}</strong> is requesting access to your account (${escapeHtml(details.session?.accountId ?? "")}).</p>
<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm">
  <button type="submit">Continue</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort">
  <button type="submit">Cancel</button>
</form>`,
  )
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.statusCode = status
  res.setHeader("Content-Type", "text/html; charset=utf-8")
  res.setHeader("Cache-Control", "no-store")
  res.end(html)
}

async function readForm(req: IncomingMessage, limit = 64 * 1024): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > limit) throw Object.assign(new Error("request body too large"), { statusCode: 413 })
    chunks.push(buf)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"))
}

function findUser(users: TestUser[], login: string): TestUser | undefined {
  const l = login.trim()
  if (!l) return undefined
  return (
    users.find((u) => u.sub === l) ??
    users.find((u) => typeof u.email === "string" && u.email.toLowerCase() === l.toLowerCase())
  )
}

// ---------------------------------------------------------------------------------------------

/** Starts a real `oidc-provider` on a loopback address. */
export async function startOidcProvider(
  options: StartOidcProviderOptions,
): Promise<RunningOidcProvider> {
  const host = options.host ?? "127.0.0.1"
  if (!isLoopbackHost(host)) {
    throw new Error(
      `startOidcProvider: host must be a loopback address (127.0.0.1, ::1 or localhost), got ${JSON.stringify(host)}`,
    )
  }
  const loginMode = options.login ?? "auto"
  const users = (options.users ?? defaultTestUsers()).map((u) => ({ ...u }))
  if (users.length === 0) throw new Error("startOidcProvider: at least one user is required")
  const subs = new Set<string>()
  for (const u of users) {
    if (typeof u.sub !== "string" || !u.sub)
      throw new Error("startOidcProvider: every user needs a non-empty string `sub`")
    if (subs.has(u.sub))
      throw new Error(`startOidcProvider: duplicate user sub ${JSON.stringify(u.sub)}`)
    subs.add(u.sub)
  }

  const issuedScopes = [...new Set(["openid", ...(options.issuedScopes ?? DEFAULT_SCOPES)])]

  // Scope -> claims. Non-standard claims found on the users are released with the `openid` scope.
  const standardClaims = new Set(Object.values(STANDARD_SCOPE_CLAIMS).flat())
  const customClaims = new Set<string>()
  for (const u of users)
    for (const k of Object.keys(u))
      if (!PROTOCOL_CLAIMS.has(k) && !standardClaims.has(k)) customClaims.add(k)
  const claims: Record<string, string[]> = { openid: ["sub", ...customClaims] }
  for (const scope of issuedScopes) {
    const mapped = STANDARD_SCOPE_CLAIMS[scope]
    if (mapped) claims[scope] = mapped
  }

  const clients = options.clients.map((c) => {
    const metadata: Record<string, unknown> = {
      client_id: c.client_id,
      redirect_uris: c.redirect_uris,
      token_endpoint_auth_method:
        c.token_endpoint_auth_method ?? (c.client_secret ? "client_secret_basic" : "none"),
      response_types: c.response_types ?? ["code"],
      grant_types: c.grant_types ?? ["authorization_code", "refresh_token"],
      id_token_signed_response_alg: c.id_token_signed_response_alg ?? "RS256",
    }
    if (c.client_secret !== undefined) metadata.client_secret = c.client_secret
    if (c.post_logout_redirect_uris)
      metadata.post_logout_redirect_uris = c.post_logout_redirect_uris
    return metadata
  })

  const store: Store = {
    entries: new Map(),
    sessionUids: new Map(),
    userCodes: new Map(),
    grants: new Map(),
  }
  const jwks = await generateJwks()

  // Listen first: the issuer has to contain the actual port.
  const { server, port, origin: issuer, stop } = await listenLoopback(host, options.port)

  const autoSubmitScript =
    "document.addEventListener('DOMContentLoaded', function () { document.forms[0].submit() })"

  // Loaded lazily so that importing this package (e.g. only for TestBrowser) does not load oidc-provider.
  let provider: import("oidc-provider").default
  try {
    const { default: Provider } = await import("oidc-provider")
    provider = new Provider(issuer, {
      adapter: (model: string) => new TestStoreAdapter(model, store),
      jwks,
      clients,
      claims,
      scopes: issuedScopes,
      conformIdTokenClaims: false,
      cookies: {
        keys: [randomBytes(32).toString("base64url")],
      },
      pkce: { required: () => options.pkce === "required" },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          // `form` is the provider's <form> (with its xsrf input); add the confirmation to it.
          logoutSource: async (ctx: { body: unknown }, form: string) => {
            const confirmed = form.replace(
              /<\/form>\s*$/,
              `<input type="hidden" name="logout" value="yes"/>${loginMode === "form" ? '<button type="submit">Sign out</button>' : ""}</form>`,
            )
            ctx.body = page("Sign out", confirmed, loginMode === "auto" ? autoSubmitScript : "")
          },
          postLogoutSuccessSource: async (ctx: { body: unknown }) => {
            ctx.body = page("Signed out", "<p>You are signed out.</p>")
          },
        },
      },
      interactions: {
        url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
      },
      findAccount: async (_ctx: unknown, sub: string) => {
        const user = users.find((u) => u.sub === sub)
        if (!user) return undefined
        return {
          accountId: user.sub,
          claims: async () => {
            const { password: _password, ...userClaims } = user
            return userClaims
          },
        }
      },
      renderError: async (ctx: { type: string; body: unknown }, out: Record<string, unknown>) => {
        ctx.type = "html"
        ctx.body = page(
          "Error",
          Object.entries(out)
            .map(
              ([k, v]) =>
                `<p><strong>${escapeHtml(k)}</strong>: <span class="${escapeHtml(k)}">${escapeHtml(v)}</span></p>`,
            )
            .join("\n"),
        )
      },
      clientBasedCORS: () => true,
      ttl: {
        AccessToken: 3600,
        AuthorizationCode: 600,
        BackchannelAuthenticationRequest: 600,
        ClientCredentials: 600,
        DeviceCode: 600,
        Grant: 14 * 24 * 3600,
        IdToken: 3600,
        Interaction: 3600,
        PreAuthorizedCode: 600,
        RefreshToken: 14 * 24 * 3600,
        Session: 14 * 24 * 3600,
      },
    })
  } catch (err) {
    await stop()
    throw err
  }

  // oidc-provider accepts client_secret_basic and client_secret_post interchangeably for a client
  // registered with either. A test OP should catch a client library using the wrong one, so the
  // registered method is enforced here (after the fact: the response is replaced by invalid_client).
  provider.use(async (ctx: KoaLikeContext, next: () => Promise<void>) => {
    await next()
    const oidc = ctx.oidc
    if (!oidc || !CLIENT_AUTH_ROUTES.has(oidc.route ?? "")) return
    const registered = oidc.client?.clientAuthMethod
    if (registered !== "client_secret_basic" && registered !== "client_secret_post") return
    const used = /^basic\s/i.test(ctx.get("authorization"))
      ? "client_secret_basic"
      : oidc.body?.client_secret !== undefined
        ? "client_secret_post"
        : undefined
    if (used === undefined || used === registered) return
    ctx.status = 401
    ctx.body = {
      error: "invalid_client",
      error_description: `client authentication failed: the client is registered with token_endpoint_auth_method=${registered} but used ${used}`,
    }
  })

  const providerCallback = provider.callback()

  const finishLogin = (req: IncomingMessage, res: ServerResponse, user: TestUser) =>
    provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.sub } },
      { mergeWithLastSubmission: false },
    )

  const finishConsent = async (
    req: IncomingMessage,
    res: ServerResponse,
    details: InteractionDetails,
  ) => {
    const accountId = details.session?.accountId
    if (!accountId)
      throw Object.assign(new Error("consent requested without a signed-in account"), {
        statusCode: 400,
      })
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId: String(details.params.client_id) })
    if (!grant) throw Object.assign(new Error("grant not found"), { statusCode: 400 })
    const { missingOIDCScope, missingOIDCClaims, missingResourceScopes, rar } =
      details.prompt.details
    if (missingOIDCScope?.length) grant.addOIDCScope(missingOIDCScope.join(" "))
    if (missingOIDCClaims?.length) grant.addOIDCClaims(missingOIDCClaims)
    if (missingResourceScopes)
      for (const [indicator, scopes] of Object.entries(missingResourceScopes))
        grant.addResourceScope(indicator, scopes.join(" "))
    if (rar) for (const detail of rar) grant.addRar(detail)
    const grantId = await grant.save()
    await provider.interactionFinished(
      req,
      res,
      { consent: { grantId } },
      { mergeWithLastSubmission: true },
    )
  }

  const handleInteraction = async (
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    action: string | undefined,
  ) => {
    const details = await provider.interactionDetails(req, res)
    if (details.uid !== uid)
      throw Object.assign(new Error("interaction mismatch"), { statusCode: 400 })
    const prompt = details.prompt.name
    const method = req.method ?? "GET"

    if (action === "abort" && method === "POST") {
      await provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "End-User aborted interaction" },
        { mergeWithLastSubmission: false },
      )
      return
    }

    if (!action && (method === "GET" || method === "HEAD")) {
      if (loginMode === "auto") {
        if (prompt === "login") {
          const hint =
            typeof details.params.login_hint === "string" ? details.params.login_hint : ""
          await finishLogin(req, res, findUser(users, hint) ?? users[0]!)
          return
        }
        if (prompt === "consent") {
          await finishConsent(req, res, details)
          return
        }
      } else {
        if (prompt === "login") {
          const hint =
            typeof details.params.login_hint === "string" ? details.params.login_hint : ""
          sendHtml(res, 200, loginPage(uid, details, hint))
          return
        }
        if (prompt === "consent") {
          sendHtml(res, 200, consentPage(uid, details))
          return
        }
      }
      throw Object.assign(new Error(`unsupported prompt ${prompt}`), { statusCode: 501 })
    }

    if (action === "login" && method === "POST") {
      if (prompt !== "login")
        throw Object.assign(new Error(`interaction expects prompt ${prompt}, not login`), {
          statusCode: 400,
        })
      const body = await readForm(req)
      const login = body.get("login") ?? ""
      const user = findUser(users, login)
      if (!user || (body.get("password") ?? "") !== (user.password ?? DEFAULT_TEST_PASSWORD)) {
        sendHtml(res, 401, loginPage(uid, details, login, "Invalid login or password."))
        return
      }
      await finishLogin(req, res, user)
      return
    }

    if (action === "confirm" && method === "POST") {
      if (prompt !== "consent")
        throw Object.assign(new Error(`interaction expects prompt ${prompt}, not consent`), {
          statusCode: 400,
        })
      await finishConsent(req, res, details)
      return
    }

    throw Object.assign(new Error("not found"), { statusCode: 404 })
  }

  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0]!
    const match = /^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?\/?$/.exec(path)
    if (!match) {
      providerCallback(req, res)
      return
    }
    handleInteraction(req, res, decodeURIComponent(match[1]!), match[2]).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      const e = err as {
        statusCode?: number
        status?: number
        error?: string
        error_description?: string
        message?: string
      }
      const status = e.statusCode ?? e.status ?? 500
      sendHtml(
        res,
        status,
        page(
          "Error",
          `<p><strong>error</strong>: <span class="error">${escapeHtml(e.error ?? "server_error")}</span></p>
<p><strong>error_description</strong>: <span class="error_description">${escapeHtml(e.error_description ?? e.message ?? "")}</span></p>`,
        ),
      )
    })
  })

  return { issuer, port, users, stop, provider }
}
