#!/usr/bin/env node
// The project's main job until apps/example exists: a full sign-in through @auth/core against a
// real local OpenID Provider (from @auth/testkit), printed step by step, then the session.
import { Auth } from "@auth/core"
import { TestBrowser, sessionOf, signInWith, startOidcProvider } from "@auth/testkit"

const origin = "http://localhost:3000"
const idp = await startOidcProvider({
  clients: [
    {
      client_id: "demo",
      client_secret: "demo-secret",
      redirect_uris: [`${origin}/api/auth/callback/local`],
    },
  ],
})
console.log(`local OpenID Provider: ${idp.issuer}`)

const auth = Auth({
  secret: process.env.AUTH_SECRET ?? "demo-only-secret-change-me-0123456789",
  providers: [
    {
      id: "local",
      name: "Local test IdP",
      type: "oidc",
      issuer: idp.issuer,
      clientId: "demo",
      clientSecret: "demo-secret",
      checks: ["pkce", "state", "nonce"],
    },
  ],
})
const browser = new TestBrowser({
  origin,
  handler: (request) =>
    new URL(request.url).pathname.startsWith("/api/auth/")
      ? auth.handler(request)
      : Promise.resolve(new Response("home")),
})

try {
  const user = process.argv[2] ?? "alice"
  const result = await signInWith(browser, "local", {
    callbackUrl: "/",
    params: { login_hint: user },
  })
  console.log("\nthe browser went through:")
  for (const url of result.history)
    console.log(`  ${url.length > 110 ? `${url.slice(0, 107)}...` : url}`)
  console.log("\nGET /api/auth/session ->")
  console.log(JSON.stringify(await sessionOf(browser), null, 2))
} finally {
  await idp.stop()
}
