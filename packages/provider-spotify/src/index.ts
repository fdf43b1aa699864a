import { defineProvider } from "@auth/core"

const AUTHORIZE = "https://accounts.spotify.com/authorize"
const TOKEN = "https://accounts.spotify.com/api/token"
const ME = "https://api.spotify.com/v1/me"

/** `GET /v1/me` (https://developer.spotify.com/documentation/web-api/reference/get-current-users-profile). */
export interface SpotifyProfile extends Record<string, unknown> {
  /** Spotify user id (a string, e.g. "wizzler"). */
  id: string
  /** Null when the user has not set one. */
  display_name: string | null
  /**
   * With `user-read-email`. Spotify documents it as UNVERIFIED ("there is no proof that it actually
   * belongs to the user"), so it is never used as the user's email.
   */
  email?: string
  /** Profile images in several sizes. */
  images: Array<{ url: string; height: number | null; width: number | null }>
  /** With `user-read-private`. */
  country?: string
  product?: "premium" | "free" | "open"
  explicit_content?: { filter_enabled: boolean; filter_locked: boolean }
  external_urls: { spotify: string }
  followers?: { href: string | null; total: number }
  href: string
  type: "user"
  uri: string
}

/**
 * Sign in with Spotify (OAuth 2.0).
 *
 * Setup: create an app in the Spotify developer dashboard, add the callback URL below as a Redirect
 * URI, tick "Web API", then copy the client id and secret. Apps in development mode only let the
 * users listed under "User Management" sign in.
 *
 * Callback URL: `[origin]/api/auth/callback/spotify`
 * Portal: https://developer.spotify.com/dashboard
 * Docs: https://developer.spotify.com/documentation/web-api/tutorials/code-flow
 * Required options: none
 *
 * @example
 * ```ts
 * import spotify from "@auth/provider-spotify"
 * Auth({ providers: [spotify()] })
 * ```
 * @see https://developer.spotify.com/documentation/web-api/reference/get-current-users-profile
 */
export default defineProvider<SpotifyProfile>({
  id: "spotify",
  name: "Spotify",
  type: "oauth",
  authorization: { url: AUTHORIZE, params: { scope: "user-read-email" } },
  token: TOKEN,
  userinfo: ME,
  profile: (p) => ({
    id: p.id,
    name: p.display_name ?? p.id,
    // Spotify does not verify emails: it stays on the raw profile, never on the user.
    email: null,
    // The widest image.
    image:
      p.images?.reduce<SpotifyProfile["images"][number] | undefined>(
        (a, b) => ((b.width ?? 0) > (a?.width ?? -1) ? b : a),
        undefined,
      )?.url ?? null,
  }),
  style: { bg: "#1ed760", text: "#000000", bgDark: "#1ed760", textDark: "#000000" },
})
