import { Auth } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { afterEach, describe, expect, it, vi } from "vitest"
import apple from "../src/index.js"

// A Sign in with Apple key, as the .p8 file Apple lets you download (PKCS#8 PEM, P-256).
const keyPair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
  "sign",
  "verify",
])) as CryptoKeyPair
const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", keyPair.privateKey)).toString(
  "base64",
)
const p8 = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join("\n")}\n-----END PRIVATE KEY-----\n`
const credentials = {
  clientId: "com.example.web",
  teamId: "ABCDE12345",
  keyId: "XYZ987WXYZ",
  privateKey: p8,
}

type SecretFn = (p: { clientId: string }) => Promise<string>
const secretOf = (provider: ReturnType<typeof apple>) =>
  (provider.clientSecret as SecretFn)({ clientId: "com.example.web" })

function decode(jwt: string) {
  const [h, p, s] = jwt.split(".")
  return {
    header: JSON.parse(Buffer.from(h!, "base64url").toString()),
    claims: JSON.parse(Buffer.from(p!, "base64url").toString()),
    input: `${h}.${p}`,
    signature: Buffer.from(s!, "base64url"),
  }
}

// https://appleid.apple.com/.well-known/openid-configuration
const discovery = {
  issuer: "https://appleid.apple.com",
  authorization_endpoint: "https://appleid.apple.com/auth/authorize",
  token_endpoint: "https://appleid.apple.com/auth/token",
  revocation_endpoint: "https://appleid.apple.com/auth/revoke",
  jwks_uri: "https://appleid.apple.com/auth/keys",
  response_types_supported: ["code"],
  response_modes_supported: ["query", "fragment", "form_post"],
  subject_types_supported: ["pairwise"],
  id_token_signing_alg_values_supported: ["RS256"],
  scopes_supported: ["openid", "email", "name"],
  token_endpoint_auth_methods_supported: ["client_secret_post"],
  claims_supported: [
    "aud",
    "email",
    "email_verified",
    "exp",
    "iat",
    "is_private_email",
    "iss",
    "nonce",
    "nonce_supported",
    "real_user_status",
    "sub",
    "transfer_sub",
  ],
}

const claims = {
  iss: "https://appleid.apple.com",
  sub: "001234.9f4c1d0e8b2a4c3d9e1f2a3b4c5d6e7f.1234",
  c_hash: "b3Jp7Q1oQxSt0eFzx3TSdw",
  email: "ann@icloud.example",
  email_verified: true,
  auth_time: 1733300000,
  nonce_supported: true,
  real_user_status: 2,
}
const tokenBody = {
  access_token: "a0e8c8bd6f.0.rrxy.AbCdEf",
  token_type: "Bearer",
  expires_in: 3600,
  refresh_token: "r1b7a2c.0.rrxy.XyZ",
}
const provider = apple(credentials)
// The runner checks that the token request carries exactly this secret: the one generated here is re-used.
const secret = await secretOf(provider)

runProviderContract({
  provider,
  discovery: {
    url: "https://appleid.apple.com/.well-known/openid-configuration",
    document: discovery,
  },
  authorization: {
    url: "https://appleid.apple.com/auth/authorize",
    params: { scope: "name email", response_mode: "form_post" },
    absentParams: ["code_challenge"],
  },
  token: {
    url: "https://appleid.apple.com/auth/token",
    method: "POST",
    clientAuth: "client_secret_post",
    expectClientSecret: secret,
    body: tokenBody,
  },
  userinfo: null,
  idTokenClaims: claims,
  // Not the first sign-in: no `user` field, so no name.
  expectUser: { id: claims.sub, name: null, email: "ann@icloud.example", image: null },
  expectAccount: { providerAccountId: claims.sub, refresh_token: tokenBody.refresh_token },
  scenarios: [
    {
      name: "first sign-in: the one-time `user` form field's name reaches the profile (form_post callback)",
      callbackParams: {
        user: JSON.stringify({
          name: { firstName: "Ann", lastName: "Lee" },
          email: "ann@icloud.example",
        }),
      },
      expectUser: { id: claims.sub, name: "Ann Lee", email: "ann@icloud.example" },
    },
    {
      name: "a malformed `user` field is ignored",
      callbackParams: { user: "{not json" },
      expectUser: { id: claims.sub, name: null },
    },
    {
      name: "private relay email with email_verified/is_private_email as strings",
      idTokenClaims: {
        ...claims,
        email: "x7kq2mz9pd@privaterelay.appleid.com",
        email_verified: "true",
        is_private_email: "true",
      },
      expectUser: { id: claims.sub, email: "x7kq2mz9pd@privaterelay.appleid.com" },
    },
    {
      name: 'email_verified "false" (string) is not trusted',
      idTokenClaims: { ...claims, email_verified: "false" },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "no email shared: no email",
      idTokenClaims: { ...claims, email: undefined, email_verified: undefined },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "person cancels at Apple (user_cancelled_authorize) -> AUTHORIZATION_ERROR, no session",
      callbackParams: { error: "user_cancelled_authorize", code: false },
      expectError: { type: "OAuthCallbackError", code: "AUTHORIZATION_ERROR" },
    },
    {
      name: "forged id_token -> ID_TOKEN_SIGNATURE",
      foreignSignature: true,
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_SIGNATURE" },
    },
  ],
})

// A pre-made client secret (e.g. AUTH_APPLE_SECRET) still works.
runProviderContract({
  provider: apple({
    id: "apple-premade",
    clientId: "com.example.web",
    clientSecret: "eyJhbGciOiJFUzI1NiJ9.premade.sig",
  }),
  discovery: {
    url: "https://appleid.apple.com/.well-known/openid-configuration",
    document: discovery,
  },
  authorization: {
    url: "https://appleid.apple.com/auth/authorize",
    params: { response_mode: "form_post" },
  },
  token: {
    url: "https://appleid.apple.com/auth/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: tokenBody,
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, email: "ann@icloud.example" },
})

describe("apple client secret", () => {
  afterEach(() => vi.useRealTimers())

  it("is an ES256 JWT signed with the .p8 key: kid, iss = team, sub = client id, aud = Apple, within Apple's 6 months", async () => {
    const { header, claims, input, signature } = decode(await secretOf(apple(credentials)))
    expect(header).toEqual({ alg: "ES256", kid: "XYZ987WXYZ" })
    expect(claims).toMatchObject({
      iss: "ABCDE12345",
      sub: "com.example.web",
      aud: "https://appleid.apple.com",
    })
    expect(claims.exp - claims.iat).toBeGreaterThan(0)
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(15777000)
    expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(5)
    const ok = await crypto.subtle.verify(
      { name: "ECDSA", hash: "SHA-256" },
      keyPair.publicKey,
      signature,
      new TextEncoder().encode(input),
    )
    expect(ok).toBe(true)
  })

  it("is re-used until shortly before it expires, then re-signed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] })
    vi.setSystemTime(new Date("2026-12-04T12:00:00Z"))
    const p = apple(credentials)
    const first = await secretOf(p)
    const { exp } = decode(first).claims
    vi.setSystemTime((exp - 601) * 1000)
    expect(await secretOf(p)).toBe(first)
    vi.setSystemTime((exp - 599) * 1000)
    const renewed = await secretOf(p)
    expect(renewed).not.toBe(first)
    expect(decode(renewed).claims.exp).toBeGreaterThan(exp)
  })

  it("missing or malformed key options fail at Auth() time, naming the options and examples", () => {
    const make = (options: Parameters<typeof apple>[0]) => () =>
      Auth({
        providers: [apple({ clientId: "com.example.web", ...options })],
        secret: "x".repeat(32),
        env: {},
      })
    expect(make({})).toThrow(
      /`teamId` \(e\.g\. "ABCDE12345"\), `keyId` \(e\.g\. "XYZ987WXYZ"\) and `privateKey`.*or a `clientSecret` JWT/,
    )
    expect(make({ privateKey: p8 })).toThrow(/`teamId`/)
    expect(make({ teamId: "ABCDE12345", keyId: "XYZ987WXYZ", privateKey: "MIGTAgEAMBMG" })).toThrow(
      /`privateKey` \(the \.p8 PEM\)/,
    )
    expect(make(credentials)).not.toThrow()
    expect(make({ clientSecret: "eyJ.premade.jwt" })).not.toThrow()
  })
})
