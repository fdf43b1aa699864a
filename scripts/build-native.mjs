#!/usr/bin/env node
// Root `postinstall`: compiles better-sqlite3 against the headers of the Node that runs the install.
//
// Why: better-sqlite3's own install script first downloads a prebuilt binary (from GitHub) and then
// lets node-gyp download Node's headers (from nodejs.org). Neither host is reachable from many CI
// images and corporate networks, and pnpm does not pass `nodedir` from .npmrc or
// pnpm-workspace.yaml to it. So pnpm-workspace.yaml does not run that script
// (`allowBuilds: better-sqlite3: false`) and this one runs node-gyp with `--nodedir` pointing at
// the headers every official Node build and Debian's nodejs package ship next to the binary
// (<prefix>/include/node, where the binary is <prefix>/bin/node). No download, no env variable.
//
// It is idempotent: a copy that already loads in this Node is left alone, so `pnpm install` on an
// up-to-date tree costs one child process. Run `pnpm run build:native` after switching Node majors.
import { spawnSync } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const require = createRequire(join(root, "package.json"))

/** Every installed copy of better-sqlite3 in pnpm's virtual store. */
function copies() {
  const store = join(root, "node_modules", ".pnpm")
  if (!existsSync(store)) return []
  return readdirSync(store)
    .filter((name) => name.startsWith("better-sqlite3@"))
    .map((name) => join(store, name, "node_modules", "better-sqlite3"))
    .filter((dir) => existsSync(join(dir, "binding.gyp")))
}

/** Whether this copy's compiled addon loads and opens a database in this Node. */
function loads(dir) {
  const probe = `const D = require(${JSON.stringify(dir)}); new D(":memory:").prepare("select 1").get()`
  return spawnSync(process.execPath, ["-e", probe], { stdio: "ignore" }).status === 0
}

function headersDir() {
  const prefix = resolve(dirname(process.execPath), "..")
  if (existsSync(join(prefix, "include", "node", "node_api.h"))) return prefix
  console.error(
    `build-native: Node's C headers are not at ${join(prefix, "include", "node")} (next to ${process.execPath}).\n` +
      "Likely cause: a Node build without headers (some distribution packages put them in a separate package).\n" +
      "Fix: install them (Debian/Ubuntu: apt-get install libnode-dev, or use an official Node build), or run Node 22.13+ " +
      "where @auth/adapter-sqlite uses the built-in node:sqlite and better-sqlite3 is only needed by the tests.",
  )
  process.exit(1)
}

const targets = copies().filter((dir) => !loads(dir))
if (targets.length === 0) {
  console.log(`build-native: better-sqlite3 is built for Node ${process.version}`)
  process.exit(0)
}
const nodedir = headersDir()
const nodeGyp = require.resolve("node-gyp/bin/node-gyp.js")
for (const dir of targets) {
  console.log(
    `build-native: compiling ${dir.slice(root.length + 1)} for Node ${process.version} (headers in ${nodedir}/include/node)`,
  )
  const started = Date.now()
  const build = spawnSync(
    process.execPath,
    [nodeGyp, "rebuild", "--release", `--nodedir=${nodedir}`],
    { cwd: dir, stdio: "inherit" },
  )
  if (build.status !== 0 || !loads(dir)) {
    console.error(
      `build-native: compiling better-sqlite3 failed (exit ${build.status}).\n` +
        "Likely cause: no C++ toolchain. Fix: apt-get install python3 make g++ (or build-essential), then pnpm install again.",
    )
    process.exit(1)
  }
  console.log(`build-native: done in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}
