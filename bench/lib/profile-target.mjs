/**
 * The loop profiled by bench/profile.mjs (run under node --cpu-prof): one library, one scenario,
 * same setup as the worker (one genuine sign-in first), then `seconds` of the scenario after a warm-up.
 * argv: scenario (session|getSession|signin|full), library (ours|authjs|nextauth), seconds.
 * Starts its own IdP process; prints { n, ms, from, to } as JSON when done (from/to: monotonic µs).
 */
import { APP_ORIGIN, BASE_PATH } from "./config.mjs"
import { fullSignIn, getCsrf, signInRequest } from "./flow.mjs"
import { startIdpProcess } from "./idp.mjs"
import { createAuthjs, createNextAuth, createOurs } from "./libs.mjs"

const [scenario, key = "ours", seconds = "4"] = process.argv.slice(2)
const idp = await startIdpProcess()
const lib =
  key === "authjs"
    ? createAuthjs(idp.issuer)
    : key === "nextauth"
      ? createNextAuth(idp.issuer)
      : createOurs(idp.issuer)
const first = await fullSignIn(lib, idp)
if (!first.ok) throw new Error("sign-in failed")
const cookie = `${lib.sessionCookie}=${first.session}`
const sessionUrl = `${APP_ORIGIN}${BASE_PATH}/session`
const csrf = await getCsrf(lib)
const input = lib.prepareGetSession(cookie)

const steps = {
  session: async () => {
    const res = await lib.handler(new Request(sessionUrl, { headers: { cookie } }))
    await res.text()
  },
  getSession: () => lib.getSession(input),
  signin: async () => {
    const res = await lib.handler(signInRequest(csrf))
    await res.arrayBuffer()
  },
  full: () => fullSignIn(lib, idp),
}
const step = steps[scenario]
if (!step) throw new Error(`scenario: one of ${Object.keys(steps).join(", ")}`)
const loop = async (ms) => {
  let n = 0
  const end = performance.now() + ms
  while (performance.now() < end) {
    await step()
    n++
  }
  return n
}
await loop(1500) // warm-up
// Monotonic µs, the clock of the .cpuprofile timestamps on Linux: the summary keeps only this window.
const us = () => Number(process.hrtime.bigint() / 1000n)
const from = us()
const t0 = performance.now()
const n = await loop(Number(seconds) * 1000)
const ms = performance.now() - t0
const to = us()
await idp.stop()
process.stdout.write(JSON.stringify({ n, ms, from, to }))
