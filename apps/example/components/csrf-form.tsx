import type { ReactNode } from "react"

/**
 * A plain HTML form that POSTs to one of core's routes (/api/auth/signout, /api/auth/signin/<id>)
 * with the CSRF token: works without JavaScript.
 */
export function AuthForm(props: {
  action: string
  csrfToken: string
  callbackUrl?: string
  children: ReactNode
  label?: string
}) {
  return (
    <form method="post" action={props.action} aria-label={props.label}>
      <input type="hidden" name="csrfToken" value={props.csrfToken} />
      {props.callbackUrl ? (
        <input type="hidden" name="callbackUrl" value={props.callbackUrl} />
      ) : null}
      {props.children}
    </form>
  )
}
