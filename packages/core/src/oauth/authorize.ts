/** Sign-in start for OAuth 2 / OIDC: checks into cookies, then the authorization URL. */
import { openidClient } from "./openid-client.js"
import { createChecks } from "../checks/index.js"
import type { ResolvedProvider } from "../providers/types.js"
import type { RequestContext } from "../routes/context.js"
import type { ProviderConfigs } from "./config.js"

export function callbackUrlFor(ctx: RequestContext, provider: ResolvedProvider): string {
  return `${ctx.baseUrl}/callback/${provider.id}`
}

export async function authorizationUrl(
  ctx: RequestContext,
  provider: ResolvedProvider,
  configs: ProviderConfigs,
  extra: Record<string, string>,
): Promise<string> {
  const config = await configs.get(provider)
  const callbackUrl = callbackUrlFor(ctx, provider)
  const params: Record<string, string> = { response_type: "code", redirect_uri: callbackUrl }
  // Empty values are dropped: `scope: ""` means "send no scope" (Kakao, Zoom...), never `scope=`.
  for (const [key, value] of Object.entries(provider.authorization.params))
    if (value) params[key] = value
  for (const [key, value] of Object.entries(extra)) if (value) params[key] = value
  Object.assign(params, await createChecks(ctx, provider))
  if (provider.authorization.request) {
    const url = await provider.authorization.request({
      provider,
      config,
      fetch: provider.fetch,
      callbackUrl,
      params,
    })
    return url.toString()
  }
  return (await openidClient()).buildAuthorizationUrl(config, params).href
}
