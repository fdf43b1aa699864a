/** Bundle sizes with esbuild: minified, platform node, everything bundled but node builtins. */
import { readFileSync, readdirSync, existsSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import * as esbuild from "esbuild"

const benchDir = fileURLToPath(new URL("..", import.meta.url))
const packagesDir = join(benchDir, "..", "packages")

const gz = (buf) => gzipSync(buf, { level: 9 }).length

/** Which package a bundled input file belongs to (pnpm layout aware). */
function packageOf(file) {
  const i = file.lastIndexOf("node_modules/")
  if (i === -1) {
    const m = /packages\/([^/]+)\//.exec(file)
    return m ? `workspace:${m[1]}` : file
  }
  const rest = file.slice(i + "node_modules/".length).split("/")
  return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]
}

export async function bundle(contents) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: benchDir, sourcefile: "entry.mjs", loader: "js" },
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
  })
  const code = result.outputFiles[0].contents
  const byPackage = {}
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, info] of Object.entries(output.inputs)) {
      const pkg = packageOf(file)
      byPackage[pkg] = (byPackage[pkg] ?? 0) + info.bytesInOutput
    }
  }
  const top = Object.entries(byPackage)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
  return { bytes: code.length, gzip: gz(code), top }
}

/** Each packages/provider-* /dist/index.js, minified alone (its @auth/core import stays external). */
export async function providerSizes() {
  const out = []
  for (const dir of readdirSync(packagesDir)
    .filter((d) => d.startsWith("provider-"))
    .sort()) {
    const file = join(packagesDir, dir, "dist", "index.js")
    if (!existsSync(file)) {
      out.push({ name: dir, missing: true })
      continue
    }
    const source = readFileSync(file, "utf8")
    const { code } = await esbuild.transform(source, {
      minify: true,
      format: "esm",
      target: "node20",
      loader: "js",
    })
    out.push({
      name: `@auth/${dir}`,
      raw: Buffer.byteLength(source),
      min: Buffer.byteLength(code),
      gzip: gz(Buffer.from(code)),
    })
  }
  return out
}
