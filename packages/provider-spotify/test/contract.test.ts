import { runProviderContract } from "@auth/testkit/contract"
import spotify from "../src/index.js"

const me = {
  country: "SE",
  display_name: "JM Wizzler",
  email: "email@spotify.example",
  explicit_content: { filter_enabled: false, filter_locked: false },
  external_urls: { spotify: "https://open.spotify.com/user/wizzler" },
  followers: { href: null, total: 3829 },
  href: "https://api.spotify.com/v1/users/wizzler",
  id: "wizzler",
  images: [
    { url: "https://i.scdn.co/image/ab67757000003b82_small", height: 64, width: 64 },
    { url: "https://i.scdn.co/image/ab6775700000ee85_large", height: 300, width: 300 },
  ],
  product: "premium",
  type: "user",
  uri: "spotify:user:wizzler",
}

runProviderContract({
  provider: spotify({ clientId: "spotify-client", clientSecret: "spotify-secret" }),
  authorization: {
    url: "https://accounts.spotify.com/authorize",
    params: { scope: "user-read-email", code_challenge_method: "S256" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://accounts.spotify.com/api/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: {
      access_token: "spotify-at",
      token_type: "Bearer",
      scope: "user-read-email",
      expires_in: 3600,
      refresh_token: "spotify-rt",
    },
  },
  userinfo: { url: "https://api.spotify.com/v1/me", body: me },
  expectUser: {
    id: "wizzler",
    name: "JM Wizzler",
    email: null,
    image: "https://i.scdn.co/image/ab6775700000ee85_large",
  },
  expectAccount: {
    providerAccountId: "wizzler",
    access_token: "spotify-at",
    refresh_token: "spotify-rt",
  },
  scenarios: [
    {
      name: "Spotify's email is documented as unverified: never the user's email; no display name, no images",
      userinfo: { body: { ...me, id: "31l77fd4zq", display_name: null, images: [] } },
      expectUser: { id: "31l77fd4zq", name: "31l77fd4zq", email: null, image: null },
      expectAccount: { providerAccountId: "31l77fd4zq" },
    },
    {
      name: "Spotify refuses the code -> TOKEN_ENDPOINT_ERROR",
      token: {
        status: 400,
        body: { error: "invalid_grant", error_description: "Invalid authorization code" },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /Invalid authorization code/,
      },
    },
    {
      name: "development-mode app, user not allow-listed: /v1/me 403 -> USERINFO_ERROR naming the cause",
      userinfo: {
        status: 403,
        body: { error: { status: 403, message: "User not registered in the Developer Dashboard" } },
      },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /User not registered in the Developer Dashboard/,
      },
    },
  ],
})
