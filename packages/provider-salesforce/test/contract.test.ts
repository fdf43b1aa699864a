import { runProviderContract } from "@auth/testkit/contract"
import salesforce from "../src/index.js"

function discovery(host: string) {
  return {
    issuer: host,
    authorization_endpoint: `${host}/services/oauth2/authorize`,
    token_endpoint: `${host}/services/oauth2/token`,
    revocation_endpoint: `${host}/services/oauth2/revoke`,
    userinfo_endpoint: `${host}/services/oauth2/userinfo`,
    jwks_uri: `${host}/id/keys`,
    scopes_supported: [
      "id",
      "api",
      "email",
      "address",
      "openid",
      "profile",
      "refresh_token",
      "phone",
      "offline_access",
    ],
    response_types_supported: ["code", "token", "token id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    token_endpoint_auth_methods_supported: [
      "client_secret_post",
      "client_secret_basic",
      "private_key_jwt",
    ],
    code_challenge_methods_supported: ["S256"],
  }
}

function userinfo(host: string) {
  return {
    sub: `${host}/id/00D5e000000Abc1EAC/0055e000001XyZ2AAK`,
    user_id: "0055e000001XyZ2AAK",
    organization_id: "00D5e000000Abc1EAC",
    preferred_username: "sam@acme.example.sandbox",
    nickname: "sam",
    name: "Sam Sales",
    email: "sam@acme.example",
    email_verified: true,
    given_name: "Sam",
    family_name: "Sales",
    zoneinfo: "America/Los_Angeles",
    photos: {
      picture: "https://acme.file.force.com/profilephoto/005/F",
      thumbnail: "https://acme.file.force.com/profilephoto/005/T",
    },
    profile: "https://acme.my.salesforce.com/0055e000001XyZ2AAK",
    picture: "https://acme.file.force.com/profilephoto/005/F",
    address: { country: "US" },
    active: true,
    user_type: "STANDARD",
    language: "en_US",
    locale: "en_US",
    utcOffset: -28800000,
    updated_at: "2026-11-30T10:00:00Z",
  }
}

function tokenBody(host: string) {
  return {
    access_token: "00D5e000000Abc1!AQ4AQ.access",
    refresh_token: "5Aep861.refresh",
    signature: "d4bP9g0V1W2x3y4z5A6B7C8D9E0F1G2H3I4J5K6L7M8=",
    scope: "openid profile email",
    instance_url: "https://acme.my.salesforce.com",
    id: `${host}/id/00D5e000000Abc1EAC/0055e000001XyZ2AAK`,
    token_type: "Bearer",
    issued_at: "1764500000000",
  }
}

const login = "https://login.salesforce.com"
const me = userinfo(login)

runProviderContract({
  provider: salesforce({
    clientId: "3MVG9salesforce.consumer.key",
    clientSecret: "salesforce-secret",
  }),
  discovery: { url: `${login}/.well-known/openid-configuration`, document: discovery(login) },
  authorization: {
    url: `${login}/services/oauth2/authorize`,
    params: { scope: "openid profile email", code_challenge_method: "S256" },
  },
  token: {
    url: `${login}/services/oauth2/token`,
    method: "POST",
    clientAuth: "client_secret_basic",
    body: tokenBody(login),
  },
  idTokenClaims: { iss: login, sub: me.sub },
  userinfo: { url: `${login}/services/oauth2/userinfo`, body: me },
  expectUser: {
    id: "0055e000001XyZ2AAK",
    name: "Sam Sales",
    email: "sam@acme.example",
    image: me.picture,
  },
  expectAccount: {
    providerAccountId: "0055e000001XyZ2AAK",
    access_token: "00D5e000000Abc1!AQ4AQ.access",
    refresh_token: "5Aep861.refresh",
  },
  scenarios: [
    {
      name: "name and email come from the UserInfo fields; an unverified email is not used",
      userinfo: { body: { ...me, email_verified: false, name: "" } },
      expectUser: { id: "0055e000001XyZ2AAK", name: "sam@acme.example.sandbox", email: null },
    },
    {
      name: "UserInfo of another user than the id_token's -> USERINFO_ERROR",
      userinfo: { body: { ...me, sub: `${login}/id/00D5e000000Abc1EAC/005OTHER000000000` } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
    {
      name: "a forged id_token -> ID_TOKEN_SIGNATURE, no session",
      foreignSignature: true,
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_SIGNATURE" },
    },
    {
      name: "Salesforce refuses the code -> TOKEN_ENDPOINT_ERROR with its description",
      token: {
        status: 400,
        body: { error: "invalid_grant", error_description: "authentication failure" },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /authentication failure/,
      },
    },
  ],
})

// Sandbox: every endpoint, the id_token issuer and the discovery come from test.salesforce.com.
const sandbox = "https://test.salesforce.com"
runProviderContract({
  provider: salesforce({
    id: "salesforce-sandbox",
    issuer: sandbox,
    clientId: "3MVG9sandbox.key",
    clientSecret: "sandbox-secret",
  }),
  discovery: { url: `${sandbox}/.well-known/openid-configuration`, document: discovery(sandbox) },
  authorization: {
    url: `${sandbox}/services/oauth2/authorize`,
    params: { scope: "openid profile email" },
  },
  token: {
    url: `${sandbox}/services/oauth2/token`,
    clientAuth: "client_secret_basic",
    body: tokenBody(sandbox),
  },
  idTokenClaims: { iss: sandbox, sub: userinfo(sandbox).sub },
  userinfo: { url: `${sandbox}/services/oauth2/userinfo`, body: userinfo(sandbox) },
  expectUser: { id: "0055e000001XyZ2AAK", email: "sam@acme.example" },
})

// My Domain login host.
const myDomain = "https://acme.my.salesforce.com"
runProviderContract({
  provider: salesforce({
    id: "salesforce-acme",
    issuer: myDomain,
    clientId: "3MVG9acme.key",
    clientSecret: "acme-secret",
  }),
  discovery: { url: `${myDomain}/.well-known/openid-configuration`, document: discovery(myDomain) },
  authorization: { url: `${myDomain}/services/oauth2/authorize` },
  token: {
    url: `${myDomain}/services/oauth2/token`,
    clientAuth: "client_secret_basic",
    body: tokenBody(myDomain),
  },
  idTokenClaims: { iss: myDomain, sub: userinfo(myDomain).sub },
  userinfo: { url: `${myDomain}/services/oauth2/userinfo`, body: userinfo(myDomain) },
  expectUser: { id: "0055e000001XyZ2AAK", name: "Sam Sales" },
  scenarios: [
    {
      name: "an id_token from another Salesforce host (production) is refused for a My Domain provider",
      idTokenClaims: { iss: login, sub: userinfo(myDomain).sub },
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_INVALID" },
    },
  ],
})
