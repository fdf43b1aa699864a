// Runs once when the server starts (next dev / next start), before any request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") await import("./lib/check-auth-config")
}
