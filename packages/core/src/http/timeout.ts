/**
 * One timeout for every outbound request a sign-in makes (discovery, JWKS, token, userinfo, the
 * OAuth 1 steps, and any `request` hook using the `fetch` it is given): each provider's `fetch` is
 * wrapped once, at `Auth()` time, so whatever calls it (refresh and revocation will too) gets the
 * same bound. The signal covers the whole exchange, body included: a server that sends headers
 * and then stalls is cut off as well.
 */

/** Default for `AuthConfig.httpTimeout`: well under the 30 s a browser or proxy would give up after. */
export const DEFAULT_HTTP_TIMEOUT_MS = 10_000

/**
 * Returns `fetchFn` with a `timeoutMs` deadline on every call, combined with the caller's own
 * signal if it has one (openid-client passes its own; the earlier deadline wins).
 *
 * @example
 * const bounded = withTimeout(globalThis.fetch, 5000)
 * await bounded("https://idp.example/.well-known/openid-configuration") // TimeoutError after 5 s
 */
export function withTimeout(fetchFn: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs)
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline
    return fetchFn(input, { ...init, signal })
  }
}

/** Whether `error` (or an error in its `cause` chain) is a timeout or abort of a request. */
export function isTimeout(error: unknown): boolean {
  let current = error as { name?: string; code?: string; cause?: unknown } | undefined
  for (let depth = 0; current && depth < 6; depth++) {
    if (current.name === "TimeoutError" || current.name === "AbortError") return true
    if (current.code === "OAUTH_TIMEOUT" || current.code === "OAUTH_ABORT") return true
    current = current.cause as typeof current
  }
  return false
}
