/**
 * Cold import: `await import(entry)` timed inside a fresh `node` process (N processes per entry,
 * interleaved, median). The process's own wall time (spawn to exit) is reported beside it.
 */
import { spawnSync } from "node:child_process"
import { performance } from "node:perf_hooks"
import { fileURLToPath, pathToFileURL } from "node:url"

const benchDir = fileURLToPath(new URL("..", import.meta.url))

function once(specifier, cwd = benchDir) {
  const code = specifier
    ? `const t0 = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t0))`
    : `process.stdout.write("0")`
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    cwd,
    encoding: "utf8",
  })
  const wall = performance.now() - t0
  if (r.status !== 0) throw new Error(`import ${specifier} failed:\n${r.stderr}`)
  return { importMs: Number(r.stdout), wallMs: wall }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** entries: [{ key, label, specifier | null, cwd? }] (a file path is turned into a file: URL; cwd: where to resolve). */
export function coldImport(entries, n = 10) {
  const samples = Object.fromEntries(entries.map((e) => [e.key, []]))
  const spec = (e) =>
    e.specifier && e.specifier.startsWith("/") ? pathToFileURL(e.specifier).href : e.specifier
  for (const e of entries) once(spec(e), e.cwd) // fill the OS file cache first
  for (let i = 0; i < n; i++) for (const e of entries) samples[e.key].push(once(spec(e), e.cwd))
  const out = {}
  for (const e of entries) {
    out[e.key] = {
      importMs: median(samples[e.key].map((s) => s.importMs)),
      wallMs: median(samples[e.key].map((s) => s.wallMs)),
      n,
    }
  }
  return out
}
