import { isIP } from "node:net"
import { CookieJar } from "./cookie-jar.js"
import { fillFields, findAutoSubmitForm, parseForms, type ParsedForm } from "./html-form.js"

export { CookieJar } from "./cookie-jar.js"
export type { CookieRequestContext, JarCookie } from "./cookie-jar.js"
export { parseForms } from "./html-form.js"
export type { ParsedForm } from "./html-form.js"

export interface TestBrowserOptions {
  /** The app under test, called in-process for every request to `origin`. */
  handler: (request: Request) => Promise<Response>
  /** The app origin, e.g. `http://localhost:3000`. Every other origin is reached with the real `fetch`. */
  origin: string
  /** Redirects (and auto-submitted forms) followed per navigation before giving up. Default 20. */
  maxRedirects?: number
}

export interface TestBrowserRequestInit extends RequestInit {
  /**
   * URL of the page that starts this request (a link or form on another site, say). When it is of
   * another site than the target, the request is cross-site: SameSite=Strict cookies are withheld,
   * and SameSite=Lax ones too unless the method is GET/HEAD. Default: none, i.e. typed in the address bar.
   */
  initiator?: string
}

export interface NavigateInit extends TestBrowserRequestInit {
  /** Sent as an `application/x-www-form-urlencoded` body; the method defaults to POST. */
  form?: Record<string, string>
}

export interface NavigationResult {
  /** The final, non-redirect response (its body is unread). */
  response: Response
  /** URL of the final response. */
  url: string
  /** Every URL requested during the navigation, in order, the final one included. */
  history: string[]
}

interface PendingRequest {
  url: string
  method: string
  headers: Headers
  body: BodyInit | null
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/**
 * The "site" of a URL for SameSite purposes: scheme plus registrable domain. Without a public suffix
 * list the registrable domain is approximated as the last two labels; IP addresses and single-label
 * hosts (localhost) are their own site. So `http://localhost:3000` and `http://127.0.0.1:4000` are
 * different sites, while ports never matter.
 */
export function siteOf(url: string): string {
  const u = new URL(url)
  const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, "")
  if (isIP(host) !== 0 || !host.includes(".")) return `${u.protocol}//${host}`
  return `${u.protocol}//${host.split(".").slice(-2).join(".")}`
}

const isSafeMethod = (method: string) => method === "GET" || method === "HEAD"

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel()
  } catch {
    // already consumed or errored: nothing to release
  }
}

/**
 * A minimal browser for tests: a cookie jar plus redirect, form and `form_post` handling.
 * Requests to `origin` are served in-process by `handler`; everything else goes over the network.
 */
export class TestBrowser {
  readonly cookies = new CookieJar()
  readonly #handler: (request: Request) => Promise<Response>
  readonly #origin: string
  readonly #maxRedirects: number

  constructor(options: TestBrowserOptions) {
    this.#handler = options.handler
    this.#origin = new URL(options.origin).origin
    this.#maxRedirects = options.maxRedirects ?? 20
  }

  /** One request with the jar's cookies; stores Set-Cookie; does not follow redirects. Relative URLs are resolved against the app origin. */
  async fetch(url: string, init: TestBrowserRequestInit = {}): Promise<Response> {
    const { initiator, ...rest } = init
    const request = this.#initialRequest(url, rest, initiator)
    return this.#send(request, this.#isCrossSite(initiator, request.url))
  }

  /**
   * Loads `url` like a top-level navigation: follows 301/302/303/307/308 redirects (303, and 301/302
   * after POST, become GET), stores cookies at every hop, and submits pages that auto-submit a form
   * (such as a `response_mode=form_post` response) the way a browser running their script would.
   */
  async navigate(url: string, init: NavigateInit = {}): Promise<NavigationResult> {
    const { form, initiator, ...rest } = init
    if (form) {
      rest.method ??= "POST"
      rest.body = new URLSearchParams(form).toString()
      const headers = new Headers(rest.headers)
      headers.set("content-type", "application/x-www-form-urlencoded")
      rest.headers = headers
    }
    const request = this.#initialRequest(url, rest, initiator)
    return this.#follow(request, this.#isCrossSite(initiator, request.url))
  }

  /**
   * Submits the `formIndex`-th `<form>` of `html` (a page loaded from `baseUrl`), as a person pressing
   * Enter in it would: its hidden/text/... fields and first named submit button, overridden or
   * extended by `fields`. Then follows the result like {@link navigate}.
   */
  async submitForm(
    html: string,
    baseUrl: string,
    fields: Record<string, string> = {},
    formIndex = 0,
  ): Promise<NavigationResult> {
    const forms = parseForms(html, baseUrl)
    const form = forms[formIndex]
    if (!form) {
      throw new Error(
        `TestBrowser.submitForm: no form #${formIndex} on ${baseUrl} (found ${forms.length}). Page starts: ${html.slice(0, 300)}`,
      )
    }
    const { request, crossSite } = this.#formRequest(form, baseUrl, fields, true)
    return this.#follow(request, crossSite)
  }

