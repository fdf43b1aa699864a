/**
 * `runOAuth1ProviderContract`: the contract test of OAuth 1.0 / 1.0A provider packages. Every request's
 * signature is verified with an independent library (oauth-sign, through the local server's verifier),
 * with the right token secret at each step.
 */
import type { Account, OAuthConfig, User } from "@auth/core"
import nock from "nock"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { verifySignature } from "../oauth1-server.js"
import { ORIGIN, signInHarness, type ContractEndpoint } from "./harness.js"

export interface OAuth1ProviderContract {
  /** A provider with `version: "1.0A"` (or "1.0"). */
  provider: OAuthConfig<any>
  requestToken: { url: string }
  authorization: { url: string; params?: Record<string, string> }
  /** Extra fields of the access-token answer (e.g. `user_id`, `screen_name`). */
  accessToken: { url: string; extra?: Record<string, string> }
  profile: ContractEndpoint
  expectUser: Partial<User>
  expectAccount?: Partial<Account>
  scenarios?: Array<{
    name: string
    profile?: Partial<ContractEndpoint>
    accessToken?: { status?: number; body?: string }
    callbackParams?: Record<string, string | false>
    expectUser?: Partial<User>
    expectError?: { type: string; code: string }
  }>
}

/**
 * The OAuth 1 contract: every request's signature is verified with an independent library
 * (oauth-sign, through the local server's verifier), with the right token secret at each step.
 */
