/**
 * CPU profile of one library in one scenario, summarised: where the time per operation goes.
 *
 *   node bench/profile.mjs <session|getSession|signin|full> [ours|authjs|nextauth] [seconds]
 *
 * Runs bench/lib/profile-target.mjs under `node --cpu-prof` (the IdP runs in its own process and
 * is not profiled), keeps only the samples of the timed loop (after the warm-up), and prints
 * self time per operation by area (library, undici, node:crypto, GC...) and by function.
 * The raw .cpuprofile is kept (path printed) for Chrome DevTools / speedscope.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, readdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const [scenario = "session", key = "ours", seconds = "4"] = process.argv.slice(2)
const dir = mkdtempSync(join(tmpdir(), "auth-bench-prof-"))
const target = fileURLToPath(new URL("./lib/profile-target.mjs", import.meta.url))
const run = spawnSync(
  process.execPath,
  [
    "--cpu-prof",
    `--cpu-prof-dir=${dir}`,
    "--cpu-prof-interval=100",
    target,
    scenario,
    key,
    seconds,
  ],
  {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  },
)
if (run.status !== 0) process.exit(run.status ?? 1)
const { n, ms, from, to } = JSON.parse(run.stdout)

// The profile of the target process (the IdP child writes its own; pick the one with library frames).
const files = readdirSync(dir).map((f) => join(dir, f))
const profiles = files.map((f) => ({ f, p: JSON.parse(readFileSync(f, "utf8")) }))
const libMark =
  key === "ours" ? "packages/core/dist" : key === "authjs" ? "/authjs-core/" : "next-auth"
const { f: file, p } =
  profiles.find(({ p }) =>
    p.nodes.some(
      (x) => x.callFrame.url.includes(libMark) || x.callFrame.url.includes("@auth+core@0.41.3"),
    ),
  ) ?? profiles[0]

const byId = new Map(p.nodes.map((x) => [x.id, x]))
// Keep the samples of the timed loop only: profile timestamps are monotonic µs (the clock of
// process.hrtime on Linux). If the clocks disagree, fall back to the last `ms` of the profile.
let t = p.startTime
const times = p.timeDeltas.map((d) => (t += d))
const sameClock = from >= p.startTime && to <= p.endTime
const fromT = sameClock ? from : p.endTime - ms * 1000
const toT = sameClock ? to : p.endTime
const self = new Map()
let total = 0
for (let i = 0; i < p.samples.length; i++) {
  if (times[i] < fromT || times[i] > toT) continue
  const dt = p.timeDeltas[i + 1] ?? 0
  self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt)
  total += dt
}
const area = (x) => {
  const { url, functionName: fn } = x.callFrame
  if (fn === "(idle)") return "(idle: waiting for I/O)"
  if (fn === "(garbage collector)") return "GC"
  if (fn === "(program)") return "(program)"
  if (url.includes("packages/core/dist")) return "ours: @auth/core"
  if (url.includes("@auth+core@0.41.3") || url.includes("authjs-core")) return "Auth.js @auth/core"
  if (url.includes("next-auth")) return "next-auth"
  if (url.includes("/bench/")) return "bench harness"
  for (const dep of [
    "openid-client",
    "oauth4webapi",
    "jose",
    "preact",
    "cookie",
    "@panva",
    "oidc-token-hash",
    "lru-cache",
  ])
    if (url.includes(`/${dep}`)) return dep
  if (url.includes("undici")) return "undici (fetch/Request/Response)"
  if (url.startsWith("node:internal/crypto") || url.startsWith("node:crypto")) return "node:crypto"
  if (url.startsWith("node:internal/webstreams")) return "web streams"
  if (url.startsWith("node:")) return `node:${url.replace(/^node:(internal\/)?/, "").split("/")[0]}`
  if (!url) return `(native) ${fn}`
  return url.replace(/.*node_modules\//, "")
}
const name = (x) => {
  const { url, functionName: fn, lineNumber } = x.callFrame
  const short = url
    .replace(/.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")
    .replace(/^file:\/\/\/work\/main\//, "")
    .replace(/^node:internal\//, "node:")
  return `${fn || "(anonymous)"}  ${short}${url ? `:${lineNumber + 1}` : ""}`
}
const byArea = new Map()
const byFn = new Map()
for (const [id, us] of self) {
  const x = byId.get(id)
  byArea.set(area(x), (byArea.get(area(x)) ?? 0) + us)
  byFn.set(name(x), (byFn.get(name(x)) ?? 0) + us)
}
const per = (us) => `${(us / n).toFixed(2).padStart(8)} µs/op`
console.log(
  `${key} / ${scenario}: ${n} ops in ${ms.toFixed(0)} ms under the profiler (${((n / ms) * 1000).toFixed(0)}/s; the profiler slows it)`,
)
console.log(`profile: ${file}\n\nself time by area (per operation):`)
for (const [k, us] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 16))
  console.log(`${per(us)}  ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`)
console.log("\nhottest functions (self time per operation):")
for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(`${per(us)}  ${k}`)
