import { createHash, createPublicKey, randomBytes, verify, type JsonWebKey } from "node:crypto"

export interface Discovery {
  issuer: string
  authorization_endpoint: string
  token_endpoint: string
  userinfo_endpoint: string
  jwks_uri: string
  end_session_endpoint: string
  [key: string]: unknown
}

export async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`)
  if (res.status !== 200) throw new Error(`discovery failed: ${res.status}`)
  return (await res.json()) as Discovery
}

export const b64url = (buf: Buffer) => buf.toString("base64url")

export interface CallbackRecord {
  method: string
  url: string
  params: URLSearchParams
  cookie: string
  origin: string | null
}

export interface AuthRequestRecord {
  state: string
  nonce: string
  codeVerifier: string
  authorizationUrl: string
}

export interface FakeAppOptions {
  discovery: Discovery
  clientId: string
  redirectUri: string
  responseMode?: "query" | "form_post"
  scope?: string
  /** Extra Set-Cookie headers sent with the redirect to the OP (e.g. SameSite variants). */
  cookiesOnLogin?: string[]
  /** Omit PKCE from the authorization request. */
  noPkce?: boolean
  /** Extra authorization request parameters (e.g. prompt). */
  extraParams?: Record<string, string>
}

/**
 * A tiny hand-written relying party: /login starts the authorization request, /callback records
 * what it received (GET or POST), then redirects to /done, which records its cookies too.
 */
export function createFakeApp(options: FakeAppOptions) {
  const callbacks: CallbackRecord[] = []
  const doneCookies: string[] = []
  const authRequests: AuthRequestRecord[] = []

  const handler = async (req: Request): Promise<Response> => {
    const url = new URL(req.url)
    if (url.pathname === "/login") {
      const state = b64url(randomBytes(16))
      const nonce = b64url(randomBytes(16))
      const codeVerifier = b64url(randomBytes(32))
      const codeChallenge = b64url(createHash("sha256").update(codeVerifier).digest())
      const auth = new URL(options.discovery.authorization_endpoint)
      auth.searchParams.set("client_id", options.clientId)
      auth.searchParams.set("redirect_uri", options.redirectUri)
      auth.searchParams.set("response_type", "code")
      auth.searchParams.set("scope", options.scope ?? "openid email profile")
      auth.searchParams.set("state", state)
      auth.searchParams.set("nonce", nonce)
      if (!options.noPkce) {
        auth.searchParams.set("code_challenge", codeChallenge)
        auth.searchParams.set("code_challenge_method", "S256")
      }
      if (options.responseMode) auth.searchParams.set("response_mode", options.responseMode)
      for (const [k, v] of Object.entries(options.extraParams ?? {})) auth.searchParams.set(k, v)
      const hint = url.searchParams.get("login_hint")
      if (hint) auth.searchParams.set("login_hint", hint)
      authRequests.push({ state, nonce, codeVerifier, authorizationUrl: auth.href })
      const headers = new Headers({ location: auth.href })
      for (const c of options.cookiesOnLogin ?? []) headers.append("set-cookie", c)
      return new Response(null, { status: 302, headers })
    }
    if (url.pathname === "/callback") {
      const params =
        req.method === "POST" ? new URLSearchParams(await req.text()) : url.searchParams
      callbacks.push({
        method: req.method,
        url: req.url,
        params,
        cookie: req.headers.get("cookie") ?? "",
        origin: req.headers.get("origin"),
      })
      return new Response(null, {
        status: 303,
        headers: {
          location: "/done",
          "set-cookie": "app_session=signed-in; Path=/; HttpOnly; SameSite=Lax",
        },
      })
    }
    if (url.pathname === "/done") {
      doneCookies.push(req.headers.get("cookie") ?? "")
      return new Response("<!DOCTYPE html><p>Signed in</p>", {
        status: 200,
        headers: { "content-type": "text/html" },
      })
    }
    return new Response("not found", { status: 404 })
  }

  return { handler, callbacks, doneCookies, authRequests }
}

export async function exchangeCode(
  discovery: Discovery,
  client: { id: string; secret: string; redirectUri: string },
  code: string,
  codeVerifier: string | undefined,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: client.redirectUri,
  })
  if (codeVerifier !== undefined) body.set("code_verifier", codeVerifier)
  const res = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body,
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

export function decodeJwt(jwt: string): {
  header: Record<string, unknown>
  payload: Record<string, unknown>
} {
  const [h, p] = jwt.split(".")
  return {
    header: JSON.parse(Buffer.from(h!, "base64url").toString("utf8")) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p!, "base64url").toString("utf8")) as Record<string, unknown>,
  }
}

/** Verifies an RS256/ES256 JWS against the OP's JWKS. */
export async function verifyJwtSignature(jwt: string, jwksUri: string): Promise<boolean> {
  const { header } = decodeJwt(jwt)
  const jwks = (await (await fetch(jwksUri)).json()) as {
    keys: Array<JsonWebKey & { kid?: string }>
  }
  const jwk = jwks.keys.find((k) => k.kid === header.kid)
  if (!jwk) throw new Error(`no key ${String(header.kid)} in JWKS`)
  if ("d" in jwk) throw new Error("JWKS exposes a private key")
  const [h, p, s] = jwt.split(".")
  const key = createPublicKey({ key: jwk, format: "jwk" })
  const data = Buffer.from(`${h}.${p}`)
  const signature = Buffer.from(s!, "base64url")
  if (header.alg === "RS256") return verify("sha256", data, key, signature)
  if (header.alg === "ES256")
    return verify("sha256", data, { key, dsaEncoding: "ieee-p1363" }, signature)
  throw new Error(`unexpected alg ${String(header.alg)}`)
}
