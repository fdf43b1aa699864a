/** Parent side of lib/worker.mjs: one process per library, driven one at a time. */
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"

const script = fileURLToPath(new URL("./worker.mjs", import.meta.url))

export async function startWorker(key, idp) {
  const child = fork(script, [key, idp.issuer], { stdio: ["ignore", "inherit", "pipe", "ipc"] })
  let stderr = ""
  child.stderr.on("data", (d) => {
    stderr += d
  })
  const pending = new Map()
  let nextId = 1
  await new Promise((resolve, reject) => {
    const onExit = (code) =>
      reject(new Error(`worker ${key} exited (${code}) before it was ready:\n${stderr}`))
    child.once("exit", onExit)
    child.on("message", (msg) => {
      if (msg.ready) {
        child.off("exit", onExit)
        resolve()
        return
      }
      if (msg.req) {
        // The worker's browser hops at the IdP, relayed to the IdP process.
        const reply = (body) => child.connected && child.send({ reply: msg.id, ...body })
        if (msg.type === "follow")
          idp.follow(msg.url, msg.jar).then(
            (result) => reply({ result }),
            (e) => reply({ error: String(e) }),
          )
        else reply({ error: `unknown request ${msg.type}` })
        return
      }
      const p = pending.get(msg.reply)
      if (!p) return
      pending.delete(msg.reply)
      if (msg.error) p.reject(new Error(`worker ${key}: ${msg.error}\n${stderr}`))
      else p.resolve(msg.result)
    })
  })
  child.on("exit", (code) => {
    for (const p of pending.values())
      p.reject(new Error(`worker ${key} exited (${code}):\n${stderr}`))
    pending.clear()
  })
  return {
    key,
    pid: child.pid,
    call: (cmd, args = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve, reject })
        child.send({ ...args, cmd, id })
      }),
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once("exit", r))
      child.disconnect()
      await exited
    },
    /** What the worker wrote to stderr so far (library error logs). */
    stderr: () => stderr,
  }
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

function add(acc, r) {
  for (const [k, v] of Object.entries(r)) {
    if (typeof v === "number") acc[k] = (acc[k] ?? 0) + v
    else if (v && typeof v === "object" && !Array.isArray(v)) add((acc[k] ??= {}), v)
  }
}

/**
 * Warm-up per worker, then `rounds` interleaved rounds (A B C A B C ...), one worker busy at a time.
 * Sums every numeric field the workers return; `ops` is the median of the rounds' rates (robust to
 * a round disturbed by other load on the machine), `rates` lists them.
 * before/after(key): untimed hooks around each round (e.g. IdP request counts), merged into the sums.
 * perRound(result): a figure of one round (e.g. library CPU per sign-in); `perRound` lists them and
 * `perRoundMedian` is their median, robust to a disturbed round like `ops`.
 */
export async function compareWorkers(
  workers,
  measure,
  { warmupMs = 1500, rounds = 5, roundMs = 600, before, after, perRound } = {},
) {
  for (const w of workers) await w.call("run", { measure, ms: warmupMs })
  const out = Object.fromEntries(workers.map((w) => [w.key, {}]))
  for (let r = 0; r < rounds; r++) {
    for (const w of workers) {
      if (before) await before(w.key)
      const res = await w.call("run", { measure, ms: roundMs })
      if (after) add(out[w.key], (await after(w.key)) ?? {})
      add(out[w.key], res)
      ;(out[w.key].rates ??= []).push((res.iterations / res.ms) * 1000)
      if (perRound) (out[w.key].perRound ??= []).push(perRound(res))
    }
  }
  for (const w of workers) {
    out[w.key].ops = median(out[w.key].rates)
    if (perRound) out[w.key].perRoundMedian = median(out[w.key].perRound)
  }
  return out
}
