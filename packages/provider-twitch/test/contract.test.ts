import { runProviderContract } from "@auth/testkit/contract"
import twitch from "../src/index.js"

// https://id.twitch.tv/oauth2/.well-known/openid-configuration
const discovery = {
  authorization_endpoint: "https://id.twitch.tv/oauth2/authorize",
  claims_parameter_supported: true,
  claims_supported: [
    "email",
    "email_verified",
    "picture",
    "preferred_username",
    "exp",
    "iss",
    "sub",
    "azp",
    "aud",
    "iat",
    "updated_at",
  ],
  id_token_signing_alg_values_supported: ["RS256"],
  issuer: "https://id.twitch.tv/oauth2",
  jwks_uri: "https://id.twitch.tv/oauth2/keys",
  response_types_supported: ["id_token", "code", "token", "code id_token", "token id_token"],
  scopes_supported: ["openid"],
  subject_types_supported: ["public"],
  token_endpoint: "https://id.twitch.tv/oauth2/token",
  token_endpoint_auth_methods_supported: ["client_secret_post"],
  userinfo_endpoint: "https://id.twitch.tv/oauth2/userinfo",
}

const claims = {
  iss: "https://id.twitch.tv/oauth2",
  sub: "713936733",
  azp: "hof5gwx0su6owfnys0yan9c87zr6t",
  preferred_username: "TwitchDev",
  email: "dev@twitch.example",
  email_verified: true,
  picture:
    "https://static-cdn.jtvnw.net/jtv_user_pictures/8a6381c7-d0c0-4576-b179-38bd5ce1d6af-profile_image-300x300.png",
}

// Twitch's answer: `scope` is a JSON array.
const tokenBody = {
  access_token: "rfx2uswqe8l4g1mkagrvg5tv0ks3",
  expires_in: 14124,
  refresh_token: "5b93chm6hdve3mycz05zfzatkfdenfspp1h1ar2xxdalen01",
  scope: ["openid", "user:read:email"],
  token_type: "bearer",
}

runProviderContract({
  provider: twitch({ clientId: "hof5gwx0su6owfnys0yan9c87zr6t", clientSecret: "twitch-secret" }),
  discovery: {
    url: "https://id.twitch.tv/oauth2/.well-known/openid-configuration",
    document: discovery,
  },
  authorization: {
    url: "https://id.twitch.tv/oauth2/authorize",
    params: {
      scope: "openid user:read:email",
      // The OIDC claims parameter asks for email (with its verification) and picture in the id_token.
      claims:
        '{"id_token":{"email":null,"email_verified":null,"picture":null,"preferred_username":null}}',
    },
    absentParams: ["code_challenge"],
  },
  token: {
    url: "https://id.twitch.tv/oauth2/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: tokenBody,
  },
  userinfo: null,
  idTokenClaims: claims,
  expectUser: {
    id: "713936733",
    name: "TwitchDev",
    email: "dev@twitch.example",
    image: claims.picture,
  },
  // The scope array is stored as a space-separated string.
  expectAccount: {
    providerAccountId: "713936733",
    scope: "openid user:read:email",
    refresh_token: tokenBody.refresh_token,
    token_type: "bearer",
  },
  scenarios: [
    {
      name: "scope already a string is kept",
      token: { body: { ...tokenBody, scope: "openid user:read:email" } },
      expectAccount: { scope: "openid user:read:email" },
    },
    {
      name: "unverified email is not trusted",
      idTokenClaims: { ...claims, email_verified: false },
      expectUser: { id: "713936733", email: null },
    },
    {
      name: "no email claim (scope not granted): no email",
      idTokenClaims: { ...claims, email: undefined, email_verified: undefined },
      expectUser: { id: "713936733", email: null },
    },
    {
      name: "forged id_token -> ID_TOKEN_SIGNATURE",
      foreignSignature: true,
      expectError: { type: "OAuthCallbackError", code: "ID_TOKEN_SIGNATURE" },
    },
  ],
})
