import { defineProvider } from "@auth/core"

const CDN = "https://cdn.discordapp.com"

/** The Discord user object, from `GET /users/@me` (https://discord.com/developers/docs/resources/user#user-object). */
export interface DiscordProfile extends Record<string, unknown> {
  /** Snowflake id (a string). */
  id: string
  /** Unique username (lower case, since the 2023 username migration). */
  username: string
  /** "0" for migrated users; a 4-digit tag for the rest. */
  discriminator: string
  /** The display name, if set. */
  global_name: string | null
  /** Avatar hash; "a_" prefix means animated. */
  avatar: string | null
  bot?: boolean
  mfa_enabled?: boolean
  banner?: string | null
  accent_color?: number | null
  locale?: string
  /** Whether the email on the account has been verified (needs the `email` scope). */
  verified?: boolean
  /** Needs the `email` scope. */
  email?: string | null
  flags?: number
  premium_type?: number
  public_flags?: number
  /** Computed by this package: the avatar URL, or the default avatar's. */
  image_url?: string
}

/** The avatar URL: animated hashes as GIF; without one, the default avatar Discord itself would show. */
function avatarUrl(p: DiscordProfile): string {
  if (p.avatar)
    return `${CDN}/avatars/${p.id}/${p.avatar}.${p.avatar.startsWith("a_") ? "gif" : "png"}`
  // Migrated users (discriminator "0"): (id >> 22) % 6; legacy tags: discriminator % 5.
  const legacy = p.discriminator && p.discriminator !== "0"
  const index = legacy ? Number(p.discriminator) % 5 : Number((BigInt(p.id) >> 22n) % 6n)
  return `${CDN}/embed/avatars/${index}.png`
}

/**
 * Sign in with Discord (OAuth 2.0).
 *
 * Setup: create an application in the Discord developer portal, add the callback URL below under
 * OAuth2 > Redirects, then copy the client id and client secret.
 *
 * Callback URL: `[origin]/api/auth/callback/discord`
 * Portal: https://discord.com/developers/applications
 * Docs: https://discord.com/developers/docs/topics/oauth2
 * Required options: none
 *
 * @example
 * ```ts
 * import discord from "@auth/provider-discord"
 * Auth({ providers: [discord()] }) // AUTH_DISCORD_ID, AUTH_DISCORD_SECRET
 * ```
 * @see https://discord.com/developers/docs/reference#image-formatting
 */
export default defineProvider<DiscordProfile>({
  id: "discord",
  name: "Discord",
  type: "oauth",
  authorization: {
    url: "https://discord.com/oauth2/authorize",
    params: { scope: "identify email" },
  },
  token: "https://discord.com/api/oauth2/token",
  userinfo: "https://discord.com/api/users/@me",
  profile: (p) => ({
    id: p.id,
    name: p.global_name ?? p.username,
    // Discord says whether the address is verified: only a verified one is used.
    email: p.verified ? (p.email ?? null) : null,
    image: avatarUrl(p),
  }),
  style: { bg: "#5865f2", text: "#ffffff", bgDark: "#5865f2", textDark: "#ffffff" },
})
