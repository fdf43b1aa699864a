import { Auth } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import azureAd from "../src/index.js"

const LOGIN = "https://login.microsoftonline.com"
const TID = "72f988bf-86f1-41af-91ab-2d7cd011db47"

// https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration: the issuer is a template.
const common = {
  token_endpoint: `${LOGIN}/common/oauth2/v2.0/token`,
  token_endpoint_auth_methods_supported: [
    "client_secret_post",
    "private_key_jwt",
    "client_secret_basic",
  ],
  jwks_uri: `${LOGIN}/common/discovery/v2.0/keys`,
  response_modes_supported: ["query", "fragment", "form_post"],
  subject_types_supported: ["pairwise"],
  id_token_signing_alg_values_supported: ["RS256"],
  response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
  scopes_supported: ["openid", "profile", "email", "offline_access"],
  issuer: `${LOGIN}/{tenantid}/v2.0`,
  request_uri_parameter_supported: false,
  userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
  authorization_endpoint: `${LOGIN}/common/oauth2/v2.0/authorize`,
  claims_supported: [
    "sub",
    "iss",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "acr",
    "nonce",
    "preferred_username",
    "name",
    "tid",
    "ver",
    "at_hash",
    "c_hash",
    "email",
  ],
  tenant_region_scope: null,
  cloud_instance_name: "microsoftonline.com",
}

const claims = {
  iss: `${LOGIN}/${TID}/v2.0`,
  sub: "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
  oid: "00000000-0000-0000-66f3-3332eca7ea81",
  tid: TID,
  ver: "2.0",
  name: "Abe Lincoln",
  preferred_username: "AbeLi@microsoft.com",
  email: "AbeLi@microsoft.com",
  xms_edov: true,
}

runProviderContract({
  provider: azureAd({
    clientId: "6cb04018-a3f5-46a7-b995-940c78f5aef3",
    clientSecret: "entra-secret",
  }),
  discovery: { url: `${LOGIN}/common/v2.0/.well-known/openid-configuration`, document: common },
  authorization: {
    url: `${LOGIN}/common/oauth2/v2.0/authorize`,
    params: { scope: "openid profile email", code_challenge_method: "S256" },
  },
  token: {
    url: `${LOGIN}/common/oauth2/v2.0/token`,
    method: "POST",
    clientAuth: "client_secret_basic",
    body: {
      token_type: "Bearer",
      scope: "openid profile email",
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: "eyJ0eXAiOiJKV1QiLCJub25jZSI6",
    },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, name: "Abe Lincoln", email: "AbeLi@microsoft.com", image: null },
  expectAccount: { providerAccountId: claims.sub },
  scenarios: [
    {
      name: "common: an id_token whose iss is not the issuer of its tid is refused",
      idTokenClaims: { ...claims, iss: `${LOGIN}/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0` },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_INVALID" },
    },
    {
      name: "common: an id_token carrying the template as iss is refused",
      idTokenClaims: { ...claims, iss: common.issuer },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_INVALID" },
    },
    {
      name: "common: an id_token without tid is refused",
      idTokenClaims: { ...claims, tid: undefined },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_INVALID" },
    },
    {
      name: "personal account (consumers tenant) signs in",
      idTokenClaims: {
        ...claims,
        tid: "9188040d-6c67-4c5b-b112-36a304b66dad",
        iss: `${LOGIN}/9188040d-6c67-4c5b-b112-36a304b66dad/v2.0`,
      },
      expectUser: { id: claims.sub },
    },
    {
      name: "email without xms_edov is not trusted",
      idTokenClaims: { ...claims, xms_edov: undefined },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "email whose domain owner is not verified is not trusted",
      idTokenClaims: { ...claims, xms_edov: false },
      expectUser: { id: claims.sub, email: null },
    },
    {
      name: "account without email",
      idTokenClaims: { ...claims, email: undefined },
      expectUser: { id: claims.sub, email: null, name: "Abe Lincoln" },
    },
    {
      name: "forged id_token -> ID_TOKEN_SIGNATURE",
      foreignSignature: true,
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_SIGNATURE" },
    },
  ],
})

// A single-tenant app: the discovery document names one fixed issuer.
const single = {
  ...common,
  issuer: `${LOGIN}/${TID}/v2.0`,
  token_endpoint: `${LOGIN}/${TID}/oauth2/v2.0/token`,
  authorization_endpoint: `${LOGIN}/${TID}/oauth2/v2.0/authorize`,
  jwks_uri: `${LOGIN}/${TID}/discovery/v2.0/keys`,
}
runProviderContract({
  provider: azureAd({
    id: "azure-ad-contoso",
    tenantId: TID,
    clientId: "6cb04018-a3f5-46a7-b995-940c78f5aef3",
    clientSecret: "entra-secret",
  }),
  discovery: { url: `${LOGIN}/${TID}/v2.0/.well-known/openid-configuration`, document: single },
  authorization: { url: `${LOGIN}/${TID}/oauth2/v2.0/authorize` },
  token: {
    url: `${LOGIN}/${TID}/oauth2/v2.0/token`,
    method: "POST",
    clientAuth: "client_secret_basic",
    body: { token_type: "Bearer", expires_in: 3599, access_token: "at" },
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: { id: claims.sub, email: "AbeLi@microsoft.com" },
  scenarios: [
    {
      name: "single tenant: a token from another tenant is refused even with a matching tid/iss pair",
      idTokenClaims: {
        ...claims,
        tid: "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
        iss: `${LOGIN}/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0`,
      },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_INVALID" },
    },
  ],
})

describe("azure-ad options", () => {
  const auth = (tenantId: string) => () =>
    Auth({
      providers: [azureAd({ tenantId, clientId: "c", clientSecret: "s" })],
      secret: "x".repeat(32),
      env: {},
    })
  it("a malformed tenantId fails at Auth() time, naming the option and an example", () => {
    expect(auth("contoso/../evil")).toThrow(
      /`tenantId` must be .*e\.g\. "contoso\.onmicrosoft\.com"/,
    )
    expect(auth("")).toThrow(/INVALID|tenantId/)
  })
  it("accepts GUIDs, domains and the multi-tenant aliases", () => {
    for (const tenant of [TID, "contoso.onmicrosoft.com", "common", "organizations", "consumers"])
      expect(auth(tenant)).not.toThrow()
  })
})
