/** Sign-in steps driven through a library's own handler, with a cookie jar as the browser. */
import { APP_ORIGIN, BASE_PATH } from "./config.mjs"
import { CookieJar } from "./cookies.mjs"

const base = `${APP_ORIGIN}${BASE_PATH}`

/** GET csrf: the token and the jar holding the CSRF cookie. */
export async function getCsrf(lib, jar = new CookieJar()) {
  const url = `${base}/csrf`
  const response = await lib.handler(new Request(url, { headers: { cookie: jar.header(url) } }))
  if (response.status !== 200) throw new Error(`${lib.key}: GET csrf answered ${response.status}`)
  jar.store(url, response.headers.getSetCookie())
  const { csrfToken } = await response.json()
  if (!csrfToken) throw new Error(`${lib.key}: GET csrf gave no token`)
  return { token: csrfToken, jar }
}

export const signInUrl = `${base}/signin/idp`

/** POST signin/idp with the CSRF cookie and token (form body, as the built-in pages post it). */
export function signInRequest(csrf) {
  return new Request(signInUrl, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: csrf.jar.header(signInUrl),
    },
    body: new URLSearchParams({ csrfToken: csrf.token }).toString(),
  })
}

/**
 * csrf -> signin -> the IdP (followed by the IdP process) -> callback -> session cookie.
 * Returns { ok, session (cookie value), location (final redirect), jar }.
 */
export async function fullSignIn(lib, idp) {
  const csrf = await getCsrf(lib)
  const { jar } = csrf
  const start = await lib.handler(signInRequest(csrf))
  const authorizeUrl = start.headers.get("location")
  await start.arrayBuffer()
  if (start.status !== 302 || !authorizeUrl?.startsWith(idp.issuer)) {
    throw new Error(`${lib.key}: POST signin answered ${start.status} -> ${authorizeUrl}`)
  }
  jar.store(signInUrl, start.headers.getSetCookie())
  const callbackUrl = await idp.follow(authorizeUrl, lib.key)
  const done = await lib.handler(
    new Request(callbackUrl, { headers: { cookie: jar.header(callbackUrl) } }),
  )
  await done.arrayBuffer()
  jar.store(callbackUrl, done.headers.getSetCookie())
  const session = jar.get(lib.sessionCookie)
  return {
    ok: done.status === 302 && session !== undefined,
    status: done.status,
    location: done.headers.get("location"),
    session,
    jar,
  }
}
