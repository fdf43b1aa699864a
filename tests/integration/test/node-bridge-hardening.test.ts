/**
 * `@auth/core/node` under hostile clients, in a child process with Node's default handling of
 * unhandled rejections: nothing a client sends may make the bridge reject (and the server exit).
 */
import { spawn, type ChildProcess } from "node:child_process"
import { connect } from "node:net"
import { fileURLToPath } from "node:url"
import { afterEach, describe, expect, it } from "vitest"

const FIXTURE = fileURLToPath(new URL("./fixtures/bridge-server.mjs", import.meta.url))

interface Child {
  process: ChildProcess
  port: number
  lines: Array<Record<string, unknown>>
  exited: () => boolean
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill()
})

function startChild(mode: "with-url" | "no-url"): Promise<Child> {
  const child = spawn(process.execPath, [FIXTURE, mode], { stdio: ["ignore", "pipe", "pipe"] })
  children.push(child)
  let exited = false
  child.on("exit", () => (exited = true))
  const lines: Array<Record<string, unknown>> = []
  return new Promise((resolve, reject) => {
    let buffer = ""
    child.stdout!.on("data", (data: Buffer) => {
      buffer += data.toString()
      let nl
      while ((nl = buffer.indexOf("\n")) !== -1) {
        const line = JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>
        buffer = buffer.slice(nl + 1)
        lines.push(line)
        if (typeof line.port === "number")
          resolve({ process: child, port: line.port, lines, exited: () => exited })
      }
    })
    child.on("exit", (code) => reject(new Error(`bridge server exited early (${code})`)))
  })
}

/** Sends raw bytes, returns what came back (the status line and headers) once the server closes or answers. */
function raw(port: number, text: string, { abortAfterWrite = false } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1")
    let answer = ""
    socket.on("data", (d) => {
      answer += d.toString("latin1")
      if (answer.includes("\r\n\r\n")) socket.end()
    })
    socket.on("error", () => resolve(answer))
    socket.on("close", () => resolve(answer))
    socket.write(text, () => {
      if (abortAfterWrite) setTimeout(() => socket.destroy(), 50)
    })
  })
}

const status = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])

async function alive(child: Child): Promise<void> {
  const answer = await raw(
    child.port,
    "GET /api/auth/providers HTTP/1.1\r\nHost: localhost:3000\r\nConnection: close\r\n\r\n",
  )
  expect(status(answer)).toBe(200)
  expect(child.exited()).toBe(false)
}

describe.each(["with-url", "no-url"] as const)("toNodeHandler (%s)", (mode) => {
  it.each(["a b", "[", "host:99999", "localhost:3000@evil.com"])(
    "answers 400 to Host %j and keeps serving",
    async (host) => {
      const child = await startChild(mode)
      const answer = await raw(
        child.port,
        `GET /api/auth/session HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      )
      if (mode === "with-url" || status(answer) !== 400) {
        // With `url` the origin never comes from Host: the request is valid, and must be answered.
        expect([200, 400]).toContain(status(answer))
      }
      if (mode === "no-url") expect(status(answer)).toBe(400)
      await new Promise((r) => setTimeout(r, 100))
      await alive(child)
    },
  )

  it("drops an aborted upload quietly (debug log) and keeps serving", async () => {
    const child = await startChild(mode)
    const head =
      "POST /api/auth/signin/idp HTTP/1.1\r\nHost: localhost:3000\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\ncsrfToken=abc"
    await raw(child.port, head, { abortAfterWrite: true })
    await new Promise((r) => setTimeout(r, 200))
    await alive(child)
    expect(
      child.lines.some((l) => typeof l.debug === "string" && /aborted/i.test(l.debug as string)),
    ).toBe(true)
  })
})

describe("toNodeHandler without `url`: the origin never comes from the path", () => {
  it("`//evil.com/...` keeps the Host origin: no redirect, page or redirect_uri names evil.com", async () => {
    const child = await startChild("no-url")
    const get = (path: string) =>
      raw(child.port, `GET ${path} HTTP/1.1\r\nHost: localhost:3000\r\nConnection: close\r\n\r\n`)
    const csrf = await raw(
      child.port,
      "GET //evil.com/api/auth/csrf HTTP/1.1\r\nHost: localhost:3000\r\nConnection: close\r\n\r\n",
    )
    const token = /"csrfToken":"([^"]+)"/.exec(csrf)?.[1] ?? "none"
    const cookie = /set-cookie: ([^;\r]+)/i.exec(csrf)?.[1] ?? "x=y"
    const form = `csrfToken=${token}&callbackUrl=%2Fx`
    const start = await raw(
      child.port,
      `POST //evil.com/api/auth/signin/idp HTTP/1.1\r\nHost: localhost:3000\r\nCookie: ${cookie}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`,
    )
    const signout = await raw(
      child.port,
      `POST //evil.com/api/auth/signout HTTP/1.1\r\nHost: localhost:3000\r\nCookie: ${cookie}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`,
    )
    for (const answer of [csrf, start, signout, await get("//evil.com/api/auth/signin")]) {
      expect(answer).toMatch(/^HTTP\/1\.1 \d{3}/)
      expect(answer).not.toMatch(/evil\.com/)
    }
    await alive(child)
  })
})
