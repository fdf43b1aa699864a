import type { Metadata } from "next"
import { headers } from "next/headers"
import { redirect } from "next/navigation"
import { auth } from "@/auth"

export const metadata: Metadata = { title: "Protected" }

/** The test users' avatars are long data: URIs; show their start only. */
function shortenDataUris(_key: string, value: unknown) {
  return typeof value === "string" && value.startsWith("data:") && value.length > 48
    ? `${value.slice(0, 40)}… (${value.length} characters)`
    : value
}

export default async function ProtectedPage() {
  // The pattern to copy: read the session on the server; signed out -> sign in, then come back here.
  const session = await auth.getSession(await headers())
  if (!session) redirect("/api/auth/signin?callbackUrl=/protected")

  return (
    <section className="card">
      <h1>Protected page</h1>
      <p>
        Only signed-in people see this. You are signed in as{" "}
        <strong data-testid="protected-user">{session.user.email ?? session.user.name}</strong>.
      </p>
      <p className="muted">The whole check, in a server component:</p>
      <pre>
        <code>{`import { headers } from "next/headers"
import { redirect } from "next/navigation"
import { auth } from "@/auth"

const session = await auth.getSession(await headers())
if (!session) redirect("/api/auth/signin?callbackUrl=/protected")`}</code>
      </pre>
      <p className="muted">The session it returned:</p>
      <pre>
        <code data-testid="session-json">{JSON.stringify(session, shortenDataUris, 2)}</code>
      </pre>
    </section>
  )
}
