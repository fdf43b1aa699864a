/**
 * ID-token sign-in with Apple's default: the token carries the SHA-256 (hex) of the nonce the iOS app
 * keeps and sends; the bundle id is the audience. Apple's hosts are mocked.
 */
import { createHash } from "node:crypto"
import { Auth } from "@auth/core"
import { accountApi } from "@auth/core/accounts"
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import apple from "../src/index.js"
import { JWK, mint } from "./mint.js"

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

async function signIn(body: Record<string, string>) {
  nock("https://appleid.apple.com")
    .get("/.well-known/openid-configuration")
    .reply(200, {
      issuer: "https://appleid.apple.com",
      authorization_endpoint: "https://appleid.apple.com/auth/authorize",
      token_endpoint: "https://appleid.apple.com/auth/token",
      jwks_uri: "https://appleid.apple.com/auth/keys",
    })
    .get("/auth/keys")
    .reply(200, { keys: [JWK] })
  const provider = apple({
    clientId: "com.example.web",
    clientSecret: "pre-made-jwt",
    idTokenSignIn: { audiences: ["com.example.app"] },
  })
  const auth = Auth({
    providers: [provider],
    extensions: [accountApi],
    secret: "a-test-secret-0123456789-abcdefghijkl",
    env: {},
    logger: { error() {}, warn() {} },
  })
  const response = await auth.handler(
    new Request("http://localhost:3000/api/auth/id-token/apple", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  )
  return {
    status: response.status,
    body: (await response.json()) as { code?: string; user?: { email?: string | null } },
  }
}

const raw = "nonce-kept-by-the-app"
const claims = {
  iss: "https://appleid.apple.com",
  aud: "com.example.app",
  email: "x@privaterelay.appleid.com",
  email_verified: "true",
  nonce: createHash("sha256").update(raw).digest("hex"),
}

describe("apple ID-token sign-in (hashed nonce)", () => {
  it("signs in with the raw nonce whose SHA-256 the token carries", async () => {
    const { status, body } = await signIn({ idToken: mint(claims), nonce: raw })
    expect([status, body.user?.email]).toEqual([200, "x@privaterelay.appleid.com"])
  })

  it("refuses the hash itself as the nonce (NONCE_MISMATCH) and a missing nonce (NONCE_MISSING)", async () => {
    expect((await signIn({ idToken: mint(claims), nonce: claims.nonce })).body.code).toBe(
      "NONCE_MISMATCH",
    )
    expect((await signIn({ idToken: mint(claims) })).body.code).toBe("NONCE_MISSING")
  })
})
