import * as esbuild from "esbuild"
import { gzipSync } from "node:zlib"
async function sizes(entry) {
  const r = await esbuild.build({ entryPoints: [entry], bundle: true, minify: true, platform: "node", format: "esm", target: "node20", write: false, metafile: true, logLevel: "silent", external: ["openid-client"] })
  const m = {}
  for (const o of Object.values(r.metafile.outputs)) for (const [f, i] of Object.entries(o.inputs)) m[f.replace(/.*src\//, "")] = i.bytesInOutput
  return [m, gzipSync(r.outputFiles[0].contents, { level: 9 }).length]
}
const [a, ga] = await sizes("/tmp/h16-base/packages/core/src/index.ts")
const [b, gb] = await sizes("/work/wt/h16/packages/core/src/index.ts")
console.log("gzip", ga, gb, gb - ga)
for (const f of new Set([...Object.keys(a), ...Object.keys(b)])) if ((b[f] ?? 0) !== (a[f] ?? 0)) console.log(f, a[f] ?? 0, b[f] ?? 0, (b[f] ?? 0) - (a[f] ?? 0))
