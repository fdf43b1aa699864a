import { SignJWT } from "jose"
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import {
  browserHeaders,
  Jar,
  errorOf,
  idp,
  IDP_AUTH,
  makeAuth,
  request,
  startSignIn,
} from "./helpers.js"

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

// No discovery: the issuer is the authorization endpoint's origin and there is no JWKS.
const hsIdp = (over = {}) =>
  idp({
    id: "hs-idp",
    idToken: true,
    checks: ["nonce", "state"],
    authorization: `${IDP_AUTH}/oauth/authorize`,
    userinfo: undefined,
    client: { id_token_signed_response_alg: "HS256" },
    profile: (p: any) => ({ id: p.sub, name: p.name }),
    ...over,
  })

async function signIn(
  provider = hsIdp(),
  sign: { secret: string; alg?: string } = { secret: "idp-secret" },
) {
  const auth = makeAuth({ providers: [provider] })
  const jar = new Jar()
  const url = await startSignIn(auth, jar, "hs-idp")
  const idToken = await new SignJWT({ name: "Hana", nonce: url.searchParams.get("nonce")! })
    .setProtectedHeader({ alg: sign.alg ?? "HS256" })
    .setIssuer(IDP_AUTH)
    .setAudience("idp-client")
    .setSubject("U1234")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(new TextEncoder().encode(sign.secret))
  nock(IDP_AUTH)
    .post("/oauth/token")
    .reply(200, { access_token: "at", token_type: "Bearer", id_token: idToken })
  const done = await request(
    auth,
    jar,
    `/api/auth/callback/hs-idp?code=c&state=${url.searchParams.get("state")}`,
  )
  return { auth, jar, done }
}

describe("HS256 id_tokens (client.id_token_signed_response_alg)", () => {
  it("a token MACed with the client secret signs in", async () => {
    const { auth, jar, done } = await signIn()
    expect(errorOf(done)).toEqual({ error: null, code: null })
    expect((await auth.getSession(browserHeaders(jar.header())))?.user?.name).toBe("Hana")
  })

  it("a token MACed with another secret -> ID_TOKEN_SIGNATURE, no session", async () => {
    const { jar, done } = await signIn(hsIdp(), { secret: "not-the-client-secret" })
    expect(errorOf(done)).toEqual({ error: "OAuthCallbackError", code: "ID_TOKEN_SIGNATURE" })
    expect(jar.cookies.has("auth.session-token")).toBe(false)
  })

  it("a token with another HS alg than the registered one is refused", async () => {
    const { jar, done } = await signIn(hsIdp(), { secret: "idp-secret", alg: "HS512" })
    expect(errorOf(done).error).toBe("OAuthCallbackError")
    expect(jar.cookies.has("auth.session-token")).toBe(false)
  })

  it("uses a clientSecret function's value as the key", async () => {
    const { done } = await signIn(hsIdp({ clientSecret: async () => "rotating-secret" }), {
      secret: "rotating-secret",
    })
    expect(errorOf(done)).toEqual({ error: null, code: null })
  })
})
