import { runProviderContract } from "@auth/testkit/contract"
import facebook from "../src/index.js"

// GET /me?fields=id,name,email,picture, shaped as the Graph API User reference documents it.
const me = {
  id: "10224242424242424",
  name: "Mark Example",
  email: "mark@facebook.example",
  picture: {
    data: {
      height: 50,
      is_silhouette: false,
      url: "https://platform-lookaside.fbsbx.com/platform/profilepic/?asid=10224242424242424&height=50&width=50",
      width: 50,
    },
  },
}
const token = { access_token: "EAAGm0PX4ZCpsBA", token_type: "bearer", expires_in: 5183944 }

runProviderContract({
  provider: facebook({ clientId: "1234567890123456", clientSecret: "fb-app-secret" }),
  // The v4 defect: Graph v11.0 (long retired). A current version is in every URL.
  authorization: {
    url: "https://www.facebook.com/v26.0/dialog/oauth",
    params: { scope: "email" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://graph.facebook.com/v26.0/oauth/access_token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: token,
  },
  userinfo: {
    url: "https://graph.facebook.com/v26.0/me",
    query: { fields: "id,name,email,picture" },
    body: me,
  },
  expectUser: {
    id: "10224242424242424",
    name: "Mark Example",
    email: "mark@facebook.example",
    image: me.picture.data.url,
  },
  expectAccount: { providerAccountId: "10224242424242424", access_token: "EAAGm0PX4ZCpsBA" },
  scenarios: [
    {
      name: "no email (phone-only account or permission declined) is not an error: email null",
      userinfo: { body: { id: me.id, name: me.name, picture: me.picture } },
      expectUser: { id: "10224242424242424", email: null, image: me.picture.data.url },
    },
    {
      name: "no picture field: image null",
      userinfo: { body: { id: me.id, name: me.name, email: me.email } },
      expectUser: { id: "10224242424242424", image: null },
    },
    {
      name: "Graph API OAuthException on /me (expired token) -> USERINFO_ERROR",
      userinfo: {
        status: 400,
        body: {
          error: {
            message: "Error validating access token: Session has expired",
            type: "OAuthException",
            code: 190,
            error_subcode: 463,
            fbtrace_id: "A1b2C3",
          },
        },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})

runProviderContract({
  // `apiVersion` pins another Graph API version everywhere.
  provider: facebook({
    clientId: "1234567890123456",
    clientSecret: "fb-app-secret",
    apiVersion: "v24.0",
  }),
  authorization: { url: "https://www.facebook.com/v24.0/dialog/oauth", params: { scope: "email" } },
  token: {
    url: "https://graph.facebook.com/v24.0/oauth/access_token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: token,
  },
  userinfo: {
    url: "https://graph.facebook.com/v24.0/me",
    query: { fields: "id,name,email,picture" },
    body: me,
  },
  expectUser: { id: "10224242424242424", email: "mark@facebook.example" },
})
