import { runProviderContract } from "@auth/testkit/contract"
import fortyTwo from "../src/index.js"

// Shape of GET /v2/me from the 42 API documentation (trimmed).
const me = {
  id: 2,
  email: "andre@42.fr",
  login: "andre",
  first_name: "André",
  last_name: "Aubin",
  usual_full_name: "Juliette Aubin",
  displayname: "André Aubin",
  url: "https://api.intra.42.fr/v2/users/andre",
  image: {
    link: "https://cdn.intra.42.fr/users/andre.jpg",
    versions: { small: "https://cdn.intra.42.fr/users/small_andre.jpg" },
  },
  "staff?": false,
  pool_year: "2024",
}

runProviderContract({
  provider: fortyTwo({ clientId: "u-s4t2ud-42uid", clientSecret: "s-s4t2ud-42secret" }),
  authorization: {
    url: "https://api.intra.42.fr/oauth/authorize",
    params: { scope: "public" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://api.intra.42.fr/oauth/token",
    method: "POST",
    clientAuth: "client_secret_post",
    // 42 (Doorkeeper) adds numeric created_at / secret_valid_until: they must not break the sign-in.
    body: {
      access_token: "42-at",
      token_type: "bearer",
      expires_in: 7200,
      scope: "public",
      created_at: 1764806400,
      secret_valid_until: 1767398400,
    },
  },
  userinfo: { url: "https://api.intra.42.fr/v2/me", body: me },
  expectUser: {
    id: "2",
    name: "Juliette Aubin",
    email: "andre@42.fr",
    image: "https://cdn.intra.42.fr/users/andre.jpg",
  },
  expectAccount: { providerAccountId: "2", access_token: "42-at", scope: "public" },
  scenarios: [
    {
      name: "numeric id becomes a string; no usual name and no picture: displayname, image null",
      userinfo: {
        body: {
          id: 117263,
          login: "jdoe",
          email: "jdoe@student.42.fr",
          displayname: "John Doe",
          image: { link: null },
        },
      },
      expectUser: { id: "117263", name: "John Doe", email: "jdoe@student.42.fr", image: null },
      expectAccount: { providerAccountId: "117263" },
    },
    {
      name: "no email in the profile: email null",
      userinfo: { body: { ...me, email: null } },
      expectUser: { id: "2", email: null },
    },
    {
      name: "/v2/me answers 401 (token revoked) -> USERINFO_ERROR",
      userinfo: {
        status: 401,
        body: { error: "Not authorized", message: "The access token is invalid" },
      },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
