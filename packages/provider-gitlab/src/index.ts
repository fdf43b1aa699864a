import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** The signed-in user, from `GET /api/v4/user` (https://docs.gitlab.com/api/users/#get-the-current-user). */
export interface GitLabProfile extends Record<string, unknown> {
  /** Numeric user id: stored as a string. */
  id: number
  username: string
  name: string
  state: "active" | "blocked" | "deactivated" | string
  avatar_url: string | null
  web_url: string
  /** The primary email (visible to the user themself with `read_user`). */
  email?: string | null
  public_email?: string | null
  commit_email?: string | null
  /** When the primary email was confirmed; null while it is not. */
  confirmed_at?: string | null
  bot?: boolean
  created_at?: string
  two_factor_enabled?: boolean
}

export interface GitLabOptions extends OAuthUserConfig<GitLabProfile> {
  /** A self-managed instance, e.g. "https://gitlab.example.com"; default https://gitlab.com. */
  baseUrl?: string
}

/**
 * Sign in with GitLab (OAuth 2.0).
 *
 * Setup: on GitLab.com or a self-managed instance (`baseUrl`), open User settings > Applications (or
 * an admin/group application), add the callback URL below, tick the `read_user` scope, then copy the
 * Application ID and Secret.
 *
 * Callback URL: `[origin]/api/auth/callback/gitlab`
 * Portal: https://gitlab.com/-/user_settings/applications
 * Docs: https://docs.gitlab.com/api/oauth2/
 * Required options: none
 *
 * @example
 * ```ts
 * import gitlab from "@auth/provider-gitlab"
 * Auth({ providers: [gitlab({ baseUrl: "https://gitlab.example.com" })] }) // AUTH_GITLAB_ID, AUTH_GITLAB_SECRET
 * ```
 * @see https://docs.gitlab.com/api/users/#get-the-current-user
 */
export default defineProvider<GitLabProfile, GitLabOptions>((options) => {
  const base = (options.baseUrl ?? "https://gitlab.com").replace(/\/+$/, "")
  return {
    id: "gitlab",
    name: "GitLab",
    type: "oauth",
    authorization: { url: `${base}/oauth/authorize`, params: { scope: "read_user" } },
    token: `${base}/oauth/token`,
    userinfo: `${base}/api/v4/user`,
    profile: (p) => ({
      id: String(p.id),
      name: p.name || p.username,
      email: p.confirmed_at === null ? null : (p.email ?? null),
      image: p.avatar_url ?? null,
    }),
    validate: () =>
      /^https?:\/\/[^/]+$/.test(base)
        ? undefined
        : '`baseUrl` must be the instance\'s origin, e.g. gitlab({ baseUrl: "https://gitlab.example.com" }).',
    style: { bg: "#fc6d26", text: "#ffffff", bgDark: "#fc6d26", textDark: "#ffffff" },
  }
})
