/** Reads a POST body (urlencoded, multipart or JSON) into plain string fields. */
export async function readBody(request: Request): Promise<Record<string, string>> {
  if (request.method !== "POST") return {}
  const type = request.headers.get("content-type") ?? ""
  const out: Record<string, string> = {}
  try {
    if (type.includes("application/json")) {
      const json = (await request.json()) as Record<string, unknown>
      for (const [key, value] of Object.entries(json ?? {}))
        if (typeof value === "string" || typeof value === "boolean") out[key] = String(value)
    } else if (type.includes("application/x-www-form-urlencoded")) {
      // URLSearchParams over the text: the same parsing as formData(), without its multipart machinery.
      for (const [key, value] of new URLSearchParams(await request.text())) out[key] = value
    } else if (type.includes("multipart/form-data")) {
      for (const [key, value] of await request.formData())
        if (typeof value === "string") out[key] = value
    }
  } catch {
    // A malformed body reads as empty: the CSRF check then refuses it with a precise error.
  }
  return out
}
