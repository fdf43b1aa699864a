import { SignJWT, exportJWK, generateKeyPair } from "jose"
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import type { OAuthConfig } from "../src/index.js"
import { clearDiscoveryCache } from "../src/oauth/config.js"
import { Jar, errorOf, makeAuth, request, startSignIn } from "./helpers.js"

// A multi-tenant IdP: one discovery document whose issuer is a template.
const HOST = "https://login.tenants.example.com"
const TEMPLATE = `${HOST}/{tenant}/v2`
const discovery = {
  issuer: TEMPLATE,
  authorization_endpoint: `${HOST}/common/authorize`,
  token_endpoint: `${HOST}/common/token`,
  jwks_uri: `${HOST}/common/keys`,
  response_types_supported: ["code"],
  subject_types_supported: ["pairwise"],
  id_token_signing_alg_values_supported: ["RS256"],
}

let key: CryptoKey
let foreign: CryptoKey
let jwk: Record<string, unknown>

beforeAll(async () => {
  nock.disableNetConnect()
  const pair = await generateKeyPair("RS256")
  key = pair.privateKey
  foreign = (await generateKeyPair("RS256")).privateKey
  jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "RS256", use: "sig" }
})
afterEach(() => {
  nock.cleanAll()
  clearDiscoveryCache()
})

const multiTenant = (over: Partial<OAuthConfig> = {}): OAuthConfig => ({
  id: "mt",
  name: "Multi-tenant",
  type: "oidc",
  wellKnown: `${HOST}/common/v2/.well-known/openid-configuration`,
  clientId: "mt-client",
  clientSecret: "mt-secret",
  checks: ["state", "nonce"],
  expectedIssuer: (claims, issuer) =>
    typeof claims.tid === "string" ? issuer.replace("{tenant}", claims.tid) : undefined,
  profile: (p: any) => ({ id: p.sub, name: p.name }),
  ...over,
})

async function signIn(
  provider: OAuthConfig,
  claims: { tid?: string; iss: string },
  signWith?: CryptoKey,
) {
  nock(HOST).get("/common/v2/.well-known/openid-configuration").reply(200, discovery).persist()
  nock(HOST)
    .get("/common/keys")
    .reply(200, { keys: [jwk] })
    .persist()
  const auth = makeAuth({ providers: [provider] })
  const jar = new Jar()
  const url = await startSignIn(auth, jar, "mt")
  const idToken = await new SignJWT({
    name: "Tae",
    tid: claims.tid,
    nonce: url.searchParams.get("nonce")!,
  })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(claims.iss)
    .setAudience("mt-client")
    .setSubject("pairwise-sub")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(signWith ?? key)
  // Not persisted: the code is exchanged exactly once.
  const token = nock(HOST)
    .post("/common/token")
    .reply(200, { access_token: "at", token_type: "Bearer", id_token: idToken })
  const done = await request(
    auth,
    jar,
    `/api/auth/callback/mt?code=c&state=${url.searchParams.get("state")}`,
  )
  return { done, jar, token }
}

describe("expectedIssuer(claims, issuer): multi-tenant issuer templates", () => {
  it("an id_token whose iss is its own tenant's issuer signs in, with one token request", async () => {
    const { done, jar, token } = await signIn(multiTenant(), { tid: "t-1", iss: `${HOST}/t-1/v2` })
    expect(errorOf(done)).toEqual({ error: null, code: null })
    expect(jar.cookies.has("auth.session-token")).toBe(true)
    expect(token.isDone()).toBe(true)
  })

  it("an id_token whose iss names another tenant than its tid is refused", async () => {
    const { done, jar } = await signIn(multiTenant(), { tid: "t-1", iss: `${HOST}/t-2/v2` })
    expect(errorOf(done)).toEqual({ error: "OAuthCallbackError", code: "ID_TOKEN_INVALID" })
    expect(jar.cookies.has("auth.session-token")).toBe(false)
  })

  it("the template itself is refused when the hook has no answer (no tid)", async () => {
    const { done } = await signIn(multiTenant(), { iss: `${HOST}/t-1/v2` })
    expect(errorOf(done)).toEqual({ error: "OAuthCallbackError", code: "ID_TOKEN_INVALID" })
  })

  it("the replayed response is still fully validated: a forged signature is refused", async () => {
    const { done } = await signIn(multiTenant(), { tid: "t-1", iss: `${HOST}/t-1/v2` }, foreign)
    expect(errorOf(done)).toEqual({ error: "OAuthCallbackError", code: "ID_TOKEN_SIGNATURE" })
  })

  it("without the hook, a per-tenant iss does not match the template", async () => {
    const { done } = await signIn(multiTenant({ expectedIssuer: undefined }), {
      tid: "t-1",
      iss: `${HOST}/t-1/v2`,
    })
    expect(errorOf(done)).toEqual({ error: "OAuthCallbackError", code: "ID_TOKEN_INVALID" })
  })

  it("a token endpoint error is reported as usual", async () => {
    nock(HOST).get("/common/v2/.well-known/openid-configuration").reply(200, discovery).persist()
    const auth = makeAuth({ providers: [multiTenant()] })
    const jar = new Jar()
    const url = await startSignIn(auth, jar, "mt")
    nock(HOST).post("/common/token").reply(400, { error: "invalid_grant" })
    const done = await request(
      auth,
      jar,
      `/api/auth/callback/mt?code=c&state=${url.searchParams.get("state")}`,
    )
    expect(errorOf(done)).toEqual({ error: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" })
  })
})
