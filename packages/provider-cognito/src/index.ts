import { defineProvider, type OAuthUserConfig } from "@auth/core"

const EXAMPLE_ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz"

/** Claims of a Cognito user pool id_token (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-id-token.html). */
export interface CognitoProfile extends Record<string, unknown> {
  /** The user pool: `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`. */
  iss: string
  /** The user's UUID in the pool: stable, unlike the username. */
  sub: string
  aud: string
  /** The username in the pool (can be the email, or `<provider>_<id>` for federated users). */
  "cognito:username"?: string
  /** Groups the user belongs to. */
  "cognito:groups"?: string[]
  name?: string
  given_name?: string
  family_name?: string
  /** Picture URL attribute, when set. */
  picture?: string
  email?: string
  /**
   * Whether the pool verified the email. A boolean in the id_token; the userInfo endpoint answers
   * the string "true"/"false".
   */
  email_verified?: boolean | "true" | "false"
  /** Federated sign-ins (Google, SAML...): the linked identities. */
  identities?: Array<{ providerName: string; providerType: string; userId: string }>
  token_use?: "id"
  auth_time?: number
  iat: number
  exp: number
}

export interface CognitoOptions extends OAuthUserConfig<CognitoProfile> {
  /** The user pool's issuer: `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` (not the hosted UI domain). */
  issuer?: string
  /**
   * The pool's hosted UI / managed login domain (`https://<prefix>.auth.<region>.amazoncognito.com` or
   * your custom domain): needed for sign-out at Cognito (`federated=true`), whose `/logout` lives there.
   */
  domain?: string
}

/**
 * Sign in with Amazon Cognito (OpenID Connect).
 *
 * Setup: give the user pool a domain, create an app client with a client secret, allow the
 * authorization code grant and the openid, email and profile scopes, add the callback URL below to
 * its allowed callback URLs, then copy the client id and secret. The issuer is built from the
 * pool's region and id.
 *
 * Callback URL: `[origin]/api/auth/callback/cognito`
 * Portal: https://console.aws.amazon.com/cognito/home
 * Docs: https://docs.aws.amazon.com/cognito/latest/developerguide/federation-endpoints.html
 * Required options: issuer ("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz")
 *
 * @example
 * ```ts
 * import cognito from "@auth/provider-cognito"
 * Auth({ providers: [cognito({ issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123xyz" })] })
 * ```
 * @see https://openid.net/specs/openid-connect-core-1_0.html
 */
export default defineProvider<CognitoProfile, CognitoOptions>((options) => {
  if (options.issuer) options.issuer = options.issuer.replace(/\/+$/, "")
  return {
    id: "cognito",
    name: "Cognito",
    type: "oidc",
    issuer: options.issuer,
    authorization: { params: { scope: "openid email profile" } },
    checks: ["pkce", "state", "nonce"],
    // Cognito's /logout takes client_id and logout_uri (not OIDC's parameters). Its URL is on the
    // hosted UI domain: from `domain`, else from discovery.
    endSession: {
      url:
        options.domain &&
        `${/^https:/.test(options.domain) ? "" : "https://"}${options.domain.replace(/\/+$/, "")}/logout`,
      request: ({ url, params }) => {
        if (!url)
          throw new Error(
            "cognito: sign-out at Cognito needs `domain` (the hosted UI domain, e.g. https://acme.auth.eu-west-1.amazoncognito.com).",
          )
        return `${url}?${new URLSearchParams({ client_id: params.client_id!, logout_uri: params.post_logout_redirect_uri! })}`
      },
    },
    validate: (p) =>
      /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[\w-]+_\w+$/.test(p.issuer ?? "")
        ? undefined
        : `\`issuer\` (or AUTH_COGNITO_ISSUER) must be the user pool's issuer, https://cognito-idp.<region>.amazonaws.com/<userPoolId>, e.g. "${EXAMPLE_ISSUER}" (got ${JSON.stringify(p.issuer)}; the hosted UI domain is not the issuer).`,
    profile: (p) => ({
      id: p.sub,
      name: p.name ?? p["cognito:username"] ?? null,
      // false in the id_token, "false" from userInfo: either way not trusted.
      email: String(p.email_verified) === "false" ? null : (p.email ?? null),
      image: p.picture ?? null,
    }),
    style: { bg: "#ffffff", text: "#232f3e", bgDark: "#232f3e", textDark: "#ff9900" },
  }
})
