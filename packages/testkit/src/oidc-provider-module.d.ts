// Minimal ambient typing for the parts of `oidc-provider` (which ships no types) used by this package.
// Kept internal: the public API exposes the provider instance as `unknown`.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http"

  export interface InteractionPrompt {
    name: string
    reasons: string[]
    details: {
      missingOIDCScope?: string[]
      missingOIDCClaims?: string[]
      missingResourceScopes?: Record<string, string[]>
      rar?: unknown[]
      [key: string]: unknown
    }
  }

  export interface InteractionDetails {
    uid: string
    prompt: InteractionPrompt
    params: Record<string, unknown>
    session?: { accountId?: string; uid?: string; cookie?: string }
    grantId?: string
    returnTo: string
  }

  export interface GrantInstance {
    addOIDCScope(scope: string): void
    addOIDCClaims(claims: string[]): void
    addResourceScope(indicator: string, scope: string): void
    addRar(detail: unknown): void
    save(): Promise<string>
  }

  export interface GrantConstructor {
    new (properties: { accountId: string; clientId: string }): GrantInstance
    find(id: string): Promise<GrantInstance | undefined>
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>)
    readonly issuer: string
    Grant: GrantConstructor
    callback(): (req: IncomingMessage, res: ServerResponse) => unknown
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>
    on(event: string, listener: (...args: unknown[]) => void): this
    // Koa middleware; oidc-provider inserts it in front of its own router.
    use(middleware: (ctx: any, next: () => Promise<void>) => Promise<void>): this
  }
}
