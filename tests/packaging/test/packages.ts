import { existsSync, readFileSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../..", import.meta.url))

export interface PackageJson {
  name: string
  version: string
  private?: boolean
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  engines?: Record<string, string>
}

export interface Publishable {
  name: string
  dir: string
  pkg: PackageJson
}

/** Every non-private package under packages/: what `changeset publish` would publish. */
export function publishablePackages(root = ROOT): Publishable[] {
  const base = join(root, "packages")
  return readdirSync(base)
    .sort()
    .map((name) => join(base, name))
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => ({
      dir,
      pkg: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson,
    }))
    .filter(({ pkg }) => !pkg.private)
    .map(({ dir, pkg }) => ({ name: pkg.name, dir, pkg }))
}

declare module "vitest" {
  export interface ProvidedContext {
    /** package name -> the .tgz `pnpm pack` made of it */
    tarballs: Record<string, string>
  }
}
