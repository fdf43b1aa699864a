/**
 * The provider's JWKS as openid-client sees it, fetched through us so that
 * - its failures get their own codes (`JWKS_TIMEOUT`, `JWKS_ERROR`, `JWKS_INVALID`) instead of
 *   passing for token-endpoint errors, and
 * - a key rotation at the IdP costs no failed sign-in: when a token response carries an id_token
 *   whose `kid` the cached set does not have, the set is refetched at once (then at most once per
 *   `JWKS_REFRESH_COOLDOWN_MS`, so forged `kid`s cannot make us hammer the IdP).
 *
 * openid-client (oauth4webapi) keeps the parsed set it got from us and reads its `keys` on every
 * verification; a refresh replaces that array's contents in place, which it then sees.
 */
import { fromBase64url } from "../crypto/encoding.js"
import { AuthError } from "../errors/index.js"
import { isTimeout } from "../http/timeout.js"
import type { ResolvedProvider } from "../providers/types.js"

export const JWKS_REFRESH_COOLDOWN_MS = 60_000

interface JwkSet {
  keys: Array<{ kid?: string; [k: string]: unknown }>
}

/** The `kid` of a compact JWS header, or undefined when it has none or is not a JWS. */
function kidOf(jwt: unknown): string | undefined {
  if (typeof jwt !== "string") return undefined
  const head = jwt.slice(0, jwt.indexOf("."))
  try {
    const header = JSON.parse(new TextDecoder().decode(fromBase64url(head))) as { kid?: unknown }
    return typeof header.kid === "string" ? header.kid : undefined
  } catch {
    return undefined
  }
}

export class JwksStore {
  /** The set openid-client verifies with (and ID-token sign-in, through `jwksKeys`). */
  live: JwkSet | undefined
  #lastForced = -Infinity
  #refreshing: Promise<void> | undefined

  constructor(
    private readonly provider: ResolvedProvider,
    readonly url: string,
  ) {}

  /** build request -> send -> validate: the key set, strictly, with JWKS_* codes. */
  async download(init?: RequestInit): Promise<JwkSet> {
    const { provider, url } = this
    const fail = (
      code: "JWKS_TIMEOUT" | "JWKS_ERROR" | "JWKS_INVALID",
      message: string,
      cause?: unknown,
    ) => new AuthError("OAuthCallbackError", { code, providerId: provider.id, cause, message })
    let text: string
    let status: number
    try {
      const response = await provider.fetch(url, {
        ...init,
        method: "GET",
        headers: { accept: "application/json, application/jwk-set+json" },
        redirect: "manual",
      })
      status = response.status
      text = await response.text()
    } catch (cause) {
      if (isTimeout(cause)) {
        throw fail(
          "JWKS_TIMEOUT",
          `The JWKS endpoint of "${provider.id}" (${url}) did not answer within ${provider.httpTimeout} ms. The provider may be down; raise \`httpTimeout\` only if it is just slow.`,
          cause,
        )
      }
      throw fail(
        "JWKS_ERROR",
        `The JWKS endpoint of "${provider.id}" (${url}) could not be reached (${(cause as Error)?.message ?? cause}). Check network access to the provider.`,
        cause,
      )
    }
    if (status !== 200) {
      throw fail(
        "JWKS_ERROR",
        `The JWKS endpoint of "${provider.id}" (${url}) answered HTTP ${status}. The provider may be down (5xx), or \`jwks_uri\` in its discovery document is wrong.`,
      )
    }
    let jwks: JwkSet
    try {
      jwks = JSON.parse(text) as JwkSet
    } catch (cause) {
      throw fail(
        "JWKS_INVALID",
        `The JWKS endpoint of "${provider.id}" (${url}) did not answer with JSON (${JSON.stringify(text.slice(0, 60))}).`,
        cause,
      )
    }
    if (
      !jwks ||
      typeof jwks !== "object" ||
      !Array.isArray(jwks.keys) ||
      !jwks.keys.every((k) => k && typeof k === "object")
    ) {
      throw fail(
        "JWKS_INVALID",
        `The JWKS of "${provider.id}" (${url}) has no "keys" array of keys.`,
      )
    }
    return jwks
  }

  /** Answers openid-client's JWKS request; the parsed set it gets is the one we keep live. */
  async respond(init?: RequestInit): Promise<Response> {
    const jwks = await this.download(init)
    this.live = jwks
    const response = new Response(JSON.stringify(jwks), {
      status: 200,
      headers: { "content-type": "application/json" },
    })
    Object.defineProperty(response, "json", { value: async () => jwks })
    return response
  }

  /** Called with each token response before openid-client validates it. */
  beforeIdToken(idToken: unknown): Promise<void> {
    return this.refreshFor(kidOf(idToken))
  }

  async refreshFor(kid: string | undefined): Promise<void> {
    const live = this.live
    if (kid === undefined || !live || live.keys.some((k) => k.kid === kid)) return
    if (this.#refreshing) return this.#refreshing
    if (Date.now() - this.#lastForced < JWKS_REFRESH_COOLDOWN_MS) return
    this.#lastForced = Date.now()
    this.#refreshing = this.download()
      .then((fresh) => {
        live.keys.splice(0, live.keys.length, ...fresh.keys)
      })
      .finally(() => {
        this.#refreshing = undefined
      })
    return this.#refreshing
  }
}

/**
 * The keys to verify a JWS whose header names `kid` (ID-token sign-in): downloaded on first use,
 * refetched once for an unknown kid (same cooldown as the redirect flow).
 */
export async function jwksKeys(store: JwksStore, kid: string | undefined): Promise<JwkSet["keys"]> {
  store.live ??= await store.download()
  await store.refreshFor(kid)
  return store.live.keys
}
