/** Shared setup: one real OpenID Provider on 127.0.0.1 and an app around `Auth().handler`. */
import {
  Auth,
  type AuthConfig,
  type AuthError,
  type AuthInstance,
  type OAuthConfig,
} from "@auth/core"
import {
  TestBrowser,
  startOidcProvider,
  type RunningOidcProvider,
  type StartOidcProviderOptions,
} from "@auth/testkit"

export const ORIGIN = "http://localhost:3000"
export const SECRET = "integration-secret-0123456789-abcdefghij"

export const CLIENTS = [
  {
    client_id: "app",
    client_secret: "app-secret",
    redirect_uris: [
      `${ORIGIN}/api/auth/callback/idp`,
      `${ORIGIN}/api/auth/callback/idp-post`,
      `${ORIGIN}/api/auth/callback/idp2`,
    ],
  },
  {
    client_id: "post-client",
    client_secret: "post-secret",
    token_endpoint_auth_method: "client_secret_post" as const,
    redirect_uris: [`${ORIGIN}/api/auth/callback/idp-csp`],
  },
]

export async function startIdp(
  options: Partial<StartOidcProviderOptions> = {},
): Promise<RunningOidcProvider> {
  return startOidcProvider({ clients: CLIENTS, pkce: "required", ...options })
}

export function idpProvider(issuer: string, over: Partial<OAuthConfig> = {}): OAuthConfig {
  return {
    id: "idp",
    name: "Local IdP",
    type: "oidc",
    issuer,
    clientId: "app",
    clientSecret: "app-secret",
    checks: ["pkce", "state", "nonce"],
    ...over,
  }
}

export interface App {
  auth: AuthInstance
  browser: TestBrowser
  errors: AuthError[]
  /** Callback URLs that reached the app (when `holdCallback` is on, they are not handled). */
  callbacks: string[]
  /** Bodies of held POST callbacks (response_mode=form_post). */
  callbackBodies: string[]
  holdCallback: boolean
}

/** The app: Auth's routes under /api/auth, a plain page everywhere else. */
export function makeApp(config: Partial<AuthConfig> & Pick<AuthConfig, "providers">): App {
  const errors: AuthError[] = []
  const auth = Auth({
    secret: SECRET,
    logger: { error: (e) => errors.push(e as AuthError), warn() {}, debug() {} },
    ...config,
  })
  const app: App = {
    auth,
    errors,
    callbacks: [],
    callbackBodies: [],
    holdCallback: false,
    browser: undefined as unknown as TestBrowser,
  }
  app.browser = new TestBrowser({
    origin: ORIGIN,
    handler: async (request) => {
      const url = new URL(request.url)
      if (url.pathname.startsWith("/api/auth/callback/")) {
        app.callbacks.push(request.url)
        if (app.holdCallback) {
          if (request.method === "POST") app.callbackBodies.push(await request.text())
          return new Response("held", { status: 200 })
        }
      }
      if (url.pathname.startsWith("/api/auth/")) return auth.handler(request)
      return new Response(`app page ${url.pathname}`, {
        status: 200,
        headers: { "content-type": "text/plain" },
      })
    },
  })
  return app
}

export function errorParams(url: string): { error: string | null; code: string | null } {
  const u = new URL(url)
  return { error: u.searchParams.get("error"), code: u.searchParams.get("code") }
}

export function hasSession(app: App): boolean {
  return app.browser.cookies.list().some((c) => c.name.includes("session-token"))
}
