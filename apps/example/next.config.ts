import type { NextConfig } from "next"

const nextConfig: NextConfig = {
  // @auth/adapter-sqlite picks its driver at run time (node:sqlite, or better-sqlite3 loaded lazily on
  // Node 20): both must be loaded by Node from node_modules, not bundled.
  // @auth/adapter-pg (DATABASE_URL) and pg are loaded from node_modules the same way.
  serverExternalPackages: ["@auth/adapter-sqlite", "better-sqlite3", "@auth/adapter-pg", "pg"],
  poweredByHeader: false,
  reactStrictMode: true,
}

export default nextConfig
