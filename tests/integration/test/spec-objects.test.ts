/**
 * The spec's own provider objects, verbatim in shape, against the real IdP: the Google-style object
 * (`type: "oauth"` + `wellKnown` + `idToken: true` + `checks` + `profile`), a plain OIDC object with
 * only an issuer, and the spec's override example (deep-merged `authorization.params.scope`).
 */
import { defineProvider, type OAuthConfig } from "@auth/core"
import { signInWith, sessionOf, type RunningOidcProvider } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ORIGIN, makeApp, startIdp } from "./setup.js"

let idp: RunningOidcProvider
beforeAll(async () => {
  idp = await startIdp()
})
afterAll(async () => {
  await idp.stop()
})

describe("the spec's provider objects", () => {
  it('Google-style: { type: "oauth", wellKnown, authorization: { params: { scope } }, idToken: true, checks, profile }', async () => {
    const seen: string[] = []
    const provider: OAuthConfig = {
      id: "idp",
      name: "Spec Google",
      type: "oauth",
      wellKnown: `${idp.issuer}/.well-known/openid-configuration`,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      clientId: "app",
      clientSecret: "app-secret",
      profile(profile: any) {
        return { id: profile.sub, name: profile.name, email: profile.email, image: profile.picture }
      },
      fetch: (input, init) => {
        seen.push(String(input))
        return fetch(input, init)
      },
    }
    const app = makeApp({ providers: [provider] })
    const result = await signInWith(app.browser, "idp")
    expect(app.errors.map((e) => e.message)).toEqual([])
    expect(result.url).toBe(`${ORIGIN}/`)
    expect((await sessionOf(app.browser))?.user).toMatchObject({
      name: "Alice Example",
      email: "alice@example.test",
    })
    // idToken: true -> the profile came from the verified id_token: no userinfo request
    expect(seen.some((u) => u.includes("/me"))).toBe(false)
    expect(seen.some((u) => u.includes("/jwks"))).toBe(true)
  })

  it("the spec's override example: a factory's authorization.params.scope is replaced, URL and other params kept", async () => {
    const factory = defineProvider({
      id: "idp",
      name: "Factory IdP",
      type: "oidc",
      issuer: idp.issuer,
      authorization: { params: { scope: "openid email profile", prompt: "consent" } },
    })
    const app = makeApp({
      providers: [
        factory({
          clientId: "app",
          clientSecret: "app-secret",
          authorization: { params: { scope: "openid email" } },
        }),
      ],
    })
    app.holdCallback = true
    const result = await signInWith(app.browser, "idp")
    const authorize = new URL(result.history.find((u) => u.startsWith(`${idp.issuer}/auth?`))!)
    expect(authorize.searchParams.get("scope")).toBe("openid email")
    expect(authorize.searchParams.get("prompt")).toBe("consent")
  })

  it('a custom provider is just { id, name, type: "oidc", issuer, clientId, clientSecret } (AUTH_<ID>_* from env also works)', async () => {
    const app = makeApp({
      env: { AUTH_CORP_SSO_ID: "app", AUTH_CORP_SSO_SECRET: "app-secret" },
      providers: [{ id: "corp-sso", name: "Corp SSO", type: "oidc", issuer: idp.issuer }],
    })
    // the IdP only knows the callback of "idp": use the held callback to check the request carried the env credentials
    app.holdCallback = true
    const result = await signInWith(app.browser, "corp-sso")
    const authorize = new URL(
      result.history.find((u) => u.startsWith(`${idp.issuer}/auth?`)) ?? result.url,
    )
    expect(authorize.searchParams.get("client_id")).toBe("app")
    expect(authorize.searchParams.get("scope")).toBe("openid profile email")
  })
})
