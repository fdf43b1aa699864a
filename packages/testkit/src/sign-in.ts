/**
 * Drives a whole sign-in the way a person's browser would: GET csrf, POST signin/:id (the form
 * on the sign-in page), then every redirect through the provider and back to the callback.
 */
import type { NavigationResult, TestBrowser } from "./browser.js"

export interface SignInOptions {
  /** Default `/api/auth`. */
  basePath?: string
  callbackUrl?: string
  /** Extra authorization parameters, sent as query parameters of `POST signin/:id` (e.g. login_hint). */
  params?: Record<string, string>
}

export async function signInWith(
  browser: TestBrowser,
  providerId: string,
  options: SignInOptions = {},
): Promise<NavigationResult> {
  const basePath = options.basePath ?? "/api/auth"
  const csrf = await browser.fetch(`${basePath}/csrf`)
  if (csrf.status !== 200) throw new Error(`GET ${basePath}/csrf answered ${csrf.status}`)
  const { csrfToken } = (await csrf.json()) as { csrfToken: string }
  const query = options.params ? `?${new URLSearchParams(options.params)}` : ""
  const form: Record<string, string> = { csrfToken }
  if (options.callbackUrl) form.callbackUrl = options.callbackUrl
  return browser.navigate(`${basePath}/signin/${encodeURIComponent(providerId)}${query}`, { form })
}

/** `GET [basePath]/session` as JSON (null when signed out). */
export async function sessionOf(
  browser: TestBrowser,
  basePath = "/api/auth",
): Promise<{ user: Record<string, unknown>; expires: string } | null> {
  const response = await browser.fetch(`${basePath}/session`)
  return (await response.json()) as { user: Record<string, unknown>; expires: string } | null
}
