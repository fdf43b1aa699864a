/**
 * `runProviderContract`: the contract test every OAuth 2 / OpenID Connect provider package runs.
 *
 * A provider's test is data: what the sign-in redirect must look like, what the token and
 * userinfo endpoints answer (nock on the provider's real hostnames), and what User/Account the
 * sign-in must produce. The runner drives the real `Auth().handler`: CSRF -> POST signin/:id ->
 * callback, and asserts every request the provider receives (method, client authentication,
 * body, bearer token). OIDC providers get a real RS256-signed id_token and a JWKS endpoint.
 */
import type { Account, OAuthConfig, User } from "@auth/core"
import { SignJWT, exportJWK, generateKeyPair } from "jose"
import nock from "nock"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { ORIGIN, signInHarness, type ContractEndpoint } from "./harness.js"

type Json = Record<string, unknown>

export interface ContractScenario {
  name: string
  /** Overrides merged into the provider for this scenario only. */
  token?: Partial<ContractEndpoint>
  userinfo?: Partial<ContractEndpoint> | null
  extraRequests?: ContractEndpoint[]
  /** Claims of the id_token the token endpoint returns (signed by the runner); null: no id_token. */
  idTokenClaims?: Json | null
  /** Extra callback query parameters (e.g. `iss`); `false` removes the default ones. */
  callbackParams?: Record<string, string | false>
  expectUser?: Partial<User>
  expectAccount?: Partial<Account>
  /** Sign the id_token with a key the provider's JWKS does not have (a forgery). */
  foreignSignature?: boolean
  /**
   * The sign-in must fail with this error (redirect to the error page, no session). `message`, when
   * given, must match the logged error's message or its cause's.
   */
  expectError?: { type: string; code: string; message?: RegExp }
}

export interface ProviderContract {
  provider: OAuthConfig<any>
  /** What the redirect to the provider must look like. */
  authorization: { url: string; params?: Record<string, string>; absentParams?: string[] }
  /** Served at the provider's discovery URL (OIDC providers). */
  discovery?: { url: string; document: Json }
  /** Where the runner serves the JWKS for signed id_tokens (defaults to discovery's jwks_uri). */
  jwksUri?: string
  token: ContractEndpoint & {
    /** How the client must authenticate: HTTP Basic, client_secret_post, or not at all. */
    clientAuth: "client_secret_basic" | "client_secret_post" | "none"
    /** Extra body parameters the token request must carry. */
    expectBody?: Record<string, string>
    /**
     * The client secret the token request must carry. Default: the provider's `clientSecret` when it is
     * a string; any non-empty secret when it is a function (a dynamic secret).
     */
    expectClientSecret?: string
  }
  userinfo?: ContractEndpoint | null
  /** Requests the provider makes after userinfo (e.g. GitHub's /user/emails). */
  extraRequests?: ContractEndpoint[]
  idTokenClaims?: Json
  /**
   * How the runner signs id_tokens: "RS256" (default; JWKS served) or "HS256" (MACed with the provider's
   * `clientSecret`, as LINE does; `foreignSignature` then uses another secret).
   */
  idTokenAlg?: "RS256" | "HS256"
  /** `iss` the provider adds to the callback (RFC 9207), if it does. */
  callbackIssuer?: string
  /** Extra parameters the provider adds to every callback (e.g. VK ID's `device_id`). */
  callbackParams?: Record<string, string>
  expectUser: Partial<User>
  expectAccount?: Partial<Account>
  /** Quirks: more scenarios with their own responses and expectations. */
  scenarios?: ContractScenario[]
}

function interceptor(
  endpoint: ContractEndpoint,
  onRequest: (req: { headers: Record<string, string>; body: string; url: URL }) => void,
) {
  const url = new URL(endpoint.url)
  const method = (endpoint.method ?? "GET").toLowerCase() as "get" | "post"
  const scope = nock(url.origin)
  const path = (uri: string) => uri.split("?")[0] === url.pathname
  return scope[method](path).reply(function (uri, body) {
    const headers: Record<string, string> = {}
    for (const [k, v] of Object.entries(this.req.headers))
      headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v)
    onRequest({
      headers,
      body: typeof body === "string" ? body : JSON.stringify(body ?? ""),
      url: new URL(uri, url.origin),
    })
    const payload =
      typeof endpoint.body === "string" ? endpoint.body : JSON.stringify(endpoint.body ?? {})
    const contentType = typeof endpoint.body === "string" ? "text/html" : "application/json"
    return [endpoint.status ?? 200, payload, { "content-type": contentType, ...endpoint.headers }]
  })
}