  #initialRequest(url: string, init: RequestInit, initiator: string | undefined): PendingRequest {
    const target = new URL(url, this.#origin).href
    const method = (init.method ?? "GET").toUpperCase()
    const headers = new Headers(init.headers)
    if (!isSafeMethod(method) && !headers.has("origin"))
      headers.set("origin", new URL(initiator ?? target).origin)
    return { url: target, method, headers, body: init.body ?? null }
  }

  #isCrossSite(initiator: string | undefined, target: string): boolean {
    return (
      initiator !== undefined && siteOf(new URL(initiator, this.#origin).href) !== siteOf(target)
    )
  }

  #formRequest(
    form: ParsedForm,
    pageUrl: string,
    fields: Record<string, string>,
    withSubmitter: boolean,
  ): { request: PendingRequest; crossSite: boolean } {
    const controls =
      withSubmitter && form.submitter ? [...form.fields, form.submitter] : form.fields
    const data = new URLSearchParams(fillFields(controls, fields)).toString()
    const headers = new Headers()
    let url = form.action
    let body: string | null = null
    if (form.method === "GET") {
      const u = new URL(form.action)
      u.search = data
      url = u.href
    } else {
      body = data
      headers.set("content-type", "application/x-www-form-urlencoded")
      headers.set("origin", new URL(pageUrl).origin)
    }
    return {
      request: { url, method: form.method, headers, body },
      crossSite: siteOf(pageUrl) !== siteOf(url),
    }
  }

  async #follow(first: PendingRequest, initiallyCrossSite: boolean): Promise<NavigationResult> {
    const history: string[] = []
    let request = first
    let crossSite = initiallyCrossSite
    let hops = 0
    const countHop = () => {
      if (++hops > this.#maxRedirects) {
        throw new Error(
          `TestBrowser: more than ${this.#maxRedirects} redirects: ${history.join(" -> ")}`,
        )
      }
    }

    for (;;) {
      history.push(request.url)
      const response = await this.#send(request, crossSite)
      const location = response.headers.get("location")

      if (REDIRECT_STATUSES.has(response.status) && location !== null) {
        countHop()
        await discard(response)
        const next = new URL(location, request.url).href
        const headers = new Headers(request.headers)
        headers.delete("cookie")
        let { method, body } = request
        const toGet =
          response.status === 303
            ? method !== "HEAD"
            : (response.status === 301 || response.status === 302) && method === "POST"
        if (toGet) {
          method = "GET"
          body = null
          for (const h of [
            "content-type",
            "content-length",
            "content-encoding",
            "content-language",
            "content-location",
            "origin",
          ])
            headers.delete(h)
        }
        if (new URL(next).origin !== new URL(request.url).origin) {
          headers.delete("authorization")
          if (headers.has("origin")) headers.set("origin", "null")
        }
        // A redirect chain that touched another site stays cross-site (no SameSite=Strict cookies).
        if (siteOf(next) !== siteOf(request.url)) crossSite = true
        request = { url: next, method, headers, body }
        continue
      }

      const contentType = response.headers.get("content-type") ?? ""
      if (contentType.includes("text/html") && response.body) {
        const html = await response.clone().text()
        const index = findAutoSubmitForm(html)
        const form = index === undefined ? undefined : parseForms(html, request.url)[index]
        if (form) {
          countHop()
          await discard(response)
          // A new navigation initiated by the page: cross-site iff the page and the target differ in site.
          const submitted = this.#formRequest(form, request.url, {}, false)
          request = submitted.request
          crossSite = submitted.crossSite
          continue
        }
      }

      return { response, url: request.url, history }
    }
  }

  async #send(request: PendingRequest, crossSite: boolean): Promise<Response> {
    const headers = new Headers(request.headers)
    const cookie = this.cookies.get(request.url, { crossSite, method: request.method })
    if (cookie) {
      const own = headers.get("cookie")
      headers.set("cookie", own ? `${own}; ${cookie}` : cookie)
    }
    const init: RequestInit & { duplex?: "half" } = {
      method: request.method,
      headers,
      redirect: "manual",
    }
    if (request.body !== null && !isSafeMethod(request.method)) {
      init.body = request.body
      if (request.body instanceof ReadableStream) init.duplex = "half"
    }
    const response =
      new URL(request.url).origin === this.#origin
        ? await this.#handler(new Request(request.url, init))
        : await globalThis.fetch(request.url, init)
    this.cookies.set(request.url, response.headers.getSetCookie())
    return response
  }
}
