import type { NextConfig } from "next"

const nextConfig: NextConfig = {
  // better-sqlite3 (a native module, used by @auth/adapter-sqlite) must be loaded by Node, not bundled.
  // It is on Next.js's built-in list; named here so the dependency is visible.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
}

export default nextConfig
