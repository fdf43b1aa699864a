/** Shared settings: one app origin, one secret, one IdP client per library. */
export const APP_ORIGIN = "http://localhost:3000"
export const BASE_PATH = "/api/auth"
export const SECRET = "bench-secret-9f2c4e1a7b3d5c6e8f0a1b2c3d4e5f60"

export const CLIENTS = {
  ours: { clientId: "bench-ours", clientSecret: "bench-ours-secret-0123456789" },
  authjs: { clientId: "bench-authjs", clientSecret: "bench-authjs-secret-0123456789" },
  nextauth: { clientId: "bench-nextauth", clientSecret: "bench-nextauth-secret-0123456789" },
}
