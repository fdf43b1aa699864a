/** Tiny HTML helpers for the built-in pages: everything interpolated goes through `esc`. */

export function esc(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

/** Only colours we can safely put in a style attribute. */
export function cssColor(value: string | undefined, fallback: string): string {
  return value && /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+|rgba?\([\d\s.,%]+\))$/.test(value)
    ? value
    : fallback
}

const CSS = `
:root{color-scheme:light dark;--bg:#f6f7f9;--card:#fff;--text:#1f2328;--muted:#57606a;--border:#d0d7de;--accent:#0b57d0;--err-bg:#ffebe9;--err-text:#82071e}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--card:#161b22;--text:#e6edf3;--muted:#9da7b3;--border:#30363d;--accent:#7aa7ff;--err-bg:#3d1214;--err-text:#ffb1ab}}
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,sans-serif}
main{width:100%;max-width:24rem;margin:1rem;padding:2rem;background:var(--card);border:1px solid var(--border);border-radius:12px}
h1{font-size:1.35rem;margin:0 0 1.25rem;text-align:center}p{margin:0 0 1rem;color:var(--muted)}
form{margin:0 0 .75rem}button,.button{display:flex;width:100%;align-items:center;justify-content:center;gap:.75rem;min-height:2.75rem;padding:.6rem 1rem;border:1px solid var(--border);border-radius:8px;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.provider{background:var(--pbg);color:var(--ptext)}
@media (prefers-color-scheme:dark){.provider{background:var(--pbg-dark,var(--pbg));color:var(--ptext-dark,var(--ptext))}}
.provider img{width:1.25rem;height:1.25rem}
.error{background:var(--err-bg);color:var(--err-text);border-radius:8px;padding:.75rem 1rem;margin:0 0 1.25rem}
.error code{font-size:.85em}
a{color:var(--accent)}.center{text-align:center}
`

export function page(
  title: string,
  body: string,
  status = 200,
  headers: HeadersInit = {},
): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark"><title>${esc(title)}</title><style>${CSS}</style></head><body><main>${body}</main></body></html>`
  const h = new Headers(headers)
  h.set("content-type", "text/html; charset=utf-8")
  h.set("cache-control", "no-store")
  h.set("x-frame-options", "DENY")
  h.set(
    "content-security-policy",
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; form-action 'self' https: http://localhost:* http://127.0.0.1:*; frame-ancestors 'none'",
  )
  return new Response(html, { status, headers: h })
}
