/** Timing helpers: time-boxed loops, interleaved rounds, and plain-text tables. */
import { performance } from "node:perf_hooks"

export async function runAsync(fn, ms) {
  let iterations = 0
  const start = performance.now()
  const end = start + ms
  let now = start
  while (now < end) {
    for (let i = 0; i < 8; i++) await fn()
    iterations += 8
    now = performance.now()
  }
  return { iterations, ms: now - start }
}

export function runSync(fn, ms) {
  let iterations = 0
  const start = performance.now()
  const end = start + ms
  let now = start
  while (now < end) {
    for (let i = 0; i < 32; i++) fn()
    iterations += 32
    now = performance.now()
  }
  return { iterations, ms: now - start }
}

/**
 * Runs every entry for `warmupMs`, then `rounds` interleaved rounds of `roundMs` each
 * (A B C A B C ...) so drift (GC, JIT, other load) hits every entry alike; `ops` is the median of
 * the rounds' rates.
 * entries: [{ key, fn, sync? }]; before/after(key): optional hooks around each timed round (untimed).
 * Returns { [key]: { iterations, ms, ops } }.
 */
export async function compare(
  entries,
  { warmupMs = 1000, rounds = 5, roundMs = 600, before, after } = {},
) {
  const run = (e, ms) => (e.sync ? runSync(e.fn, ms) : runAsync(e.fn, ms))
  for (const e of entries) await run(e, warmupMs)
  const out = {}
  for (const e of entries) out[e.key] = { iterations: 0, ms: 0, ops: 0, rates: [] }
  for (let r = 0; r < rounds; r++) {
    for (const e of entries) {
      if (before) await before(e.key)
      const { iterations, ms } = await run(e, roundMs)
      if (after) await after(e.key)
      out[e.key].iterations += iterations
      out[e.key].ms += ms
      out[e.key].rates.push((iterations / ms) * 1000)
    }
  }
  for (const e of entries) {
    const s = [...out[e.key].rates].sort((a, b) => a - b)
    const m = s.length >> 1
    out[e.key].ops = s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
  }
  return out
}

export const fmt = {
  int: (n) => Math.round(n).toLocaleString("en-US"),
  ops: (n) => (n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(1)),
  ratio: (n) => (Number.isFinite(n) ? (n >= 10 ? `${n.toFixed(1)}x` : `${n.toFixed(2)}x`) : "-"),
  ms: (n) => `${n.toFixed(n < 10 ? 2 : 1)} ms`,
  us: (n) => `${n.toFixed(n < 10 ? 2 : 1)} µs`,
  bytes: (n) => Math.round(n).toLocaleString("en-US"),
}

/** Prints a table: first row is the header; columns padded, numbers right-aligned. */
export function table(title, rows, notes = []) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length)))
  const line = (r) =>
    r
      .map((cell, i) => {
        const s = String(cell ?? "")
        return i === 0 ? s.padEnd(widths[i]) : s.padStart(widths[i])
      })
      .join("  ")
  console.log(`\n## ${title}`)
  console.log(line(rows[0]))
  console.log(widths.map((w) => "-".repeat(w)).join("  "))
  for (const r of rows.slice(1)) console.log(line(r))
  for (const n of notes) console.log(`   ${n}`)
}
