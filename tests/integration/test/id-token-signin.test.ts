/**
 * ID-token sign-in with tokens minted by the real OpenID Provider (testkit's oidc-provider on
 * 127.0.0.1): its RS256 signature checked against its JWKS over HTTP, then the native JSON flow and
 * a bearer session read, replay, and the same token refused by an app with another client id.
 */
import { memoryAdapter, type Adapter } from "@auth/core/adapters"
import { accountApi } from "@auth/core/accounts"
import { signInWith, sessionOf, type RunningOidcProvider } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ORIGIN, idpProvider, makeApp, startIdp } from "./setup.js"

let idp: RunningOidcProvider
beforeAll(async () => {
  idp = await startIdp()
})
afterAll(async () => {
  await idp.stop()
})

/** A fresh id_token from the IdP: a redirect sign-in, whose stored account keeps it. */
async function idTokenFromIdp(): Promise<{ idToken: string; nonce: string }> {
  const adapter: Adapter = memoryAdapter()
  const app = makeApp({ adapter, providers: [idpProvider(idp.issuer)] })
  await signInWith(app.browser, "idp", { params: { login_hint: "alice", prompt: "login" } })
  const session = await sessionOf(app.browser)
  const [account] = await adapter.getAccountsByUser!(String(session!.user.id))
  const idToken = account!.id_token!
  const claims = JSON.parse(Buffer.from(idToken.split(".")[1]!, "base64url").toString()) as {
    nonce: string
  }
  return { idToken, nonce: claims.nonce }
}

function post(app: ReturnType<typeof makeApp>, body: unknown) {
  return app.auth.handler(
    new Request(`${ORIGIN}/api/auth/id-token/idp`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  )
}

describe("ID-token sign-in with the IdP's own tokens", () => {
  it("native flow: JSON sign-in, bearer session read; the same token again is a replay", async () => {
    const { idToken, nonce } = await idTokenFromIdp()
    const app = makeApp({
      adapter: memoryAdapter(),
      extensions: [accountApi],
      providers: [idpProvider(idp.issuer, { idTokenSignIn: { audiences: [] } })],
    })
    const response = await post(app, { idToken, nonce })
    const body = (await response.json()) as { sessionToken: string; user: { email: string } }
    expect(response.status).toBe(200)
    expect(body.user.email).toBe("alice@example.test")
    const session = await app.auth.getSession(
      new Headers({ authorization: `Bearer ${body.sessionToken}` }),
    )
    expect(session?.user.email).toBe("alice@example.test")
    const again = await post(app, { idToken, nonce })
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([
      400,
      "ID_TOKEN_REPLAYED",
    ])
  })

  it("a token for another app's client id is refused (ID_TOKEN_AUDIENCE), no session", async () => {
    const { idToken, nonce } = await idTokenFromIdp()
    const other = makeApp({
      extensions: [accountApi],
      providers: [
        idpProvider(idp.issuer, {
          clientId: "post-client",
          clientSecret: "post-secret",
          idTokenSignIn: { audiences: ["ios-app"] },
        }),
      ],
    })
    const response = await post(other, { idToken, nonce })
    const body = (await response.json()) as { code: string; sessionToken?: string }
    expect([response.status, body.code, body.sessionToken]).toEqual([
      400,
      "ID_TOKEN_AUDIENCE",
      undefined,
    ])
  })

  it("the IdP's token with a wrong nonce is refused (NONCE_MISMATCH)", async () => {
    const { idToken } = await idTokenFromIdp()
    const app = makeApp({
      extensions: [accountApi],
      providers: [idpProvider(idp.issuer, { idTokenSignIn: { audiences: [] } })],
    })
    const response = await post(app, { idToken, nonce: "not-the-nonce" })
    expect(((await response.json()) as { code: string }).code).toBe("NONCE_MISMATCH")
  })
})
