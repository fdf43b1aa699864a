#!/usr/bin/env node
// `pnpm start`: production. Refuses to start without AUTH_SECRET; then `next build`, the local
// OpenID Providers (unless AUTH_LOCAL_IDP=off) and `next start` together. Ctrl-C stops both.
import { LOCAL_IDPS, idpPort, localIdpsEnabled } from "../lib/local-idps.mjs"
import {
  SECRET_COMMAND,
  assertPortFree,
  exited,
  loadEnv,
  missingSecretMessage,
  runTogether,
  spawnNext,
} from "./lib.mjs"

loadEnv({ dev: false })
const missing = await missingSecretMessage()
if (missing) {
  console.error(
    `\n  Refusing to start: no AUTH_SECRET.\n\n  ${missing}\n\n` +
      `  Make one and put it in the environment or in apps/example/.env.production.local:\n` +
      `    echo "AUTH_SECRET=$(${SECRET_COMMAND})" >> apps/example/.env.production.local\n`,
  )
  process.exit(1)
}

try {
  const appPort = Number(process.env.PORT || 3000)
  await assertPortFree(appPort, { name: "the app", envVar: "PORT", command: "pnpm start" })
  if (localIdpsEnabled()) {
    for (const idp of LOCAL_IDPS)
      await assertPortFree(idpPort(idp), {
        name: idp.name,
        envVar: idp.portEnv,
        host: "127.0.0.1",
        command: "pnpm start",
      })
  }
  if (process.env.SKIP_BUILD !== "1") {
    const code = await exited(spawnNext(["build"]))
    if (code !== 0) process.exit(code)
  }
  await runTogether({
    nextArgs: ["start", "--port", String(appPort)],
    appPort,
    label: "Production server",
  })
} catch (error) {
  console.error(`\n  ${error.message}\n`)
  process.exit(1)
}
