import { defineProvider } from "@auth/core"

const ACCOUNT = "https://api.dropboxapi.com/2/users/get_current_account"

/** The Dropbox account, from `POST /2/users/get_current_account` (scope `account_info.read`). */
export interface DropboxProfile extends Record<string, unknown> {
  /** "dbid:..." : the stable account id. */
  account_id: string
  name: {
    given_name: string
    surname: string
    familiar_name: string
    display_name: string
    abbreviated_name: string
  }
  email: string
  /** Whether the user has verified their email address. */
  email_verified: boolean
  disabled: boolean
  profile_photo_url?: string
  country?: string
  locale: string
  referral_link: string
  is_paired: boolean
  account_type: { ".tag": "basic" | "pro" | "business" }
  root_info?: { ".tag": string; root_namespace_id: string; home_namespace_id: string }
  team?: { id: string; name: string }
  team_member_id?: string
}

/**
 * Sign in with Dropbox (OAuth 2.0).
 *
 * Setup: create a scoped app in the Dropbox App Console, enable `account_info.read` under Permissions,
 * add the callback URL below as a redirect URI, then copy the App key and App secret.
 *
 * Callback URL: `[origin]/api/auth/callback/dropbox`
 * Portal: https://www.dropbox.com/developers/apps
 * Docs: https://developers.dropbox.com/oauth-guide
 * Required options: none
 *
 * @example
 * ```ts
 * import dropbox from "@auth/provider-dropbox"
 * Auth({ providers: [dropbox()] }) // AUTH_DROPBOX_ID (App key), AUTH_DROPBOX_SECRET (App secret)
 * ```
 * @see https://www.dropbox.com/developers/documentation/http/documentation#users-get_current_account
 */
export default defineProvider<DropboxProfile>({
  id: "dropbox",
  name: "Dropbox",
  type: "oauth",
  authorization: {
    url: "https://www.dropbox.com/oauth2/authorize",
    // `offline` gives a refresh token (Dropbox access tokens are short-lived).
    params: { scope: "account_info.read", token_access_type: "offline" },
  },
  token: "https://api.dropboxapi.com/oauth2/token",
  userinfo: {
    url: ACCOUNT,
    // An RPC endpoint: POST with no arguments (a GET fails).
    async request({ tokens, fetch, provider }) {
      const headers = { authorization: `Bearer ${tokens.access_token}` }
      const res = await fetch(provider.userinfo.url ?? ACCOUNT, { method: "POST", headers })
      if (!res.ok)
        throw new Error(`Dropbox account: HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`)
      return (await res.json()) as DropboxProfile
    },
  },
  profile: (p) => ({
    id: p.account_id,
    name: p.name?.display_name ?? null,
    email: p.email_verified ? p.email : null,
    image: p.profile_photo_url ?? null,
  }),
  style: { bg: "#0061fe", text: "#ffffff", bgDark: "#0061fe", textDark: "#ffffff" },
})