export function runOAuth1ProviderContract(contract: OAuth1ProviderContract): void {
  const provider = contract.provider
  const id = provider.id
  const consumerSecret = String(provider.clientSecret)

  describe(`provider contract (OAuth ${provider.version}): ${id}`, () => {
    beforeAll(() => nock.disableNetConnect())
    afterEach(() => nock.cleanAll())
    afterAll(() => nock.enableNetConnect())

    function signed(
      endpoint: { url: string; method?: string },
      tokenSecret: string,
      check: (oauth: Record<string, string>, url: URL) => void,
      reply: () => [number, string, Record<string, string>],
    ) {
      const url = new URL(endpoint.url)
      const method = (endpoint.method ?? "POST").toLowerCase() as "get" | "post"
      nock(url.origin)
        [method]((uri) => uri.split("?")[0] === url.pathname)
        .reply(function (uri, body) {
          const authorization = String(this.req.headers.authorization ?? "")
          const full = new URL(uri, url.origin)
          expect(
            authorization.startsWith("OAuth "),
            `${full.pathname}: Authorization: OAuth header`,
          ).toBe(true)
          const ok = verifySignature(
            {
              method: method.toUpperCase(),
              url: full.href,
              authorization,
              contentType: String(this.req.headers["content-type"] ?? ""),
              body: typeof body === "string" ? body : "",
            },
            consumerSecret,
            tokenSecret,
          )
          expect(ok, `${full.pathname}: signature verified independently`).toBe(true)
          const oauth: Record<string, string> = {}
          for (const part of authorization.slice(6).split(",")) {
            const m = /^\s*([\w]+)="([^"]*)"/.exec(part)
            if (m) oauth[m[1]!] = decodeURIComponent(m[2]!)
          }
          check(oauth, full)
          return reply()
        })
    }

    async function run(
      scenario: NonNullable<OAuth1ProviderContract["scenarios"]>[number] | undefined,
    ) {
      const { captured, jar, call } = signInHarness(provider)
      const callbackUrl = `${ORIGIN}/api/auth/callback/${id}`
      signed(
        contract.requestToken,
        "",
        (oauth) => {
          expect(oauth.oauth_consumer_key).toBe(provider.clientId)
          expect(oauth.oauth_callback).toBe(callbackUrl)
          expect(oauth.oauth_token).toBeUndefined()
        },
        () => [
          200,
          "oauth_token=req-token&oauth_token_secret=req-secret&oauth_callback_confirmed=true",
          { "content-type": "application/x-www-form-urlencoded" },
        ],
      )

      const { csrfToken } = (await (await call("/api/auth/csrf")).json()) as { csrfToken: string }
      const start = await call(`/api/auth/signin/${id}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ csrfToken, callbackUrl: "/after-sign-in" }).toString(),
      })
      expect(start.status, captured.errors.map((e) => e.message).join("; ")).toBe(302)
      const location = new URL(start.headers.get("location")!)
      const authorize = new URL(contract.authorization.url)
      expect(location.origin + location.pathname).toBe(authorize.origin + authorize.pathname)
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        ...contract.authorization.params,
        oauth_token: "req-token",
      })
      expect(location.href).not.toContain("req-secret")

      const tokenAnswer = scenario?.accessToken
      signed(
        contract.accessToken,
        "req-secret",
        (oauth) => {
          expect(oauth.oauth_token).toBe("req-token")
          if (provider.version === "1.0A") expect(oauth.oauth_verifier).toBe("the-verifier")
        },
        () => [
          tokenAnswer?.status ?? 200,
          tokenAnswer?.body ??
            new URLSearchParams({
              oauth_token: "access-token",
              oauth_token_secret: "access-secret",
              ...contract.accessToken.extra,
            }).toString(),
          {
            "content-type": tokenAnswer?.body?.startsWith("<")
              ? "text/html"
              : "application/x-www-form-urlencoded",
          },
        ],
      )
      const profile = { ...contract.profile, ...scenario?.profile }
      signed(
        { url: profile.url, method: profile.method ?? "GET" },
        "access-secret",
        (oauth, url) => {
          expect(oauth.oauth_token).toBe("access-token")
          for (const [k, v] of Object.entries(profile.query ?? {}))
            expect(url.searchParams.get(k), `profile query ${k}`).toBe(v)
        },
        () => [
          profile.status ?? 200,
          JSON.stringify(profile.body ?? {}),
          { "content-type": "application/json" },
        ],
      )

      const cb = new URLSearchParams({ oauth_token: "req-token" })
      if (provider.version === "1.0A") cb.set("oauth_verifier", "the-verifier")
      for (const [k, v] of Object.entries(scenario?.callbackParams ?? {})) {
        if (v === false) cb.delete(k)
        else cb.set(k, v)
      }
      const done = await call(`/api/auth/callback/${id}?${cb}`)
      return { done, captured, jar }
    }

    it("signs in: signed request token, authorize redirect, signed access token and profile -> user and account", async () => {
      const { done, captured, jar } = await run(undefined)
      expect(captured.errors.map((e) => `${e.code}: ${e.message}`)).toEqual([])
      expect(done.headers.get("location")).toBe(`${ORIGIN}/after-sign-in`)
      expect(jar.has("auth.session-token")).toBe(true)
      expect(captured.user).toEqual(expect.objectContaining(contract.expectUser))
      expect(captured.account).toMatchObject({
        provider: id,
        oauth_token: "access-token",
        oauth_token_secret: "access-secret",
        ...contract.expectAccount,
      })
    })

    it("person denies access -> AccessDenied, no session", async () => {
      const { done, jar } = await run({
        name: "denied",
        callbackParams: { denied: "req-token", oauth_verifier: false, oauth_token: false },
      })
      const to = new URL(done.headers.get("location")!, ORIGIN)
      expect([to.searchParams.get("error"), to.searchParams.get("code")]).toEqual([
        "AccessDenied",
        "ACCESS_DENIED",
      ])
      expect(jar.has("auth.session-token")).toBe(false)
    })

    for (const scenario of contract.scenarios ?? []) {
      it(`quirk: ${scenario.name}`, async () => {
        const { done, captured, jar } = await run(scenario)
        if (scenario.expectError) {
          const to = new URL(done.headers.get("location")!, ORIGIN)
          expect({ type: to.searchParams.get("error"), code: to.searchParams.get("code") }).toEqual(
            scenario.expectError,
          )
          expect(jar.has("auth.session-token")).toBe(false)
        } else {
          expect(captured.errors).toEqual([])
          expect(captured.user).toEqual(
            expect.objectContaining(scenario.expectUser ?? contract.expectUser),
          )
        }
      })
    }
  })
}
