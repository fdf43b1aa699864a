#!/usr/bin/env node
// `pnpm dev`: the local OpenID Providers and `next dev`, together, in one command.
//   PORT (3000)  the app      IDP_PORT (4000), IDP2_PORT (4001)  the local IdPs
// Ctrl-C stops both. On first start, an AUTH_SECRET is generated into .env.local.
import { relative } from "node:path"
import { LOCAL_IDPS, idpPort, localIdpsEnabled } from "../lib/local-idps.mjs"
import { APP_DIR, assertPortFree, ensureDevSecret, loadEnv, runTogether } from "./lib.mjs"

loadEnv({ dev: true })
const written = ensureDevSecret()
if (written)
  console.log(
    `\n  Generated AUTH_SECRET into ${relative(process.cwd(), written) || written} (first start; gitignored, keep it secret).`,
  )

try {
  const appPort = Number(process.env.PORT || 3000)
  if (!Number.isInteger(appPort) || appPort < 1 || appPort > 65535)
    throw new Error(`PORT=${process.env.PORT} is not a port number.`)
  await assertPortFree(appPort, { name: "the app", envVar: "PORT" })
  if (localIdpsEnabled()) {
    for (const idp of LOCAL_IDPS)
      await assertPortFree(idpPort(idp), { name: idp.name, envVar: idp.portEnv, host: "127.0.0.1" })
  }
  console.log(`\n  @auth example (development), in ${relative(process.cwd(), APP_DIR) || "."}`)
  await runTogether({ nextArgs: ["dev", "--port", String(appPort)], appPort, label: "Ready" })
} catch (error) {
  console.error(`\n  ${error.message}\n`)
  process.exit(1)
}
