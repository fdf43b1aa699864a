#!/usr/bin/env node
// Runs every workspace package's tests one package at a time (2 cores: parallel suites with real
// IdPs and browsers only fight each other), reads each vitest JSON report, prints the totals as
// the plain line CI reads ("N passed, N failed") and exits non-zero on any failure.
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const groups = ["packages", "tests", "apps"]
const dirs = []
for (const group of groups) {
  const base = join(root, group)
  if (!existsSync(base)) continue
  for (const name of readdirSync(base).sort()) {
    const dir = join(base, name)
    const pkgFile = join(dir, "package.json")
    if (!existsSync(pkgFile)) continue
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8"))
    if (pkg.scripts?.test) dirs.push({ dir, name: pkg.name })
  }
}
// core and testkit first: everything else builds on them.
const order = (n) => (n === "@auth/core" ? 0 : n === "@auth/testkit" ? 1 : 2)
dirs.sort((a, b) => order(a.name) - order(b.name))

let passed = 0
let failed = 0
const broken = []
for (const { dir, name } of dirs) {
  const report = join(dir, "test-results.json")
  rmSync(report, { force: true })
  console.log(`\n=== ${name} ===`)
  const run = spawnSync("pnpm", ["run", "test"], { cwd: dir, stdio: "inherit", env: process.env })
  if (!existsSync(report)) {
    broken.push(`${name} (no test report, exit ${run.status})`)
    failed += 1
    continue
  }
  const result = JSON.parse(readFileSync(report, "utf8"))
  passed += result.numPassedTests
  failed += result.numFailedTests
  if (run.status !== 0 && result.numFailedTests === 0) {
    broken.push(`${name} (exit ${run.status})`)
    failed += 1
  }
  if (result.numPendingTests || result.numTodoTests) broken.push(`${name} (skipped/todo tests are not allowed)`)
}
if (broken.length) console.log(`\nBroken suites: ${broken.join(", ")}`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed > 0 || broken.length > 0 || passed === 0 ? 1 : 0)
