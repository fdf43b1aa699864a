/**
 * Reads the documentation block of a provider's default export (PROVIDER-CONVENTIONS.md): the
 * summary line, `Callback URL:`, `Portal:`, `Docs:` and `Required options:`. The README defaults
 * table and the root catalog are built from it, so a malformed block is a lint error that says
 * which line is wrong and what it should look like.
 */

/** The `/** ... *\/` block right before `export default`, as plain lines (leading ` * ` removed). */
export function defaultExportDoc(source) {
  const at = source.search(/^export default\b/m)
  if (at === -1) return undefined
  const before = source.slice(0, at).trimEnd()
  if (!before.endsWith("*/")) return undefined
  const start = before.lastIndexOf("/**")
  if (start === -1) return undefined
  return before
    .slice(start + 3, -2)
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, "").trimEnd())
}

/**
 * `none`, or `name ("example"), other.nested ("x")`: each value is a JSON value (a string in
 * double quotes in practice). Returns [name, value] pairs in the order written.
 */
export function parseRequiredOptions(text) {
  const trimmed = text.trim()
  if (trimmed === "none") return []
  const out = []
  let rest = trimmed
  while (rest.length > 0) {
    const name = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\(\s*/.exec(rest)
    if (!name)
      throw new Error(`expected \`name ("example value")\` at ${JSON.stringify(rest.slice(0, 40))}`)
    rest = rest.slice(name[0].length)
    let raw
    if (rest.startsWith('"')) {
      const string = /^"(?:[^"\\]|\\.)*"/.exec(rest)
      if (!string) throw new Error(`unterminated string for \`${name[1]}\``)
      raw = string[0]
    } else {
      raw = rest.slice(0, Math.max(0, rest.indexOf(")"))).trim()
    }
    let value
    try {
      value = JSON.parse(raw)
    } catch {
      throw new Error(
        `the example of \`${name[1]}\` must be a JSON value such as "https://example.com", got ${raw || "nothing"}`,
      )
    }
    rest = rest.slice(raw.length).trimStart()
    if (!rest.startsWith(")")) throw new Error(`expected ")" after the example of \`${name[1]}\``)
    rest = rest.slice(1).trimStart()
    if (rest.startsWith(",")) rest = rest.slice(1).trimStart()
    else if (rest.length > 0)
      throw new Error(`expected "," between options, at ${JSON.stringify(rest.slice(0, 40))}`)
    out.push([name[1], value])
  }
  return out
}

export const SHAPE = `/**
 * Sign in with <Name> (<protocol>).
 * ...
 * Callback URL: \`[origin]/api/auth/callback/<id>\`
 * Portal: https://...
 * Docs: https://...
 * Required options: none | issuer ("https://example.com/...")
 */
export default defineProvider(...)`

/**
 * Parses and checks the block; throws one Error listing every problem.
 * @returns {{ summary: string, portal: string, docs: string, required: Array<[string, unknown]>, requiredText: string }}
 */
export function readProviderDoc(source, id, file) {
  const lines = defaultExportDoc(source)
  if (!lines) {
    throw new Error(`${file}: the default export has no JSDoc block right above it.`)
  }
  const problems = []
  const field = (label) => {
    const found = lines.filter((l) => l.startsWith(`${label}:`))
    if (found.length === 0) {
      problems.push(`no "${label}:" line`)
      return undefined
    }
    if (found.length > 1) problems.push(`"${label}:" appears ${found.length} times`)
    return found[0].slice(label.length + 1).trim()
  }
  const summary = lines.find((l) => l.trim() !== "")?.trim() ?? ""
  if (!/^Sign in with .+\.$/.test(summary)) {
    problems.push(
      `the first line must read "Sign in with <Name> (<protocol>).", got ${JSON.stringify(summary)}`,
    )
  }
  const callback = field("Callback URL")
  const expectedCallback = `\`[origin]/api/auth/callback/${id}\``
  if (callback !== undefined && callback !== expectedCallback) {
    problems.push(
      `"Callback URL:" must be ${expectedCallback} (the id is "${id}"), got ${callback}`,
    )
  }
  const url = (label) => {
    const value = field(label)
    if (value === undefined) return undefined
    const first = value.split(/\s+/)[0]
    if (!/^https:\/\/\S+$/.test(first))
      problems.push(`"${label}:" must start with an https:// URL, got ${JSON.stringify(value)}`)
    return first
  }
  const portal = url("Portal")
  const docs = url("Docs")
  const requiredText = field("Required options")
  let required = []
  if (requiredText !== undefined) {
    try {
      required = parseRequiredOptions(requiredText)
    } catch (error) {
      problems.push(
        `"Required options:" ${error.message} (write \`none\` or \`issuer ("https://example.com")\`)`,
      )
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `${file}: the JSDoc of the default export ${problems.length > 1 ? "has problems" : "has a problem"}:\n  - ${problems.join("\n  - ")}`,
    )
  }
  return { summary, portal, docs, required, requiredText }
}
