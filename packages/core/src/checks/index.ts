/**
 * The checks that bind a provider's answer to the browser that started the sign-in.
 * Each is a `create` (at sign-in start: value into a sealed cookie, parameter for the provider)
 * and a `use` (at the callback: open the cookie, verify, clear).
 */
import { base64url, encoder, randomToken } from "../crypto/encoding.js"
import { timingSafeEqual } from "../crypto/compare.js"
import { nodeCrypto } from "../crypto/node.js"
import { AuthError } from "../errors/index.js"
import type { CallbackParams, OAuthChecks, ResolvedProvider } from "../providers/types.js"
import type { RequestContext } from "../routes/context.js"
import { clearCheck, openCheck, sealCheck } from "./seal.js"

async function s256(verifier: string): Promise<string> {
  const c = nodeCrypto()
  if (c) return c.createHash("sha256").update(verifier).digest("base64url")
  return base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(verifier))))
}

export const state = {
  async create(ctx: RequestContext, provider: ResolvedProvider): Promise<Record<string, string>> {
    const value = randomToken()
    await sealCheck(ctx, ctx.names.state, provider, value)
    return { state: value }
  },
  async use(
    ctx: RequestContext,
    provider: ResolvedProvider,
    params: CallbackParams,
  ): Promise<string> {
    const expected = await openCheck(
      ctx,
      ctx.names.state,
      provider,
      "state",
      "STATE_COOKIE_MISSING",
    )
    const received = params.state
    if (!received) {
      throw new AuthError("InvalidCheck", {
        code: "STATE_MISSING",
        providerId: provider.id,
        message: `The callback from "${provider.id}" has no \`state\` parameter although one was sent. If this provider does not return state, set checks: ["pkce"] (or ["none"]) on it.`,
      })
    }
    if (!timingSafeEqual(received, expected)) {
      throw new AuthError("InvalidCheck", {
        code: "STATE_MISMATCH",
        providerId: provider.id,
        message: `The \`state\` in the callback from "${provider.id}" is not the one this browser started with: the callback URL was tampered with, is another sign-in's, or forged (CSRF). Start again.`,
      })
    }
    return expected
  },
}

export const pkce = {
  async create(ctx: RequestContext, provider: ResolvedProvider): Promise<Record<string, string>> {
    const verifier = randomToken() + randomToken().slice(0, 21) // 64 chars (RFC 7636: 43..128)
    await sealCheck(ctx, ctx.names.pkce, provider, verifier)
    return { code_challenge: await s256(verifier), code_challenge_method: "S256" }
  },
  use(ctx: RequestContext, provider: ResolvedProvider): Promise<string> {
    return openCheck(ctx, ctx.names.pkce, provider, "PKCE code_verifier", "PKCE_COOKIE_MISSING")
  },
}

export const nonce = {
  async create(ctx: RequestContext, provider: ResolvedProvider): Promise<Record<string, string>> {
    const value = randomToken()
    await sealCheck(ctx, ctx.names.nonce, provider, value)
    return { nonce: value }
  },
  use(ctx: RequestContext, provider: ResolvedProvider): Promise<string> {
    return openCheck(ctx, ctx.names.nonce, provider, "nonce", "NONCE_COOKIE_MISSING")
  },
}

/** Runs every configured check's `create`; returns the authorization parameters they add. */
export async function createChecks(
  ctx: RequestContext,
  provider: ResolvedProvider,
): Promise<Record<string, string>> {
  const params: Record<string, string> = {}
  for (const check of provider.checks) {
    if (check === "state") Object.assign(params, await state.create(ctx, provider))
    else if (check === "pkce") Object.assign(params, await pkce.create(ctx, provider))
    else if (check === "nonce") Object.assign(params, await nonce.create(ctx, provider))
  }
  return params
}

/**
 * Runs every configured check's `use`. All check cookies are cleared whatever happens, so a
 * failed or replayed callback leaves nothing usable behind.
 */
export async function useChecks(
  ctx: RequestContext,
  provider: ResolvedProvider,
  params: CallbackParams,
): Promise<OAuthChecks> {
  const out: OAuthChecks = {}
  try {
    for (const check of provider.checks) {
      if (check === "state") out.state = await state.use(ctx, provider, params)
      else if (check === "pkce") out.code_verifier = await pkce.use(ctx, provider)
      else if (check === "nonce") out.nonce = await nonce.use(ctx, provider)
    }
  } finally {
    for (const name of [ctx.names.state, ctx.names.pkce, ctx.names.nonce]) {
      if (!ctx.setCookies.some((c) => c.startsWith(`${name}=`))) clearCheck(ctx, name, provider)
    }
  }
  return out
}
