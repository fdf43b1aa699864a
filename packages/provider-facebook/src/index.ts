import { defineProvider, type OAuthUserConfig } from "@auth/core"

/** The Facebook user, from `GET /me?fields=id,name,email,picture` (Graph API User reference). */
export interface FacebookProfile extends Record<string, unknown> {
  /** App-scoped user id (a numeric string): stable for your app only. */
  id: string
  name?: string
  /** The primary email: absent when the person has none confirmed, or declined the `email` permission. */
  email?: string
  picture?: { data: { url: string; height?: number; width?: number; is_silhouette?: boolean } }
}

export interface FacebookOptions extends OAuthUserConfig<FacebookProfile> {
  /** Graph API version used in every URL, e.g. "v26.0" (the default). */
  apiVersion?: string
}

/**
 * Sign in with Facebook (OAuth 2.0, Facebook Login).
 *
 * Setup: create an app ("Authenticate and request data from users with Facebook Login") in Meta for
 * Developers, add the callback URL below to Facebook Login > Settings > Valid OAuth Redirect URIs, then
 * copy the App ID and App Secret.
 *
 * Callback URL: `[origin]/api/auth/callback/facebook`
 * Portal: https://developers.facebook.com/apps/
 * Docs: https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
 * Required options: none
 *
 * @example
 * ```ts
 * import facebook from "@auth/provider-facebook"
 * Auth({ providers: [facebook()] }) // AUTH_FACEBOOK_ID (App ID), AUTH_FACEBOOK_SECRET (App Secret)
 * ```
 * @see https://developers.facebook.com/docs/graph-api/reference/user/
 */
export default defineProvider<FacebookProfile, FacebookOptions>((options) => {
  const v = options.apiVersion ?? "v26.0"
  return {
    id: "facebook",
    name: "Facebook",
    type: "oauth",
    authorization: {
      url: `https://www.facebook.com/${v}/dialog/oauth`,
      params: { scope: "email" },
    },
    token: `https://graph.facebook.com/${v}/oauth/access_token`,
    userinfo: {
      url: `https://graph.facebook.com/${v}/me`,
      params: { fields: "id,name,email,picture" },
    },
    client: { token_endpoint_auth_method: "client_secret_post" },
    profile: (p) => ({
      id: p.id,
      name: p.name ?? null,
      // Facebook only returns a confirmed primary email; without one the sign-in goes on without it.
      email: p.email ?? null,
      image: p.picture?.data?.url ?? null,
    }),
    style: { bg: "#0866ff", text: "#ffffff", bgDark: "#0866ff", textDark: "#ffffff" },
  }
})