function assertHeaders(
  actual: Record<string, string>,
  expected: Record<string, string | RegExp> | undefined,
  label: string,
) {
  for (const [name, value] of Object.entries(expected ?? {})) {
    const got = actual[name.toLowerCase()]
    if (value instanceof RegExp) expect(got, `${label}: header ${name}`).toMatch(value)
    else expect(got, `${label}: header ${name}`).toBe(value)
  }
}

/** Registers the contract's tests with vitest (call at the top level of a test file). */
export function runProviderContract(contract: ProviderContract): void {
  const provider = contract.provider
  const id = provider.id
  let signingKey: CryptoKey
  let foreignKey: CryptoKey
  let jwk: Json

  describe(`provider contract: ${id}`, () => {
    beforeAll(async () => {
      nock.disableNetConnect()
      const pair = await generateKeyPair("RS256", { extractable: true })
      signingKey = pair.privateKey
      foreignKey = (await generateKeyPair("RS256")).privateKey
      jwk = { ...(await exportJWK(pair.publicKey)), kid: "contract-key", alg: "RS256", use: "sig" }
    })
    afterEach(() => {
      nock.cleanAll()
    })
    afterAll(() => {
      nock.enableNetConnect()
    })

    function serveDiscovery() {
      if (contract.discovery) {
        const d = new URL(contract.discovery.url)
        nock(d.origin)
          .get(d.pathname + d.search)
          .reply(200, contract.discovery.document, { "content-type": "application/json" })
          .persist()
      }
      const jwksUri =
        contract.jwksUri ?? (contract.discovery?.document.jwks_uri as string | undefined)
      if (jwksUri) {
        const j = new URL(jwksUri)
        nock(j.origin)
          .get(j.pathname)
          .reply(200, { keys: [jwk] }, { "content-type": "application/json" })
          .persist()
      }
    }

    async function signIn(scenario: ContractScenario | undefined) {
      const { captured, jar, call } = signInHarness(provider)
      serveDiscovery()

      // 1. start: CSRF token, then POST signin/:id
      const { csrfToken } = (await (await call("/api/auth/csrf")).json()) as { csrfToken: string }
      const start = await call(`/api/auth/signin/${id}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/after-sign-in" }).toString(),
      })
      expect(
        start.status,
        `sign-in start (${captured.errors.map((e) => e.message).join("; ")})`,
      ).toBe(302)
      const location = new URL(start.headers.get("location")!)
      const authorize = new URL(contract.authorization.url)
      expect(location.origin + location.pathname).toBe(authorize.origin + authorize.pathname)
      const params = Object.fromEntries(location.searchParams)
      expect(params.client_id).toBe(provider.clientId)
      expect(params.redirect_uri).toBe(`${ORIGIN}/api/auth/callback/${id}`)
      expect(params.response_type).toBe("code")
      expect(params).toMatchObject(contract.authorization.params ?? {})
      for (const absent of contract.authorization.absentParams ?? [])
        expect(params, `param ${absent} must not be sent`).not.toHaveProperty(absent)

      // 2. the provider's endpoints, each asserting what it receives
      const seen: string[] = []
      const tokenSpec = { ...contract.token, ...scenario?.token }
      const claims =
        scenario?.idTokenClaims === null
          ? undefined
          : (scenario?.idTokenClaims ?? contract.idTokenClaims)
      let tokenBody = tokenSpec.body as Json | undefined
      if (
        claims &&
        tokenBody &&
        typeof tokenBody === "object" &&
        (tokenSpec.status ?? 200) === 200
      ) {
        const now = Math.floor(Date.now() / 1000)
        const hmac = contract.idTokenAlg === "HS256"
        const jwt = new SignJWT({ ...(params.nonce ? { nonce: params.nonce } : {}), ...claims })
          .setProtectedHeader(hmac ? { alg: "HS256" } : { alg: "RS256", kid: "contract-key" })
          .setIssuedAt(now)
          .setExpirationTime(now + 600)
          .setAudience(String(provider.clientId))
        const idToken = hmac
          ? await jwt.sign(
              new TextEncoder().encode(
                scenario?.foreignSignature
                  ? "not-the-client-secret"
                  : String(provider.clientSecret),
              ),
            )
          : await jwt.sign(scenario?.foreignSignature ? foreignKey : signingKey)
        tokenBody = { ...tokenBody, id_token: idToken }
      }
      interceptor(
        { ...tokenSpec, body: tokenBody, method: tokenSpec.method ?? "POST" },
        ({ headers, body }) => {
          seen.push("token")
          const form = new URLSearchParams(body)
          expect(form.get("grant_type")).toBe("authorization_code")
          expect(form.get("code")).toBe("contract-code")
          expect(form.get("redirect_uri")).toBe(`${ORIGIN}/api/auth/callback/${id}`)
          if (params.code_challenge) expect(form.get("code_verifier")).toMatch(/^[\w-]{43,128}$/)
          else expect(form.get("code_verifier")).toBeNull()
          const basic = headers.authorization?.startsWith("Basic ")
          const expectSecret = (secret: string | null) => {
            if (tokenSpec.expectClientSecret !== undefined)
              expect(secret, "client secret").toBe(tokenSpec.expectClientSecret)
            else if (typeof provider.clientSecret === "function")
              expect(secret, "dynamic client secret").toBeTruthy()
            else expect(secret, "client secret").toBe(provider.clientSecret)
          }
          if (tokenSpec.clientAuth === "client_secret_basic") {
            expect(basic, "client_secret_basic: Authorization: Basic").toBe(true)
            const [user, pass] = Buffer.from(headers.authorization!.slice(6), "base64")
              .toString()
              .split(":")
            expect(decodeURIComponent(user!)).toBe(provider.clientId)
            expectSecret(decodeURIComponent(pass!))
            expect(form.get("client_secret")).toBeNull()
          } else if (tokenSpec.clientAuth === "client_secret_post") {
            expect(basic, "client_secret_post: no Basic header").toBeFalsy()
            expect(form.get("client_id")).toBe(provider.clientId)
            expectSecret(form.get("client_secret"))
          } else {
            expect(basic).toBeFalsy()
            expect(form.get("client_secret")).toBeNull()
          }
          for (const [k, v] of Object.entries(tokenSpec.expectBody ?? {}))
            expect(form.get(k), `token body ${k}`).toBe(v)
          assertHeaders(headers, tokenSpec.expectHeaders, "token request")
        },
      )
      const accessToken = (tokenBody as Json | undefined)?.access_token
      const userinfo =
        scenario?.userinfo === null
          ? null
          : contract.userinfo
            ? { ...contract.userinfo, ...scenario?.userinfo }
            : undefined
      for (const [label, endpoint] of [
        ...(userinfo ? [["userinfo", userinfo] as const] : []),
        ...(scenario?.extraRequests ?? contract.extraRequests ?? []).map(
          (e, i) => [`extra request ${i + 1} (${e.url})`, e] as const,
        ),
      ]) {
        interceptor(endpoint, ({ headers, url, body }) => {
          seen.push(label)
          if (endpoint.bearer === false) {
            if (!endpoint.expectHeaders?.authorization)
              expect(headers.authorization, `${label}: no Authorization header`).toBeUndefined()
          } else if (typeof accessToken === "string")
            expect(headers.authorization, `${label}: bearer token`).toBe(`Bearer ${accessToken}`)
          for (const [k, v] of Object.entries(endpoint.query ?? {}))
            expect(url.searchParams.get(k), `${label}: query ${k}`).toBe(v)
          if (endpoint.expectBody) {
            const json = (() => {
              try {
                return JSON.parse(body) as Record<string, unknown>
              } catch {
                return undefined
              }
            })()
            const form = new URLSearchParams(body)
            for (const [k, v] of Object.entries(endpoint.expectBody))
              expect(
                json && typeof json === "object" ? String(json[k]) : form.get(k),
                `${label}: body ${k}`,
              ).toBe(v)
          }
          assertHeaders(headers, endpoint.expectHeaders, label)
        })
      }

      // 3. the callback, as the provider sends it
      const callback = new URLSearchParams({ code: "contract-code" })
      if (params.state) callback.set("state", params.state)
      if (contract.callbackIssuer) callback.set("iss", contract.callbackIssuer)
      for (const [k, v] of Object.entries(contract.callbackParams ?? {})) callback.set(k, v)
      for (const [k, v] of Object.entries(scenario?.callbackParams ?? {})) {
        if (v === false) callback.delete(k)
        else callback.set(k, v)
      }
      const formPost =
        (provider.authorization as { params?: Record<string, string> } | undefined)?.params
          ?.response_mode === "form_post"
      const done = formPost
        ? await call(`/api/auth/callback/${id}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: callback.toString(),
          })
        : await call(`/api/auth/callback/${id}?${callback}`)
      return { done, captured, jar, seen }
    }

    function assertSuccess(
      result: Awaited<ReturnType<typeof signIn>>,
      expectUser: Partial<User>,
      expectAccount: Partial<Account> | undefined,
    ) {
      const { done, captured, jar } = result
      expect(captured.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([])
      expect(done.status).toBe(302)
      expect(done.headers.get("location")).toBe(`${ORIGIN}/after-sign-in`)
      expect(jar.has("auth.session-token")).toBe(true)
      expect(captured.user).toEqual(expect.objectContaining(expectUser))
      expect(captured.account).toMatchObject({
        provider: id,
        type: provider.type,
        ...expectAccount,
      })
    }

    it("signs in: redirect, token request, profile -> user and account", async () => {
      const result = await signIn(undefined)
      assertSuccess(result, contract.expectUser, contract.expectAccount)
      expect(result.seen[0]).toBe("token")
    })

    it("token endpoint error -> TOKEN_ENDPOINT_ERROR, no session", async () => {
      const { done, jar } = await signIn({
        name: "token error",
        token: {
          status: 400,
          body: { error: "invalid_grant", error_description: "The code was already used" },
        },
      })
      expect(new URL(done.headers.get("location")!, ORIGIN).searchParams.get("code")).toBe(
        "TOKEN_ENDPOINT_ERROR",
      )
      expect(jar.has("auth.session-token")).toBe(false)
    })

    it("person cancels at the provider -> AccessDenied, no session", async () => {
      const { done, jar, seen } = await signIn({
        name: "denied",
        callbackParams: { error: "access_denied", code: false },
      })
      const to = new URL(done.headers.get("location")!, ORIGIN)
      expect([to.searchParams.get("error"), to.searchParams.get("code")]).toEqual([
        "AccessDenied",
        "ACCESS_DENIED",
      ])
      expect(seen).toEqual([])
      expect(jar.has("auth.session-token")).toBe(false)
    })

    for (const scenario of contract.scenarios ?? []) {
      it(`quirk: ${scenario.name}`, async () => {
        const result = await signIn(scenario)
        if (scenario.expectError) {
          const to = new URL(result.done.headers.get("location")!, ORIGIN)
          const log = result.captured.errors
            .map((e) => `${e.code}: ${e.message} <- ${(e.cause as Error)?.message}`)
            .join("\n")
          const { message, ...expected } = scenario.expectError
          expect(
            { type: to.searchParams.get("error"), code: to.searchParams.get("code") },
            log,
          ).toEqual(expected)
          if (message) expect(log, "error message").toMatch(message)
          expect(result.jar.has("auth.session-token")).toBe(false)
        } else {
          assertSuccess(
            result,
            scenario.expectUser ?? contract.expectUser,
            scenario.expectAccount ?? contract.expectAccount,
          )
        }
      })
    }
  })
}
