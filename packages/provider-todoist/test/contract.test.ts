import { runProviderContract } from "@auth/testkit/contract"
import todoist from "../src/index.js"

const user = {
  activated_user: true,
  auto_reminder: 0,
  avatar_big: "https://dcff1xvirvpfp.cloudfront.net/d160009dfd52b991030d55227003450f_big.jpg",
  avatar_medium: "https://dcff1xvirvpfp.cloudfront.net/d160009dfd52b991030d55227003450f_medium.jpg",
  avatar_s640: "https://dcff1xvirvpfp.cloudfront.net/d160009dfd52b991030d55227003450f_s640.jpg",
  avatar_small: "https://dcff1xvirvpfp.cloudfront.net/d160009dfd52b991030d55227003450f_small.jpg",
  business_account_id: null,
  email: "me@todoist.example",
  full_name: "Example User",
  id: "2671355",
  image_id: "d160009dfd52b991030d55227003450f",
  inbox_project_id: "6X7fqH39MwjmwV4q",
  is_premium: true,
  joined_at: "2015-07-31T18:32:06.000000Z",
  lang: "en",
  premium_status: "current_personal_plan",
  tz_info: { gmt_string: "+02:00", hours: 2, is_dst: 0, minutes: 0, timezone: "Europe/Helsinki" },
  verification_status: "verified",
}

runProviderContract({
  provider: todoist({ clientId: "todoist-client", clientSecret: "todoist-secret" }),
  authorization: {
    url: "https://todoist.com/oauth/authorize",
    params: { scope: "data:read" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://todoist.com/oauth/access_token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: { access_token: "todoist-at", token_type: "Bearer" },
  },
  userinfo: { url: "https://api.todoist.com/api/v1/user", method: "GET", body: user },
  expectUser: {
    id: "2671355",
    name: "Example User",
    email: "me@todoist.example",
    image: user.avatar_big,
  },
  expectAccount: { providerAccountId: "2671355", access_token: "todoist-at" },
  scenarios: [
    {
      name: "an unverified address is not used; no avatar",
      userinfo: {
        body: { ...user, verification_status: "unverified", avatar_big: null, image_id: null },
      },
      expectUser: { id: "2671355", email: null, image: null },
    },
    {
      name: "Todoist refuses the code -> TOKEN_ENDPOINT_ERROR",
      token: { status: 400, body: { error: "bad_authorization_code" } },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /bad_authorization_code/,
      },
    },
    {
      name: "/api/v1/user answers 401 (token revoked) -> USERINFO_ERROR",
      userinfo: { status: 401, body: "Unauthorized" },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR", message: /401/ },
    },
  ],
})
