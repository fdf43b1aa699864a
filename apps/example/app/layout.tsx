import type { Metadata } from "next"
import type { ReactNode } from "react"
import Link from "next/link"
import { Avatar } from "@/components/avatar"
import { AuthForm } from "@/components/csrf-form"
import { getCsrfToken, getSession } from "@/lib/session"
import "./globals.css"

export const metadata: Metadata = {
  title: { default: "@auth example", template: "%s · @auth example" },
  description: "Sign in with @auth/core in a Next.js app, offline, against local OpenID Providers.",
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession()
  const csrfToken = session ? await getCsrfToken() : ""
  return (
    <html lang="en">
      <head>
        <meta name="color-scheme" content="light dark" />
      </head>
      <body>
        <a className="skip" href="#content">
          Skip to content
        </a>
        <header className="site">
          <Link className="brand" href="/">
            @auth example
          </Link>
          <nav aria-label="Main">
            <ul>
              <li>
                <Link href="/">Home</Link>
              </li>
              <li>
                <Link href="/protected">Protected</Link>
              </li>
              <li>
                <Link href="/account">Account</Link>
              </li>
            </ul>
          </nav>
          <div className="who">
            {session ? (
              <>
                <Avatar name={session.user.name} image={session.user.image} size={28} />
                <span className="muted">{session.user.email ?? session.user.name}</span>
                <AuthForm
                  action="/api/auth/signout"
                  csrfToken={csrfToken}
                  callbackUrl="/"
                  label="Sign out"
                >
                  <button type="submit">Sign out</button>
                </AuthForm>
              </>
            ) : (
              <a className="button primary" href="/api/auth/signin">
                Sign in
              </a>
            )}
          </div>
        </header>
        <main id="content">{children}</main>
      </body>
    </html>
  )
}
