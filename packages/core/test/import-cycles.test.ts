/** core's modules import each other without cycles (a cycle makes load order, and so `undefined` imports, fragile). */
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, normalize, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "src")

function graph(): Map<string, string[]> {
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts"))
  const edges = new Map<string, string[]>()
  for (const file of files) {
    const text = readFileSync(join(src, file), "utf8")
    const targets = [...text.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)].map((m) =>
      normalize(join(dirname(file), m[1]!.replace(/\.js$/, ".ts"))),
    )
    edges.set(normalize(file), targets)
  }
  return edges
}

function cycles(edges: Map<string, string[]>): string[] {
  const state = new Map<string, "open" | "done">()
  const found: string[] = []
  const visit = (node: string, stack: string[]) => {
    state.set(node, "open")
    stack.push(node)
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === "open")
        found.push([...stack.slice(stack.indexOf(next)), next].join(" -> "))
      else if (!state.has(next)) visit(next, stack)
    }
    stack.pop()
    state.set(node, "done")
  }
  for (const node of edges.keys()) if (!state.has(node)) visit(node, [])
  return found
}

describe("import graph of packages/core/src", () => {
  it("reads the real graph (config/resolve.ts and session/jwt.ts among its files)", () => {
    const edges = graph()
    expect(edges.get(normalize("session/jwt.ts"))).toContain(normalize("config/resolve.ts"))
    expect(relative(src, join(src, "config/resolve.ts"))).toBe(normalize("config/resolve.ts"))
  })
  it("has no import cycle (type-only imports included)", () => {
    expect(cycles(graph())).toEqual([])
  })
  it("finds a cycle when there is one", () => {
    expect(
      cycles(
        new Map([
          ["a.ts", ["b.ts"]],
          ["b.ts", ["a.ts"]],
        ]),
      ),
    ).toEqual(["a.ts -> b.ts -> a.ts"])
  })
})
