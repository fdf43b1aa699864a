/**
 * ID-token sign-in with Google's defaults (One Tap, Android, iOS): both spellings of Google's issuer,
 * the native client id as an audience, off until `audiences` is given. Google's hosts are mocked.
 */
import { Auth } from "@auth/core"
import { accountApi } from "@auth/core/accounts"
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import google from "../src/index.js"
import { JWK, mint } from "./mint.js"

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

function mockGoogle() {
  nock("https://accounts.google.com").get("/.well-known/openid-configuration").reply(200, {
    issuer: "https://accounts.google.com",
    authorization_endpoint: "https://accounts.google.com/o/oauth2/v2/auth",
    token_endpoint: "https://oauth2.googleapis.com/token",
    jwks_uri: "https://www.googleapis.com/oauth2/v3/certs",
  })
  nock("https://www.googleapis.com")
    .get("/oauth2/v3/certs")
    .reply(200, { keys: [JWK] })
}

async function signIn(provider: ReturnType<typeof google>, idToken: string) {
  const auth = Auth({
    providers: [provider],
    extensions: [accountApi],
    secret: "a-test-secret-0123456789-abcdefghijkl",
    env: {},
    logger: { error() {}, warn() {} },
  })
  const response = await auth.handler(
    new Request("http://localhost:3000/api/auth/id-token/google", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ idToken }),
    }),
  )
  return {
    status: response.status,
    body: (await response.json()) as { code?: string; user?: { email?: string } },
  }
}

const claims = {
  aud: "1234-ios.apps.googleusercontent.com",
  email: "ann@gmail.example",
  email_verified: true,
}

describe("google ID-token sign-in", () => {
  for (const iss of ["https://accounts.google.com", "accounts.google.com"]) {
    it(`accepts a native client's token with iss ${iss}`, async () => {
      mockGoogle()
      const provider = google({
        clientId: "1234-web.apps.googleusercontent.com",
        clientSecret: "s",
        idTokenSignIn: { audiences: ["1234-ios.apps.googleusercontent.com"] },
      })
      const { status, body } = await signIn(provider, mint({ ...claims, iss }))
      expect([status, body.user?.email]).toEqual([200, "ann@gmail.example"])
    })
  }

  it("is off until audiences is given (ID_TOKEN_SIGNIN_DISABLED)", async () => {
    const { status, body } = await signIn(
      google({ clientId: "1234-web.apps.googleusercontent.com", clientSecret: "s" }),
      mint({ ...claims, iss: "accounts.google.com" }),
    )
    expect([status, body.code]).toEqual([404, "ID_TOKEN_SIGNIN_DISABLED"])
  })

  it("refuses another issuer", async () => {
    mockGoogle()
    const provider = google({
      clientId: "1234-web.apps.googleusercontent.com",
      clientSecret: "s",
      idTokenSignIn: { audiences: ["1234-ios.apps.googleusercontent.com"] },
    })
    const { body } = await signIn(
      provider,
      mint({ ...claims, iss: "https://accounts.google.com.evil.example" }),
    )
    expect(body.code).toBe("ID_TOKEN_ISSUER")
  })
})
