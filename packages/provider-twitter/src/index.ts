import { defineProvider, type OAuthConfig, type OAuthUserConfig } from "@auth/core"
import { oauth1 as oauth1Flow } from "@auth/core/oauth1"

const OAUTH2 = {
  authorize: "https://x.com/i/oauth2/authorize",
  token: "https://api.x.com/2/oauth2/token",
  me: "https://api.x.com/2/users/me?user.fields=profile_image_url",
}
const OAUTH1 = {
  requestToken: "https://api.x.com/oauth/request_token",
  authenticate: "https://api.x.com/oauth/authenticate",
  accessToken: "https://api.x.com/oauth/access_token",
  verifyCredentials:
    "https://api.x.com/1.1/account/verify_credentials.json?include_email=true&skip_status=true",
}

/** OAuth 2.0: `GET /2/users/me` (https://docs.x.com/x-api/users/user-lookup-me). */
export interface TwitterProfile extends Record<string, unknown> {
  data: {
    /** Stable numeric id, as a string. */
    id: string
    name: string
    /** The @handle, which can change. */
    username: string
    profile_image_url?: string
  }
}

/** OAuth 1.0a: `GET 1.1/account/verify_credentials.json`. */
export interface TwitterLegacyProfile extends Record<string, unknown> {
  id: number
  /** The id as a string: use it, `id` can exceed JavaScript's safe integers. */
  id_str: string
  name: string
  screen_name: string
  /** Only with `include_email=true` and the app's email permission; may be absent. */
  email?: string
  profile_image_url_https?: string
}

/** The options of the OAuth 1.0a version. */
export type TwitterLegacyOptions = OAuthUserConfig<TwitterLegacyProfile> & { version: "1.0A" }

export type TwitterOptions = OAuthUserConfig<TwitterProfile> | TwitterLegacyOptions

const style = { bg: "#000000", text: "#ffffff", bgDark: "#ffffff", textDark: "#000000" }

function oauth2(): OAuthConfig<TwitterProfile> {
  return {
    id: "twitter",
    name: "X",
    type: "oauth",
    authorization: {
      url: OAUTH2.authorize,
      params: { scope: "users.read tweet.read offline.access" },
    },
    token: OAUTH2.token,
    userinfo: OAUTH2.me,
    checks: ["pkce", "state"],
    profile: ({ data }) => ({
      id: data.id,
      name: data.name,
      email: null,
      image: data.profile_image_url ?? null,
    }),
    style,
  }
}

function oauth1(): OAuthConfig<TwitterLegacyProfile> {
  return {
    id: "twitter",
    name: "X",
    type: "oauth",
    version: "1.0A",
    oauth1: oauth1Flow,
    requestTokenUrl: OAUTH1.requestToken,
    authorization: OAUTH1.authenticate,
    accessTokenUrl: OAUTH1.accessToken,
    profileUrl: OAUTH1.verifyCredentials,
    profile: (p) => ({
      id: p.id_str,
      name: p.name,
      email: p.email ?? null,
      image: p.profile_image_url_https ?? null,
    }),
    style,
  }
}

const twitter2 = defineProvider<TwitterProfile>(() => oauth2())
const twitter1 = defineProvider<TwitterLegacyProfile, TwitterLegacyOptions>(() => oauth1())

/**
 * Sign in with X (Twitter): OAuth 2.0 by default, OAuth 1.0a on request.
 *
 * Setup: in the developer portal, open the app's User authentication settings (type "Web App"),
 * add the callback URL below, then copy the OAuth 2.0 Client ID and Secret. With
 * `version: "1.0A"` use the API Key and Secret instead: OAuth 1.0a is the only way X returns the
 * account's email (turn on "Request email from users").
 *
 * Callback URL: `[origin]/api/auth/callback/twitter`
 * Portal: https://developer.x.com/en/portal/dashboard
 * Docs: https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code
 * Required options: none
 *
 * @example
 * ```ts
 * import twitter from "@auth/provider-twitter"
 * Auth({ providers: [twitter({ version: "1.0A" })] })
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc5849
 */
export default function twitter(
  options?: OAuthUserConfig<TwitterProfile>,
): OAuthConfig<TwitterProfile>
export default function twitter(options: TwitterLegacyOptions): OAuthConfig<TwitterLegacyProfile>
export default function twitter(
  options?: TwitterOptions,
): OAuthConfig<TwitterProfile> | OAuthConfig<TwitterLegacyProfile> {
  // Each version is its own factory, typed by its own profile; `version` picks one.
  return options?.version === "1.0A"
    ? twitter1(options as TwitterLegacyOptions)
    : twitter2(options as OAuthUserConfig<TwitterProfile> | undefined)
}
