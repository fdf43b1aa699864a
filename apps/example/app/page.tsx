import Link from "next/link"
import { Avatar } from "@/components/avatar"
import { getSession } from "@/lib/session"
import { LOCAL_IDPS, TEST_PASSWORD, localIdpsEnabled } from "@/lib/local-idps.mjs"

export default async function Home() {
  const session = await getSession()

  if (session) {
    const { user } = session
    return (
      <>
        <section className="card profile" aria-labelledby="greeting">
          <Avatar name={user.name} image={user.image} size={72} />
          <div>
            <h1 id="greeting">Hello, {user.name ?? user.email ?? "there"}!</h1>
            <p className="muted" data-testid="email">
              {user.email ?? "No email address shared"}
            </p>
          </div>
        </section>
        <section className="card">
          <h2>What next</h2>
          <div className="actions">
            <Link className="button" href="/protected">
              Open the protected page
            </Link>
            <Link className="button" href="/account">
              Linked accounts
            </Link>
          </div>
        </section>
      </>
    )
  }

  return (
    <>
      <section className="card">
        <h1>Sign in, offline, out of the box</h1>
        <p>
          This Next.js app signs people in with <code>@auth/core</code>: OpenID Connect against two
          local test identity providers, users and sessions stored in SQLite.
        </p>
        <div className="actions">
          <a className="button primary" href="/api/auth/signin">
            Sign in
          </a>
          <Link href="/protected">or try the protected page</Link>
        </div>
      </section>
      {localIdpsEnabled() ? (
        <section className="card" aria-labelledby="test-users">
          <h2 id="test-users">Test users</h2>
          <p className="muted">
            Type one of these into the identity provider&apos;s login form. The password is always{" "}
            <code>{TEST_PASSWORD}</code>.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Login</th>
                <th scope="col">Email</th>
              </tr>
            </thead>
            <tbody>
              {LOCAL_IDPS.flatMap((idp) =>
                idp.users.map((u) => (
                  <tr key={`${idp.id}/${u.sub}`}>
                    <td>{idp.name}</td>
                    <td>
                      <code>{u.sub}</code>
                    </td>
                    <td>{u.email}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          <p className="muted note">
            <code>bob2</code> has Bob&apos;s email: once Bob has signed in with the first provider,
            signing in with it is refused (OAuthAccountNotLinked) until Bob links it from his
            account page.
          </p>
        </section>
      ) : null}
    </>
  )
}
