import { headers } from "next/headers"
import { redirect } from "next/navigation"
import type { Session } from "@auth/core"
import { auth } from "@/auth"

/** The session of the person making this request, or null. The pattern to copy into any server component. */
export async function getSession(): Promise<Session | null> {
  return auth.getSession(await headers())
}

/** The session, or a redirect to the sign-in page that comes back to `path` afterwards. */
export async function requireSession(path: string): Promise<Session> {
  const session = await auth.getSession(await headers())
  if (!session)
    redirect(`/api/auth/signin?callbackUrl=${encodeURIComponent(path).replace(/%2F/g, "/")}`)
  return session
}

/**
 * The CSRF token for our own forms that POST to /api/auth/* (sign-out, link a provider). It is read
 * in-process from core's `GET /api/auth/csrf` with this request's cookies; proxy.ts has made sure the
 * browser holds the matching cookie.
 */
export async function getCsrfToken(): Promise<string> {
  const h = await headers()
  const proto = h.get("x-forwarded-proto") ?? "http"
  const res = await auth.handler(
    new Request(`${proto}://${h.get("host") ?? "localhost"}/api/auth/csrf`, {
      headers: { cookie: h.get("cookie") ?? "" },
    }),
  )
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return csrfToken
}
