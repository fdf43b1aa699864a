// The two local test OpenID Providers this app signs in with when nothing else is configured.
// Plain data, shared by `auth.ts` (the relying party side) and `scripts/local-idps-server.mjs`
// (which starts them with @auth/testkit). Development only: the client secrets and passwords
// below are public and the IdPs listen on 127.0.0.1.

/** Password of every test user (typed into the IdP's login form). */
export const TEST_PASSWORD = "password"

/** A small offline avatar (an SVG data URI with the person's initials). */
function avatar(initials, color) {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">` +
    `<rect width="96" height="96" rx="48" fill="${color}"/>` +
    `<text x="48" y="60" font-family="system-ui,sans-serif" font-size="36" font-weight="600" fill="#fff" text-anchor="middle">${initials}</text></svg>`
  return `data:image/svg+xml,${encodeURIComponent(svg)}`
}

/**
 * @typedef {{ sub: string, email: string, email_verified: boolean, name: string, picture: string, password: string }} LocalUser
 * @typedef {{ id: "local" | "local2", name: string, portEnv: string, defaultPort: number,
 *   clientId: string, clientSecret: string, users: LocalUser[] }} LocalIdp
 */

/** @type {LocalIdp[]} */
export const LOCAL_IDPS = [
  {
    id: "local",
    name: "Local test IdP",
    portEnv: "IDP_PORT",
    defaultPort: 4000,
    clientId: "auth-example",
    clientSecret: "local-dev-secret-not-for-production",
    users: [
      {
        sub: "alice",
        email: "alice@example.test",
        email_verified: true,
        name: "Alice Example",
        picture: avatar("AE", "#0b57d0"),
        password: TEST_PASSWORD,
      },
      {
        sub: "bob",
        email: "bob@example.test",
        email_verified: true,
        name: "Bob Example",
        picture: avatar("BE", "#8250df"),
        password: TEST_PASSWORD,
      },
    ],
  },
  {
    id: "local2",
    name: "Second local IdP",
    portEnv: "IDP2_PORT",
    defaultPort: 4001,
    clientId: "auth-example",
    clientSecret: "local2-dev-secret-not-for-production",
    users: [
      // A different email from everyone at the first IdP: link it to Alice from the account page.
      {
        sub: "alice-work",
        email: "alice@work.test",
        email_verified: true,
        name: "Alice at Work",
        picture: avatar("AW", "#1a7f37"),
        password: TEST_PASSWORD,
      },
      // Same email as bob at the first IdP: signing in with it (signed out) is refused with
      // OAuthAccountNotLinked unless LOCAL2_ALLOW_EMAIL_LINKING=true.
      {
        sub: "bob2",
        email: "bob@example.test",
        email_verified: true,
        name: "Bob (second IdP)",
        picture: avatar("B2", "#bc4c00"),
        password: TEST_PASSWORD,
      },
    ],
  },
]

/** Whether the local IdPs are on (`AUTH_LOCAL_IDP=off` turns them off, e.g. with only real providers). */
export function localIdpsEnabled(env = process.env) {
  const v = (env.AUTH_LOCAL_IDP ?? "").trim().toLowerCase()
  return !(v === "off" || v === "false" || v === "0" || v === "no")
}

/** The port of one local IdP: its env variable (IDP_PORT / IDP2_PORT) or the default. */
export function idpPort(idp, env = process.env) {
  const raw = env[idp.portEnv]
  if (raw === undefined || raw === "") return idp.defaultPort
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${idp.portEnv}=${JSON.stringify(raw)} is not a port number (1-65535).`)
  }
  return port
}

/** The issuer URL of one local IdP (what the testkit OpenID Provider announces). */
export function idpIssuer(idp, env = process.env) {
  return `http://127.0.0.1:${idpPort(idp, env)}`
}

/** The basePaths the app serves auth routes under: App Router and Pages Router handlers. */
export const BASE_PATHS = ["/api/auth", "/api/auth-pages"]
