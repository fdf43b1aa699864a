/**
 * ID-token sign-in with tokens minted by the real OpenID Provider (testkit's oidc-provider on
 * 127.0.0.1): its RS256 signature checked against its JWKS over HTTP, then the native JSON flow and
 * a bearer session read, replay (also across two processes sharing one SQLite file), and the same
 * token refused by an app with another client id.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { sqliteAdapter } from "@auth/adapter-sqlite"
import { memoryAdapter, type Adapter } from "@auth/core/adapters"
import { accountApi } from "@auth/core/accounts"
import { signInWith, sessionOf, type RunningOidcProvider } from "@auth/testkit"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ORIGIN, SECRET, idpProvider, makeApp, startIdp } from "./setup.js"

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
  // read through auth.adapter: tokens are stored encrypted at rest
  const [account] = await app.auth.adapter!.getAccountsByUser!(String(session!.user.id))
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

  it("two app processes sharing one SQLite file: the token signs in once, on one of them", async () => {
    const { idToken, nonce } = await idTokenFromIdp()
    const dir = mkdtempSync(join(tmpdir(), "auth-id-token-"))
    const file = join(dir, "auth.db")
    sqliteAdapter(file).close?.() // the schema, made once before the processes start
    const run = (start: number) =>
      new Promise<{ status: number; code: string | null }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [new URL("./fixtures/id-token-child.mjs", import.meta.url).pathname],
          {
            env: {
              ...process.env,
              ISSUER: idp.issuer,
              DB_FILE: file,
              SECRET,
              ORIGIN,
              ID_TOKEN: idToken,
              NONCE: nonce,
              START: String(start),
            },
            stdio: ["ignore", "pipe", "pipe"],
          },
        )
        let out = ""
        let err = ""
        child.stdout.on("data", (d) => (out += d))
        child.stderr.on("data", (d) => (err += d))
        child.on("close", (code) =>
          code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`child exited ${code}: ${err}`)),
        )
      })
    try {
      // both post the same token at the same moment, each with its own in-process memory
      const start = Date.now() + 1500
      const both = await Promise.all([run(start), run(start)])
      expect(both.map((r) => r.status).sort()).toEqual([200, 400])
      expect(both.find((r) => r.status === 400)?.code).toBe("ID_TOKEN_REPLAYED")
      // a third process, later: still used
      expect(await run(Date.now())).toEqual({ status: 400, code: "ID_TOKEN_REPLAYED" })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)

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
