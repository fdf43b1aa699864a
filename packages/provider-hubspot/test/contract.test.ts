import { runProviderContract } from "@auth/testkit/contract"
import hubspot from "../src/index.js"

const at = "CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4"
// GET /oauth/v1/access-tokens/{token}, as HubSpot documents it.
const info = {
  token: at,
  user: "test@hubspot.com",
  hub_domain: "demo.hubapi.com",
  scopes: ["oauth", "crm.objects.contacts.read"],
  scope_to_scope_group_pks: [25, 31],
  hub_id: 62515,
  app_id: 456789,
  expires_in: 21588,
  user_id: 123,
  token_type: "access",
}

runProviderContract({
  provider: hubspot({ clientId: "hubspot-client-id", clientSecret: "hubspot-secret" }),
  authorization: {
    url: "https://app.hubspot.com/oauth/authorize",
    params: { scope: "oauth" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://api.hubapi.com/oauth/v1/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: { token_type: "bearer", refresh_token: "hubspot-rt", access_token: at, expires_in: 1800 },
  },
  // No userinfo endpoint: the token-information endpoint, token in the path and no Authorization header.
  userinfo: {
    url: `https://api.hubapi.com/oauth/v1/access-tokens/${at}`,
    bearer: false,
    body: info,
  },
  expectUser: { id: "123", name: null, email: "test@hubspot.com", image: null },
  expectAccount: { providerAccountId: "123", access_token: at, refresh_token: "hubspot-rt" },
  scenarios: [
    {
      name: "another user of the same portal: id from user_id, email from user",
      userinfo: { body: { ...info, user: "ops@hubspot.example", user_id: 987654 } },
      expectUser: { id: "987654", email: "ops@hubspot.example" },
      expectAccount: { providerAccountId: "987654" },
    },
    {
      name: "token information answers 404 (token unknown) -> USERINFO_ERROR",
      userinfo: {
        status: 404,
        body: { status: "error", message: "Token not found", category: "OBJECT_NOT_FOUND" },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
    {
      name: "BAD_AUTH_CODE from the token endpoint -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: {
          status: "BAD_AUTH_CODE",
          message: "missing or unknown auth code",
          error: "invalid_grant",
          error_description: "missing or unknown auth code",
        },
      },
      expectError: { type: "OAuthCallbackError", code: "TOKEN_ENDPOINT_ERROR" },
    },
  ],
})
