/**
 * `POST [basePath]/id-token/:id`: sign in with an ID token the app already holds.
 * - Native apps: JSON `{ idToken, nonce?, accessToken? }` in, JSON `{ sessionToken, expires, user }`
 *   out, no cookie. The token is sent back as `Authorization: Bearer <sessionToken>`. A bearer header
 *   on this request is who is signed in already (linking).
 * - Google One Tap (a form POST to `login_uri`): `credential` is the ID token and the `g_csrf_token`
 *   field must equal the `g_csrf_token` cookie (Google's double submit); the answer sets the session
 *   cookie and redirects to `?callbackUrl=` (same-origin rules).
 * Verification: oauth/id-token.ts. Completion: routes/complete.ts, as for the redirect flow.
 */
import { readCookie } from "../cookies/cookie.js"
import { timingSafeEqual } from "../crypto/compare.js"
import { base64url, encoder } from "../crypto/encoding.js"
import { AuthError } from "../errors/index.js"
import { mapProfile } from "../oauth/callback.js"
import type { ProviderConfigs } from "../oauth/config.js"
import { verifyIdToken } from "../oauth/id-token.js"
import type { Profile, ResolvedProvider, TokenSet } from "../providers/types.js"
import { readBody } from "./body.js"
import { completeSignIn } from "./callback.js"
import { establishSession } from "./complete.js"
import type { RequestContext } from "./context.js"
import { errorRedirect, toAuthError } from "./errors.js"
import { json } from "./response.js"
import { sessionUser } from "../session/user.js"
import { BEARER_NAME } from "./session.js"

/** OIDC Core §3.2.2.9: `at_hash` is the left half of the access token's hash (SHA-256 for *256 algs). */
async function atHashMatches(claims: Profile, accessToken: string): Promise<boolean> {
  if (typeof claims.at_hash !== "string") return false
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(accessToken)))
  return timingSafeEqual(base64url(digest.subarray(0, 16)), claims.at_hash)
}

export async function idTokenRoute(
  ctx: RequestContext,
  provider: ResolvedProvider,
  configs: ProviderConfigs,
): Promise<Response> {
  const native = (ctx.request.headers.get("content-type") ?? "").includes("application/json")
  const body = await readBody(ctx.request)
  try {
    if (!provider.idTokenSignIn?.audiences) {
      throw new AuthError("InvalidProvider", {
        code: "ID_TOKEN_SIGNIN_DISABLED",
        providerId: provider.id,
        status: 404,
        message: `"${provider.id}" does not take ID-token sign-in. Turn it on with idTokenSignIn: { audiences: [<your native client ids>] } on the provider.`,
      })
    }
    if (!native) {
      const cookie = readCookie(ctx.cookieHeader, "g_csrf_token")
      const field = body.g_csrf_token
      if (!cookie || !field || !timingSafeEqual(cookie, field)) {
        throw new AuthError("MissingCSRF", {
          code: cookie && field ? "CSRF_MISMATCH" : "CSRF_MISSING",
          providerId: provider.id,
          message: `A form POST to id-token/${provider.id} needs the g_csrf_token cookie and an equal g_csrf_token field (Google One Tap sends both); ${cookie && field ? "they differ" : `the ${cookie ? "field" : "cookie"} is missing`}. A native app posts JSON instead.`,
        })
      }
    }
    const idToken = native ? body.idToken : body.credential
    if (!idToken) {
      throw new AuthError("OAuthCallbackError", {
        code: "INVALID_REQUEST",
        providerId: provider.id,
        message: `POST id-token/${provider.id} has no ${native ? "`idToken` in its JSON body" : "`credential` form field"}: send the ID token the SDK returned.`,
      })
    }
    const claims = await verifyIdToken(provider, configs, idToken, body.nonce, ctx.auth.adapter)
    const tokens: TokenSet = { id_token: idToken }
    // An access token from the app is kept only when the verified ID token vouches for it.
    if (body.accessToken && (await atHashMatches(claims, body.accessToken)))
      tokens.access_token = body.accessToken
    const result = { ...(await mapProfile(provider, claims, tokens)), profile: claims, tokens }
    if (!native)
      return await completeSignIn(
        ctx,
        provider,
        result,
        ctx.url.searchParams.get("callbackUrl") ?? undefined,
      )
    const current = await sessionUser(ctx.auth, ctx.request)
    const done = await establishSession(
      ctx,
      provider,
      result,
      current?.bearer ? current.userId : undefined,
      BEARER_NAME,
    )
    const { id, name, email, image } = done.user
    const expires = new Date(Date.now() + ctx.auth.maxAge * 1000).toISOString()
    const response = json(ctx, {
      sessionToken: done.value,
      expires,
      user: { id, name, email, image },
    })
    await done.events()
    return response
  } catch (error) {
    const e = toAuthError(error, provider.id)
    if (!native) return errorRedirect(ctx, e)
    ctx.auth.logger.error(e)
    return json(ctx, { error: e.type, code: e.code }, e.status)
  }
}
