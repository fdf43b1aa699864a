import { defineProvider } from "@auth/core"

/** https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#req-user-info */
export interface KakaoProfile extends Record<string, unknown> {
  /** Member number (회원번호): numeric; stored as a string id. */
  id: number
  connected_at?: string
  properties?: { nickname?: string; profile_image?: string; thumbnail_image?: string }
  kakao_account?: {
    profile?: {
      nickname?: string
      thumbnail_image_url?: string
      profile_image_url?: string
      is_default_image?: boolean
    }
    /** Present only with the `account_email` consent item. */
    email?: string
    is_email_valid?: boolean
    is_email_verified?: boolean
    name?: string
    age_range?: string
    birthday?: string
    gender?: "female" | "male"
    phone_number?: string
  }
}

/**
 * Sign in with Kakao (카카오 로그인, OAuth 2.0).
 *
 * Setup: create an app in Kakao Developers, enable Kakao Login, register the callback URL below as
 * a Redirect URI and turn on the consent items (동의항목) you need (`account_email` for an email).
 * The client id is the app's REST API key; the secret is under Kakao Login > Security.
 *
 * Callback URL: `[origin]/api/auth/callback/kakao`
 * Portal: https://developers.kakao.com/console/app
 * Docs: https://developers.kakao.com/docs/latest/en/kakaologin/rest-api
 * Required options: none
 *
 * @example
 * ```ts
 * import kakao from "@auth/provider-kakao"
 * Auth({ providers: [kakao({ allowDangerousEmailAccountLinking: true })] })
 * ```
 * @see https://developers.kakao.com/docs/latest/en/kakaologin/common
 */
export default defineProvider<KakaoProfile>({
  id: "kakao",
  name: "Kakao",
  type: "oauth",
  // No scope by default: Kakao then asks for the consent items configured for the app.
  authorization: "https://kauth.kakao.com/oauth/authorize",
  token: "https://kauth.kakao.com/oauth/token",
  userinfo: "https://kapi.kakao.com/v2/user/me",
  client: { token_endpoint_auth_method: "client_secret_post" },
  profile: (p) => {
    const account = p.kakao_account
    const trusted = account?.is_email_valid !== false && account?.is_email_verified !== false
    return {
      id: String(p.id),
      name: account?.profile?.nickname ?? p.properties?.nickname ?? null,
      email: trusted ? (account?.email ?? null) : null,
      image: account?.profile?.profile_image_url ?? p.properties?.profile_image ?? null,
    }
  },
  style: { bg: "#fee500", text: "#191919" },
})
