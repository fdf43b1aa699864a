import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** https://docs.github.com/en/rest/users/users#get-the-authenticated-user */
export interface GitHubProfile extends Record<string, unknown> {
  /** Numeric account id: stable, unlike `login`. */
  id: number
  login: string
  node_id?: string
  name: string | null
  /** The public email, null unless the person made one public. */
  email: string | null
  avatar_url: string
  html_url?: string
  company?: string | null
  blog?: string | null
  location?: string | null
  bio?: string | null
  created_at?: string
}

/** https://docs.github.com/en/rest/users/emails#list-email-addresses-for-the-authenticated-user */
export interface GitHubEmail {
  email: string
  primary: boolean
  verified: boolean
  visibility: "public" | "private" | null
}

export interface GitHubOptions extends OAuthUserConfig<GitHubProfile> {
  /** GitHub Enterprise Server: e.g. `{ baseUrl: "https://github.example.com" }`. */
  enterprise?: { baseUrl: string }
}

/** GitHub answers token errors with HTTP 200 and `{ error }`: make them real errors before validation. */
async function errorsAsErrors(response: Response): Promise<Response> {
  if (response.status !== 200) return response
  const body = (await response
    .clone()
    .json()
    .catch(() => undefined)) as { error?: unknown } | undefined
  if (typeof body?.error !== "string") return response
  return new Response(JSON.stringify(body), {
    status: 400,
    headers: { "content-type": "application/json" },
  })
}

/**
 * Sign in with GitHub (OAuth 2.0).
 *
 * Setup: register an OAuth App (or a GitHub App) under Settings > Developer settings, set its
 * authorization callback URL to the one below, then copy the client id and a client secret.
 *
 * Callback URL: `[origin]/api/auth/callback/github`
 * Portal: https://github.com/settings/developers
 * Docs: https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
 * Required options: none
 *
 * @example
 * ```ts
 * import github from "@auth/provider-github"
 * Auth({ providers: [github({ enterprise: { baseUrl: "https://github.example.com" } })] })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9207
 */
export default defineProvider<GitHubProfile, GitHubOptions>((options) => {
  const web = options.enterprise?.baseUrl?.replace(/\/$/, "") ?? "https://github.com"
  const api = options.enterprise ? `${web}/api/v3` : "https://api.github.com"
  return {
    id: "github",
    name: "GitHub",
    type: "oauth",
    // GitHub sends `iss` on the callback (RFC 9207); knowing the issuer lets us check it.
    issuer: `${web}/login/oauth`,
    authorization: {
      url: `${web}/login/oauth/authorize`,
      params: { scope: "read:user user:email" },
    },
    token: { url: `${web}/login/oauth/access_token`, conform: errorsAsErrors },
    userinfo: {
      url: `${api}/user`,
      async request({ tokens, fetch }) {
        const headers = {
          authorization: `Bearer ${tokens.access_token}`,
          accept: "application/vnd.github+json",
          "user-agent": "@auth/provider-github",
        }
        const res = await fetch(`${api}/user`, { headers })
        if (!res.ok) throw new Error(`GitHub ${api}/user answered HTTP ${res.status}`)
        const profile = (await res.json()) as GitHubProfile
        if (!profile.email) {
          // No public email: ask for the account's addresses (needs the user:email scope).
          const list = await fetch(`${api}/user/emails`, { headers })
          if (list.ok) {
            const emails = (await list.json()) as GitHubEmail[]
            const verified = emails.filter((e) => e.verified)
            profile.email = (verified.find((e) => e.primary) ?? verified[0])?.email ?? null
          }
        }
        return profile
      },
    },
    profile: (p) => ({
      id: String(p.id),
      name: p.name ?? p.login,
      email: p.email,
      image: p.avatar_url,
    }),
    style: { bg: "#24292f", text: "#ffffff", bgDark: "#f6f8fa", textDark: "#24292f" },
  }
})
