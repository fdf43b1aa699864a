import { runProviderContract } from "@auth/testkit/contract"
import faceit from "../src/index.js"

const guid = "5ea07280-2399-4c7e-88ab-f2f7db0c449f"
// FACEIT Connect userinfo with `openid email profile`.
const me = {
  guid,
  nickname: "s1mple",
  email: "player@faceit.example",
  picture: "https://assets.faceit-cdn.net/avatars/5ea07280.jpg",
  locale: "en",
  membership: "free",
}
// An id_token whose issuer openid-client could not match: the token conform must drop it.
const idToken =
  "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2FwaS5mYWNlaXQuY29tL2F1dGgiLCJzdWIiOiI1ZWEwNzI4MCJ9.c2ln"

runProviderContract({
  provider: faceit({ clientId: "faceit-client-id", clientSecret: "faceit-secret" }),
  authorization: {
    url: "https://accounts.faceit.com/accounts",
    params: { redirect_popup: "true", scope: "openid email profile" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://api.faceit.com/auth/v1/oauth/token",
    method: "POST",
    // FACEIT wants HTTP Basic on the token request (v4 declared it in an ignored `headers` key).
    clientAuth: "client_secret_basic",
    body: {
      access_token: "faceit-at",
      token_type: "bearer",
      expires_in: 3600,
      refresh_token: "faceit-rt",
      scope: "openid email profile",
      id_token: idToken,
    },
  },
  userinfo: { url: "https://api.faceit.com/auth/v1/resources/userinfo", body: me },
  expectUser: { id: guid, name: "s1mple", email: "player@faceit.example", image: me.picture },
  expectAccount: { providerAccountId: guid, access_token: "faceit-at", refresh_token: "faceit-rt" },
  scenarios: [
    {
      name: "email scope not granted: email null; no picture: image null",
      userinfo: { body: { guid, nickname: "s1mple" } },
      expectUser: { id: guid, email: null, image: null },
    },
    {
      name: "email_verified false: the address is not trusted",
      userinfo: { body: { ...me, email_verified: false } },
      expectUser: { id: guid, email: null },
    },
    {
      name: "userinfo answers 401 -> USERINFO_ERROR",
      userinfo: { status: 401, body: { error: "invalid_token" } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
