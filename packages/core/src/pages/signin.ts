import {
  ERROR_CODE_TEXT,
  ERROR_TYPE_TEXT,
  type ErrorCode,
  type ErrorType,
} from "../errors/index.js"
import type { ResolvedProvider } from "../providers/types.js"
import { cssColor, esc } from "./html.js"

export interface SignInPageInput {
  providers: Iterable<ResolvedProvider>
  basePath: string
  csrfToken: string
  callbackUrl: string | undefined
  error: string | undefined
  code: string | undefined
}

export function errorMessage(error: string | undefined, code: string | undefined): string {
  if (!error) return ""
  const type = (error in ERROR_TYPE_TEXT ? error : "OAuthCallbackError") as ErrorType
  const detail = code ? ERROR_CODE_TEXT[code as ErrorCode] : undefined
  return `<div class="error" role="alert"><strong>${esc(ERROR_TYPE_TEXT[type])}</strong>${detail ? `<br>${esc(detail)}` : ""}${code ? `<br><code>${esc(code)}</code>` : ""}</div>`
}

function button(provider: ResolvedProvider, input: SignInPageInput): string {
  const s = provider.style ?? {}
  const vars = [
    `--pbg:${cssColor(s.bg, "var(--card)")}`,
    `--ptext:${cssColor(s.text, "var(--text)")}`,
    s.bgDark ? `--pbg-dark:${cssColor(s.bgDark, "var(--card)")}` : "",
    s.textDark ? `--ptext-dark:${cssColor(s.textDark, "var(--text)")}` : "",
  ]
    .filter(Boolean)
    .join(";")
  const logo =
    s.logo && /^(https:|data:image\/)/.test(s.logo)
      ? `<img src="${esc(s.logo)}" alt="" aria-hidden="true">`
      : ""
  return (
    `<form action="${esc(`${input.basePath}/signin/${encodeURIComponent(provider.id)}`)}" method="POST">` +
    `<input type="hidden" name="csrfToken" value="${esc(input.csrfToken)}">` +
    (input.callbackUrl
      ? `<input type="hidden" name="callbackUrl" value="${esc(input.callbackUrl)}">`
      : "") +
    `<button type="submit" class="provider" style="${esc(vars)}">${logo}<span>Sign in with ${esc(provider.name)}</span></button></form>`
  )
}

export function signInPageBody(input: SignInPageInput): string {
  const buttons = [...input.providers].map((p) => button(p, input)).join("")
  return `<h1>Sign in</h1>${errorMessage(input.error, input.code)}${buttons || "<p>No sign-in methods are configured.</p>"}`
}
