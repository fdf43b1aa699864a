// App Router: every /api/auth/* route (sign-in page, callbacks, session, csrf, sign-out, errors).
import { auth } from "@/auth"

export const { GET, POST } = auth.handlers
export const runtime = "nodejs" // better-sqlite3 and node:crypto
export const dynamic = "force-dynamic"
