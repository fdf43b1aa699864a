/** Starts bench/idp-process.mjs as a child process and talks to it over IPC. */
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"

const script = fileURLToPath(new URL("../idp-process.mjs", import.meta.url))

export async function startIdpProcess() {
  const child = fork(script, [], { stdio: ["ignore", "ignore", "pipe", "ipc"] })
  let stderr = ""
  child.stderr.on("data", (d) => {
    stderr += d
  })
  const pending = new Map()
  let nextId = 1
  const issuer = await new Promise((resolve, reject) => {
    const onExit = (code) =>
      reject(new Error(`IdP process exited (${code}) before it was ready:\n${stderr}`))
    child.once("exit", onExit)
    child.on("message", (msg) => {
      if (msg.type === "ready") {
        child.off("exit", onExit)
        resolve(msg.issuer)
        return
      }
      const p = pending.get(msg.id)
      if (!p) return
      pending.delete(msg.id)
      if (msg.error) p.reject(new Error(msg.error))
      else p.resolve(msg.result)
    })
  })
  const call = (msg) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      child.send({ ...msg, id })
    })
  return {
    issuer,
    pid: child.pid,
    /** Follows the authorization URL at the IdP (as a browser with cookie jar `jar`); the callback URL. */
    follow: (url, jar) => call({ type: "follow", url, jar }),
    counts: () => call({ type: "counts" }),
    tamper: (on) => call({ type: "tamper", on }),
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once("exit", r))
      await call({ type: "stop" }).catch(() => undefined)
      await exited
    },
    stderr: () => stderr,
  }
}

export function countsDelta(a, b) {
  const out = {}
  for (const k of Object.keys(b)) out[k] = b[k] - (a[k] ?? 0)
  return out
}
