/**
 * Size budgets of DESIGN.md §9, checked (not just printed): bench/lib/size.mjs measures, the same
 * way `pnpm bench` does (esbuild, minified, gzip level 9), and an overrun fails with the figure.
 */
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT } from "./packages.js"

/** Each provider package alone (its @auth/core import external), min+gzip. */
export const PROVIDER_BUDGET_BYTES = 1024
/** @auth/core + @auth/provider-google bundled for a server, min+gzip. */
export const CORE_AND_GOOGLE_BUDGET_BYTES = 35 * 1024

interface SizeModule {
  providerSizes(): Promise<{ name: string; missing?: boolean; gzip?: number }[]>
  bundle(code: string): Promise<{ bytes: number; gzip: number; top: [string, number][] }>
}
const sizePath = join(ROOT, "bench", "lib", "size.mjs")
const size = (await import(sizePath)) as SizeModule

describe("size budgets", () => {
  it(`each provider package is < ${PROVIDER_BUDGET_BYTES} B min+gzip`, async () => {
    const sizes = await size.providerSizes()
    expect(sizes.length).toBeGreaterThan(0)
    for (const provider of sizes) {
      expect(provider.missing, `${provider.name}: dist/index.js missing (not built)`).toBeFalsy()
      expect(
        provider.gzip!,
        `${provider.name}: ${provider.gzip} B min+gzip, budget < ${PROVIDER_BUDGET_BYTES} B`,
      ).toBeLessThan(PROVIDER_BUDGET_BYTES)
    }
  })

  it(`@auth/core + @auth/provider-google bundled for a server is < ${CORE_AND_GOOGLE_BUDGET_BYTES / 1024} KB min+gzip`, async () => {
    const { gzip, top } = await size.bundle(
      `import { Auth } from "@auth/core"\nimport google from "@auth/provider-google"\nexport { Auth, google }\n`,
    )
    const parts = top.map(([name, bytes]) => `${name} ${bytes} B`).join(", ")
    expect(
      gzip,
      `core + google: ${gzip} B min+gzip, budget < ${CORE_AND_GOOGLE_BUDGET_BYTES} B (largest parts, min: ${parts})`,
    ).toBeLessThan(CORE_AND_GOOGLE_BUDGET_BYTES)
  })
})
