import { defineProvider } from "@auth/core"

const ISSUER = "https://www.linkedin.com/oauth"

/** Claims of LinkedIn's id_token (Sign In with LinkedIn using OpenID Connect). */
export interface LinkedInProfile extends Record<string, unknown> {
  /** The member's id for your app: stable, use it to identify the person. */
  sub: string
  /** Full name (`profile` scope). */
  name?: string
  given_name?: string
  family_name?: string
  /** Profile photo URL (`profile` scope); absent without a photo. */
  picture?: string
  /** Preferred locale, e.g. `{ country: "US", language: "en" }` or "en-US". */
  locale?: string | { country: string; language: string }
  /** Primary email (`email` scope). */
  email?: string
  /** Whether LinkedIn verified the email (LinkedIn's own samples show it as the string "true"). */
  email_verified?: boolean | "true" | "false"
}

/**
 * Sign in with LinkedIn (OpenID Connect).
 *
 * Setup: create an app, add the "Sign In with LinkedIn using OpenID Connect" product, add the callback URL
 * below as an authorized redirect URL (Auth tab), then copy the client id and primary client secret.
 *
 * Callback URL: `[origin]/api/auth/callback/linkedin`
 * Portal: https://www.linkedin.com/developers/apps
 * Docs: https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2
 * Required options: none
 *
 * @example
 * ```ts
 * import linkedin from "@auth/provider-linkedin"
 * Auth({ providers: [linkedin()] }) // AUTH_LINKEDIN_ID, AUTH_LINKEDIN_SECRET
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<LinkedInProfile>({
  id: "linkedin",
  name: "LinkedIn",
  type: "oidc",
  issuer: ISSUER,
  authorization: { params: { scope: "openid profile email" } },
  // LinkedIn takes the secret in the body only; PKCE is for its native apps, and it does not document nonce.
  client: { token_endpoint_auth_method: "client_secret_post" },
  checks: ["state"],
  profile: (p) => ({
    id: p.sub,
    name: p.name ?? null,
    email: String(p.email_verified) === "true" ? (p.email ?? null) : null,
    image: p.picture ?? null,
  }),
  style: { bg: "#0a66c2", text: "#ffffff", bgDark: "#0a66c2", textDark: "#ffffff" },
})
