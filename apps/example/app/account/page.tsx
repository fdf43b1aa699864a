import type { Metadata } from "next"
import { headers } from "next/headers"
import { auth } from "@/auth"
import { AuthForm } from "@/components/csrf-form"
import { getCsrfToken, requireSession } from "@/lib/session"

export const metadata: Metadata = { title: "Account" }

export default async function AccountPage() {
  const session = await requireSession("/account")
  const userId = session.user.id!
  const [accounts, csrfToken] = await Promise.all([
    auth.listAccounts(await headers()).then((a) => a ?? []),
    getCsrfToken(),
  ])
  const providers = [...auth.providers.values()]
  const nameOf = (id: string) => providers.find((p) => p.id === id)?.name ?? id
  const linked = new Set(accounts.map((a) => a.provider))
  const linkable = providers.filter((p) => !linked.has(p.id))

  return (
    <>
      <section className="card" aria-labelledby="account">
        <h1 id="account">Your account</h1>
        <dl className="facts">
          <dt>User id</dt>
          <dd>
            <code data-testid="user-id">{userId}</code>
          </dd>
          <dt>Name</dt>
          <dd>{session.user.name ?? "—"}</dd>
          <dt>Email</dt>
          <dd>{session.user.email ?? "—"}</dd>
          <dt>Session ends</dt>
          <dd>{new Date(session.expires).toUTCString()}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="linked">
        <h2 id="linked">Linked accounts</h2>
        <ul className="accounts" data-testid="linked-accounts">
          {accounts.map((a) => (
            <li key={`${a.provider}/${a.providerAccountId}`} data-provider={a.provider}>
              <strong>{nameOf(a.provider)}</strong>
              <span className="muted">
                account <code>{a.providerAccountId}</code> ({a.type})
              </span>
              <span className="muted" data-testid={`scopes-${a.provider}`}>
                scopes: {a.scopes.join(" ") || "—"}
                {a.hasRefreshToken ? " · refresh token stored" : ""}
              </span>
              <div className="actions">
                {/* Incremental authorization: the provider's scopes plus offline_access, stored on this account. */}
                {a.provider === "local" && !a.scopes.includes("offline_access") ? (
                  <AuthForm
                    action="/api/auth/signin/local?prompt=consent"
                    csrfToken={csrfToken}
                    callbackUrl="/account"
                  >
                    <input type="hidden" name="scope" value="offline_access" />
                    <button type="submit">Grant more access to {nameOf(a.provider)}</button>
                  </AuthForm>
                ) : null}
                {/* The last account cannot be unlinked (the server refuses it too: LAST_ACCOUNT). */}
                {accounts.length > 1 ? (
                  <AuthForm
                    action={`/api/auth/unlink/${encodeURIComponent(a.provider)}`}
                    csrfToken={csrfToken}
                    callbackUrl="/account"
                  >
                    <button type="submit">Unlink {nameOf(a.provider)}</button>
                  </AuthForm>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
        {linkable.length > 0 ? (
          <>
            <h2>Link another provider</h2>
            <p className="muted">
              While you are signed in, an account you sign in to here is added to this user,
              whatever its email address.
            </p>
            <div className="actions">
              {linkable.map((p) => (
                <AuthForm
                  key={p.id}
                  action={`/api/auth/signin/${encodeURIComponent(p.id)}`}
                  csrfToken={csrfToken}
                  callbackUrl="/account"
                >
                  <button type="submit">Link {p.name}</button>
                </AuthForm>
              ))}
            </div>
          </>
        ) : (
          <p className="muted">Every configured provider is linked.</p>
        )}
      </section>

      <section className="card" aria-labelledby="signout">
        <h2 id="signout">Sign out</h2>
        <p className="muted">Deletes this session from the database and clears its cookie.</p>
        <AuthForm action="/api/auth/signout" csrfToken={csrfToken} callbackUrl="/">
          <button type="submit" className="primary">
            Sign out of this browser
          </button>
        </AuthForm>
      </section>
    </>
  )
}
