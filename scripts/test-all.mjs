#!/usr/bin/env node
// Runs every workspace package's tests one package at a time (2 cores: parallel suites with real
// IdPs and browsers only fight each other), reads each vitest JSON report, prints the totals as
// the plain line CI reads ("N passed, N failed") and exits non-zero on any failure.
// The provider packages (packages/provider-*) run together in ONE vitest process
// (vitest.providers.config.ts): one start-up and one transform cache for all of them instead of
// one per package. Their results are still counted, and listed, per package.
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs"
import { join, relative, sep } from "node:path"

const root = new URL("..", import.meta.url).pathname
const groups = ["packages", "tests", "apps"]
const PROVIDERS = { name: "provider packages (one vitest run)", dir: root, providers: [] }
const units = []
for (const group of groups) {
  const base = join(root, group)
  if (!existsSync(base)) continue
  for (const name of readdirSync(base).sort()) {
    const dir = join(base, name)
    const pkgFile = join(dir, "package.json")
    if (!existsSync(pkgFile)) continue
    const pkg = JSON.parse(readFileSync(pkgFile, "utf8"))
    if (!pkg.scripts?.test) continue
    if (group === "packages" && name.startsWith("provider-")) {
      if (PROVIDERS.providers.length === 0) units.push(PROVIDERS)
      PROVIDERS.providers.push({ dir, name: pkg.name })
    } else {
      units.push({ dir, name: pkg.name })
    }
  }
}
// core and testkit first: everything else builds on them.
const order = (n) => (n === "@auth/core" ? 0 : n === "@auth/testkit" ? 1 : 2)
units.sort((a, b) => order(a.name) - order(b.name))

let passed = 0
let failed = 0
const broken = []

function run(unit) {
  if (unit === PROVIDERS) {
    const report = join(root, "test-results.providers.json")
    rmSync(report, { force: true })
    const status = spawnSync("pnpm", ["run", "test:providers"], {
      cwd: root,
      stdio: "inherit",
      env: process.env,
    }).status
    return { report, status }
  }
  const report = join(unit.dir, "test-results.json")
  rmSync(report, { force: true })
  const status = spawnSync("pnpm", ["run", "test"], {
    cwd: unit.dir,
    stdio: "inherit",
    env: process.env,
  }).status
  return { report, status }
}

/** Per provider package: passed/failed tests, and files that failed without running a test (load errors). */
function perProvider(result) {
  const counts = new Map(
    PROVIDERS.providers.map((p) => [p.dir, { name: p.name, passed: 0, failed: 0, files: 0 }]),
  )
  for (const file of result.testResults ?? []) {
    const dir = join(root, relative(root, file.name).split(sep).slice(0, 2).join(sep))
    const entry = counts.get(dir)
    if (!entry) continue
    entry.files += 1
    for (const test of file.assertionResults ?? []) {
      if (test.status === "passed") entry.passed += 1
      else if (test.status === "failed") entry.failed += 1
    }
    if (
      file.status === "failed" &&
      (file.assertionResults ?? []).every((t) => t.status !== "failed")
    )
      entry.failed += 1
  }
  return [...counts.values()]
}

for (const unit of units) {
  console.log(`\n=== ${unit.name} ===`)
  const { report, status } = run(unit)
  if (!existsSync(report)) {
    broken.push(`${unit.name} (no test report, exit ${status})`)
    failed += 1
    continue
  }
  const result = JSON.parse(readFileSync(report, "utf8"))
  passed += result.numPassedTests
  failed += result.numFailedTests
  if (status !== 0 && result.numFailedTests === 0) {
    broken.push(`${unit.name} (exit ${status})`)
    failed += 1
  }
  if (result.numPendingTests || result.numTodoTests)
    broken.push(`${unit.name} (skipped/todo tests are not allowed)`)
  if (unit === PROVIDERS) {
    console.log("")
    for (const p of perProvider(result)) {
      console.log(`  ${p.name}: ${p.passed} passed, ${p.failed} failed`)
      if (p.files === 0) broken.push(`${p.name} (no test file ran: add test/contract.test.ts)`)
    }
  }
}
if (broken.length) console.log(`\nBroken suites: ${broken.join(", ")}`)
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed > 0 || broken.length > 0 || passed === 0 ? 1 : 0)
