import { runProviderContract } from "@auth/testkit/contract"
import discord from "../src/index.js"

// GET /users/@me with `identify email`, from Discord's user object reference.
const me = {
  id: "80351110224678912",
  username: "nelly",
  discriminator: "0",
  global_name: "Nelly",
  avatar: "8342729096ea3675442027381ff50dfe",
  verified: true,
  email: "nelly@discord.example",
  flags: 64,
  banner: null,
  accent_color: 16711680,
  premium_type: 1,
  public_flags: 64,
  mfa_enabled: true,
  locale: "en-US",
}
const id = "80351110224678912"

runProviderContract({
  provider: discord({ clientId: "157730590492196864", clientSecret: "discord-secret" }),
  authorization: {
    url: "https://discord.com/oauth2/authorize",
    params: { scope: "identify email" },
    absentParams: ["nonce"],
  },
  token: {
    url: "https://discord.com/api/oauth2/token",
    method: "POST",
    clientAuth: "client_secret_basic",
    body: {
      access_token: "6qrZcUqja7812RVdnEKjpzOL4CvHBFG",
      token_type: "Bearer",
      expires_in: 604800,
      refresh_token: "D43f5y0ahjqew82jZ4NViEr2YafMKhue",
      scope: "identify email",
    },
  },
  userinfo: { url: "https://discord.com/api/users/@me", body: me },
  expectUser: {
    id,
    name: "Nelly",
    email: "nelly@discord.example",
    image: `https://cdn.discordapp.com/avatars/${id}/8342729096ea3675442027381ff50dfe.png`,
  },
  expectAccount: {
    providerAccountId: id,
    refresh_token: "D43f5y0ahjqew82jZ4NViEr2YafMKhue",
    scope: "identify email",
  },
  scenarios: [
    {
      name: "no global_name: the username is the name",
      userinfo: { body: { ...me, global_name: null } },
      expectUser: { id, name: "nelly" },
    },
    {
      name: "animated avatar (a_ hash) is a GIF",
      userinfo: { body: { ...me, avatar: "a_1269e74af4df7417b13759eae50c83dc" } },
      expectUser: {
        id,
        image: `https://cdn.discordapp.com/avatars/${id}/a_1269e74af4df7417b13759eae50c83dc.gif`,
      },
    },
    {
      // (80351110224678912 >> 22) % 6 = 5: the old rule (discriminator % 5) would give 0.
      name: "no avatar, migrated user (discriminator 0): default avatar (id >> 22) % 6",
      userinfo: { body: { ...me, avatar: null } },
      expectUser: { id, image: "https://cdn.discordapp.com/embed/avatars/5.png" },
    },
    {
      name: "no avatar, a user who kept a legacy tag: default avatar discriminator % 5",
      userinfo: { body: { ...me, id: "53908232506183680", discriminator: "1337", avatar: null } },
      expectUser: {
        id: "53908232506183680",
        image: "https://cdn.discordapp.com/embed/avatars/2.png",
      },
      expectAccount: { providerAccountId: "53908232506183680" },
    },
    {
      name: "unverified email is not trusted",
      userinfo: { body: { ...me, verified: false } },
      expectUser: { id, email: null },
    },
    {
      name: "email scope not granted: no email field, email null",
      userinfo: { body: { ...me, email: undefined, verified: undefined } },
      expectUser: { id, email: null },
    },
    {
      name: "/users/@me answers 401 -> USERINFO_ERROR",
      userinfo: { status: 401, body: { message: "401: Unauthorized", code: 0 } },
      expectError: { type: "OAuthCallbackError", code: "USERINFO_ERROR" },
    },
  ],
})
