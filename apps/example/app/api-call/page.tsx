import { createHash } from "node:crypto"
import type { Metadata } from "next"
import { headers } from "next/headers"
import Link from "next/link"
import { isAuthError, type AccessToken } from "@auth/core"
import { auth } from "@/auth"
import { requireSession } from "@/lib/session"

export const metadata: Metadata = { title: "API call" }

/** A short fingerprint of the token, so the page shows when it changes without showing the token. */
const fingerprint = (token: string) => createHash("sha256").update(token).digest("hex").slice(0, 12)

/** The provider's userinfo endpoint, from its discovery document (cached by Next for the process). */
async function userinfoEndpoint(issuer: string): Promise<string> {
  const res = await fetch(`${issuer}/.well-known/openid-configuration`, { cache: "force-cache" })
  return ((await res.json()) as { userinfo_endpoint: string }).userinfo_endpoint
}

export default async function ApiCallPage({
  searchParams,
}: {
  searchParams: Promise<{ refresh?: string }>
}) {
  await requireSession("/api-call")
  const [accounts, { refresh }] = await Promise.all([
    auth.listAccounts(await headers()),
    searchParams,
  ])
  // The first linked account at an OIDC provider (the local IdPs here): call its userinfo endpoint.
  const provider = (accounts ?? [])
    .map((a) => auth.providers.get(a.provider))
    .find((p) => p?.type === "oidc" && p.issuer)
  if (!provider)
    return (
      <section className="card">
        <h1>API call</h1>
        <p>No linked OpenID Connect account to call.</p>
      </section>
    )

  let token: AccessToken
  try {
    // The pattern to copy: a fresh access token (refreshed if it expires within minValidity seconds).
    // "Refresh now" asks for more validity than any token has, to show a refresh.
    token = await auth.getAccessToken(await headers(), provider.id, {
      minValidity: refresh ? Number.MAX_SAFE_INTEGER : 60,
    })
  } catch (error) {
    if (!isAuthError(error)) throw error
    return (
      <section className="card">
        <h1>API call</h1>
        <p role="alert">
          <code data-testid="token-error">{error.code}</code>: {error.message}
        </p>
        <p>
          <a className="button primary" href={`/api/auth/signin?callbackUrl=/api-call`}>
            Sign in again
          </a>
        </p>
      </section>
    )
  }
  const res = await fetch(await userinfoEndpoint(provider.issuer!), {
    headers: { authorization: `Bearer ${token.accessToken}` },
    cache: "no-store",
  })
  const body = await res.text()

  return (
    <section className="card">
      <h1>API call with a fresh access token</h1>
      <p className="muted">
        This server component asks for the access token of your {provider.name} account and calls
        the provider&apos;s userinfo endpoint with it.
      </p>
      <pre>
        <code>{`const { accessToken } = await auth.getAccessToken(await headers(), "${provider.id}")
await fetch(userinfoEndpoint, { headers: { authorization: \`Bearer \${accessToken}\` } })`}</code>
      </pre>
      <dl className="facts">
        <dt>Token</dt>
        <dd>
          sha-256 <code data-testid="token-fingerprint">{fingerprint(token.accessToken)}</code>
        </dd>
        <dt>Expires</dt>
        <dd data-testid="token-expires">
          {token.expiresAt ? new Date(token.expiresAt * 1000).toUTCString() : "—"}
        </dd>
        <dt>Userinfo answered</dt>
        <dd data-testid="userinfo-status">HTTP {res.status}</dd>
      </dl>
      <pre>
        <code data-testid="userinfo">{body}</code>
      </pre>
      <p>
        <Link className="button" href="/api-call?refresh=1" prefetch={false}>
          Refresh now
        </Link>
      </p>
    </section>
  )
}
