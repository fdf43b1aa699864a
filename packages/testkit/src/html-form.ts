/** A `<form>` read from an HTML page by {@link parseForms}. */
export interface ParsedForm {
  /** Absolute action URL (the page URL when the form has no action). */
  action: string
  method: "GET" | "POST"
  /** Successful controls in document order (hidden/text/password/... inputs, checked checkboxes and radios, textareas, selects). */
  fields: Array<[name: string, value: string]>
  /** Name/value of the form's first named submit button, which a browser sends on implicit submission (Enter) or a click on it. */
  submitter?: [name: string, value: string]
  /** The form's `id` attribute, if any. */
  id?: string
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
}

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === "#") {
      const code =
        entity[1] === "x" || entity[1] === "X"
          ? parseInt(entity.slice(2), 16)
          : parseInt(entity.slice(1), 10)
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole
  })
}

/** Attributes of a start tag's inner text (after the tag name), names lower-cased, values entity-decoded. */
export function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>()
  const re = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const name = m[1]!.toLowerCase()
    if (attributes.has(name)) continue
    attributes.set(name, decodeHtmlEntities(m[2] ?? m[3] ?? m[4] ?? ""))
  }
  return attributes
}

const stripComments = (html: string) => html.replace(/<!--[\s\S]*?-->/g, "")

const CONTROL_RE =
  /<input\b((?:[^>"']|"[^"]*"|'[^']*')*)>|<button\b((?:[^>"']|"[^"]*"|'[^']*')*)>[\s\S]*?<\/button\s*>|<textarea\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/textarea\s*>|<select\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/select\s*>/gi

function parseControls(inner: string, form: ParsedForm): void {
  for (let m = CONTROL_RE.exec(inner); m; m = CONTROL_RE.exec(inner)) {
    if (m[1] !== undefined) {
      const a = parseAttributes(m[1])
      const name = a.get("name")
      const type = (a.get("type") ?? "text").toLowerCase()
      if (a.has("disabled")) continue
      if (type === "submit" || type === "image") {
        if (!form.submitter && name) form.submitter = [name, a.get("value") ?? "Submit"]
        continue
      }
      if (!name || type === "button" || type === "reset" || type === "file") continue
      if (type === "checkbox" || type === "radio") {
        if (a.has("checked")) form.fields.push([name, a.get("value") ?? "on"])
        continue
      }
      form.fields.push([name, a.get("value") ?? ""])
    } else if (m[2] !== undefined) {
      const a = parseAttributes(m[2])
      const type = (a.get("type") ?? "submit").toLowerCase()
      const name = a.get("name")
      if (type === "submit" && !a.has("disabled") && !form.submitter && name)
        form.submitter = [name, a.get("value") ?? ""]
    } else if (m[3] !== undefined) {
      const a = parseAttributes(m[3])
      const name = a.get("name")
      if (name && !a.has("disabled"))
        form.fields.push([name, decodeHtmlEntities((m[4] ?? "").replace(/^\r?\n/, ""))])
    } else if (m[5] !== undefined) {
      const a = parseAttributes(m[5])
      const name = a.get("name")
      if (!name || a.has("disabled")) continue
      const options = [
        ...(m[6] ?? "").matchAll(/<option\b((?:[^>"']|"[^"]*"|'[^']*')*)>([^<]*)/gi),
      ].map((o) => {
        const oa = parseAttributes(o[1] ?? "")
        return {
          value: oa.get("value") ?? decodeHtmlEntities((o[2] ?? "").trim()),
          selected: oa.has("selected"),
        }
      })
      const chosen = options.find((o) => o.selected) ?? options[0]
      if (chosen) form.fields.push([name, chosen.value])
    }
  }
  CONTROL_RE.lastIndex = 0
}

/** Parses every `<form>` of an HTML document. A small, forgiving parser for test pages (no DOM). */
export function parseForms(html: string, baseUrl: string): ParsedForm[] {
  const forms: ParsedForm[] = []
  const source = stripComments(html)
  const re = /<form\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)(?:<\/form\s*>|(?=<form\b)|$)/gi
  for (let m = re.exec(source); m; m = re.exec(source)) {
    const a = parseAttributes(m[1] ?? "")
    const rawAction = (a.get("action") ?? "").trim()
    const form: ParsedForm = {
      action: new URL(rawAction || baseUrl, baseUrl).href,
      method: (a.get("method") ?? "get").toLowerCase() === "post" ? "POST" : "GET",
      fields: [],
    }
    const id = a.get("id")
    if (id) form.id = id
    parseControls(m[2] ?? "", form)
    forms.push(form)
    if (m[0].length === 0) re.lastIndex++
  }
  return forms
}

/**
 * Whether the page submits a form by itself on load (as oidc-provider's `form_post` response does),
 * and if so, which form (index into {@link parseForms}).
 */
export function findAutoSubmitForm(html: string): number | undefined {
  const source = stripComments(html)
  if (!/<form\b/i.test(source)) return undefined
  if (!/\.submit\s*\(\s*\)/.test(source) && !/\.requestSubmit\s*\(/.test(source)) return undefined
  const indexed = /document\.forms\s*\[\s*(\d+)\s*\]\s*\.(?:request)?[sS]ubmit\s*\(/.exec(source)
  return indexed ? Number(indexed[1]) : 0
}

/** Applies overrides: the first control of each name takes the value, further ones are dropped; unknown names are appended. */
export function fillFields(
  fields: Array<[string, string]>,
  overrides: Record<string, string> = {},
): Array<[string, string]> {
  const overridden = new Map(Object.entries(overrides))
  const emitted = new Set<string>()
  const out: Array<[string, string]> = []
  for (const [name, value] of fields) {
    if (!overridden.has(name)) {
      out.push([name, value])
    } else if (!emitted.has(name)) {
      out.push([name, overridden.get(name)!])
      emitted.add(name)
    }
  }
  for (const [name, value] of overridden) if (!emitted.has(name)) out.push([name, value])
  return out
}
