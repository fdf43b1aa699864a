// Runs before every page renders and asks two of core's own routes, in-process, with this request's
// cookies:
//   GET /api/auth/csrf     sets the CSRF cookie when the browser has no valid one, so server
//                          components can put the matching token into plain HTML forms (sign-out,
//                          "link another provider") that work without JavaScript;
//   GET /api/auth/session  slides a database session's expiry (at most once per `updateAge`): a
//                          server component's `auth.getSession()` only reads, and this app has no
//                          client code that would call /api/auth/session.
// Server components cannot set cookies; a proxy can.
import { NextResponse, type NextRequest } from "next/server"
import { auth } from "@/auth"

export async function proxy(request: NextRequest) {
  const setCookies: string[] = []
  for (const route of ["csrf", "session"]) {
    const res = await auth.handler(
      new Request(new URL(`/api/auth/${route}`, request.url), { headers: request.headers }),
    )
    setCookies.push(...res.headers.getSetCookie())
  }
  if (setCookies.length === 0) return NextResponse.next() // nothing to change

  // Hand the new cookies to this render too (replacing stale ones, dropping cleared ones) and to the browser.
  const changed = new Map<string, string | undefined>()
  for (const cookie of setCookies) {
    const pair = cookie.split(";")[0]!
    const name = pair.slice(0, pair.indexOf("="))
    const cleared = pair.length === name.length + 1 || /;\s*max-age=0\b/i.test(cookie)
    changed.set(name, cleared ? undefined : pair)
  }
  const kept = (request.headers.get("cookie") ?? "")
    .split(/;\s*/)
    .filter((pair) => pair && !changed.has(pair.slice(0, pair.indexOf("="))))
  const added = [...changed.values()].filter((pair): pair is string => pair !== undefined)
  const headers = new Headers(request.headers)
  headers.set("cookie", [...kept, ...added].join("; "))
  const response = NextResponse.next({ request: { headers } })
  for (const cookie of setCookies) response.headers.append("set-cookie", cookie)
  return response
}

export const config = {
  // Pages only: not the auth routes themselves, Next.js assets or files from public/.
  matcher: ["/((?!api/|_next/|favicon.ico|.*\\.(?:svg|png|ico|txt)$).*)"],
}
