// Imported by instrumentation.ts at server start (Node.js runtime only): builds the Auth instances
// now, so a missing AUTH_SECRET (or a bad provider config) stops the server at once with core's
// message, instead of failing the first request.
import { authInstances, databaseFile } from "@/auth"

if (process.env.NEXT_PHASE !== "phase-production-build") {
  try {
    const { app } = authInstances()
    console.log(
      `[auth] ready: providers ${[...app.providers.keys()].join(", ") || "(none)"}; database ${databaseFile()}`,
    )
  } catch (error) {
    const e = error as { code?: string; message?: string }
    console.error(
      `\n[auth] Cannot start: ${e.code ? `${e.code}: ` : ""}${e.message ?? String(error)}\n`,
    )
    process.exit(1)
  }
}
