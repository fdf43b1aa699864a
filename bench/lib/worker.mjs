/**
 * One library per process: run.mjs forks this file once per library (argv: library key, IdP
 * issuer) so that no library runs in a process whose JIT state, heap or undici code paths were
 * shaped by another library. Every worker has the same history (one genuine sign-in, then the
 * measurements), and run.mjs drives them one at a time, in interleaved rounds.
 *
 * Parent -> worker: { cmd, id, ... }       worker -> parent: { reply: id, result | error }
 * Worker -> parent: { req, id, type: "follow", url, jar }  (the IdP hops are done by the IdP process)
 */
import { APP_ORIGIN, BASE_PATH } from "./config.mjs"
import { fullSignIn, getCsrf, signInRequest } from "./flow.mjs"
import { createAuthjs, createNextAuth, createOurs } from "./libs.mjs"
import { runAsync } from "./measure.mjs"
import { installNetCounter, since, snapshot } from "./netcount.mjs"

const [key, issuer] = process.argv.slice(2)
installNetCounter()

// ---- requests to the parent (IdP hops) ----
let nextReq = 1
const pendingReqs = new Map()
const askParent = (msg) =>
  new Promise((resolve, reject) => {
    const id = nextReq++
    pendingReqs.set(id, { resolve, reject })
    process.send({ ...msg, req: true, id })
  })
const idp = { issuer, follow: (url, jar) => askParent({ type: "follow", url, jar }) }

/** A handler-shaped baseline: what any web-standard handler pays on this Node (no auth work). */
function createBaseline() {
  const body = JSON.stringify({
    user: {
      name: "Alice Example",
      email: "alice@example.test",
      image: "https://example.test/avatars/alice.png",
    },
    expires: new Date().toISOString(),
  })
  return {
    key: "baseline",
    label: "baseline: minimal handler",
    handler: async (request) => {
      const url = new URL(request.url)
      request.headers.get("cookie")
      return new Response(url.pathname.endsWith("/session") ? body : "{}", {
        status: 200,
        headers: {
          "content-type": "application/json",
          "cache-control": "private, no-cache, no-store",
        },
      })
    },
  }
}

const lib =
  key === "ours"
    ? createOurs(issuer)
    : key === "oursdb"
      ? createOurs(issuer, { database: true })
      : key === "authjs"
        ? createAuthjs(issuer)
        : key === "nextauth"
          ? createNextAuth(issuer)
          : createBaseline()

const state = {}
const sessionUrl = `${APP_ORIGIN}${BASE_PATH}/session`

/** Library CPU: process.cpuUsage() summed over the library's own handler calls only. */
function cpuTimed(target, acc) {
  return {
    ...target,
    handler: async (request) => {
      const c0 = process.cpuUsage()
      try {
        return await target.handler(request)
      } finally {
        const c = process.cpuUsage(c0)
        acc.libCpuUs += c.user + c.system
      }
    },
  }
}

/** Captures console.error while `fn` runs (libraries log the refused sign-in); returns its first line. */
async function quietly(fn) {
  const original = console.error
  const lines = []
  console.error = (...args) =>
    lines.push(
      args
        .map((a) =>
          a instanceof Error
            ? a.message
            : typeof a === "string"
              ? a
              : (JSON.stringify(a) ?? String(a)),
        )
        .join(" "),
    )
  try {
    return { result: await fn(), logged: lines }
  } finally {
    console.error = original
  }
}

const commands = {
  /** One genuine sign-in: its cookie is the session read afterwards. */
  async setup() {
    if (key === "baseline") {
      state.cookie = "auth.session-token=x"
      return { ok: true }
    }
    const r = await fullSignIn(lib, idp)
    if (!r.ok)
      throw new Error(
        `${key}: the sign-in did not produce a session cookie (callback ${r.status} -> ${r.location})`,
      )
    state.cookie = `${lib.sessionCookie}=${r.session}`
    state.token = r.session
    // The session response, checked once.
    const res = await lib.handler(new Request(sessionUrl, { headers: { cookie: state.cookie } }))
    const body = await res.json()
    state.getSessionInput = lib.prepareGetSession(state.cookie)
    const s = await lib.getSession(state.getSessionInput)
    // Sign-in start: a CSRF cookie + token, and one warm-up start (discovery cached from here on).
    state.csrf = await getCsrf(lib)
    const start = await lib.handler(signInRequest(state.csrf))
    await start.arrayBuffer()
    return {
      label: lib.label,
      getSessionNote: lib.getSessionNote,
      token: r.session,
      session: {
        status: res.status,
        email: body?.user?.email ?? null,
        setCookies: res.headers.getSetCookie().length,
      },
      getSession: { email: s?.user?.email ?? null },
      signInStart: { status: start.status, location: start.headers.get("location") },
    }
  },

  /** Runs one measurement for `ms` milliseconds. */
  async run({ measure, ms }) {
    if (measure === "session") {
      const { cookie } = state
      return runAsync(async () => {
        const res = await lib.handler(new Request(sessionUrl, { headers: { cookie } }))
        await res.text()
      }, ms)
    }
    if (measure === "getSession") {
      const input = state.getSessionInput
      return runAsync(() => lib.getSession(input), ms)
    }
    if (measure === "signInStart") {
      const net0 = snapshot()
      let bad = 0
      const r = await runAsync(async () => {
        const res = await lib.handler(signInRequest(state.csrf))
        await res.arrayBuffer()
        if (res.status !== 302) bad++
      }, ms)
      return { ...r, net: since(net0), bad }
    }
    if (measure === "full") {
      const acc = { libCpuUs: 0 }
      const timed = cpuTimed(lib, acc)
      const net0 = snapshot()
      let n = 0
      let fail = 0
      const c0 = process.cpuUsage()
      const w0 = performance.now()
      const end = w0 + ms
      while (performance.now() < end) {
        const r = await fullSignIn(timed, idp)
        if (r.ok) n++
        else fail++
      }
      const wall = performance.now() - w0
      const c = process.cpuUsage(c0)
      return {
        iterations: n,
        fail,
        ms: wall,
        procCpuUs: c.user + c.system,
        libCpuUs: acc.libCpuUs,
        net: since(net0),
      }
    }
    throw new Error(`unknown measure ${measure}`)
  },

  /** One sign-in while the IdP tampers with the id_token signature: refused or not? */
  async tampered() {
    const { result, logged } = await quietly(() =>
      fullSignIn(lib, idp).catch((error) => ({ ok: false, error: String(error) })),
    )
    return { refused: !result.ok, logged: logged[0] ?? result.error ?? result.location ?? "" }
  },
}

process.on("message", async (msg) => {
  if (msg.reply !== undefined) {
    const p = pendingReqs.get(msg.reply)
    pendingReqs.delete(msg.reply)
    if (msg.error) p?.reject(new Error(msg.error))
    else p?.resolve(msg.result)
    return
  }
  try {
    const result = await commands[msg.cmd](msg)
    process.send({ reply: msg.id, result })
  } catch (error) {
    process.send({ reply: msg.id, error: String(error?.stack ?? error) })
  }
})
process.on("disconnect", () => process.exit(0))
process.send({ ready: true })
