/** The per-instance cache of decrypted session tokens must never change what a read returns. */
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { resolveConfig } from "../src/config/resolve.js"
import { decodeSession, encodeSession } from "../src/session/jwt.js"
import { ORIGIN, SECRET, idp, makeAuth } from "./helpers.js"

beforeAll(() => nock.disableNetConnect())
afterEach(() => vi.useRealTimers())

const NAME = "auth.session-token"

describe("session token cache", () => {
  it("a cached token still expires: a read after exp is null, and the entry is dropped", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") })
    const auth = resolveConfig({ secret: SECRET, env: {}, providers: [idp()], session: { maxAge: 60 } })
    const raw = await encodeSession(auth, NAME, { sub: "u1", name: "Ann" })
    expect((await decodeSession(auth, NAME, raw))?.sub).toBe("u1")
    expect(auth.sessionCache.has(NAME, raw)).toBe(true)
    vi.setSystemTime(new Date("2026-01-01T00:01:01Z"))
    expect(await decodeSession(auth, NAME, raw)).toBeNull()
    expect(auth.sessionCache.has(NAME, raw)).toBe(false)
  })

  it("hits return copies: mutating one read does not change the next", async () => {
    const auth = resolveConfig({ secret: SECRET, env: {}, providers: [idp()] })
    const raw = await encodeSession(auth, NAME, { sub: "u1", name: "Ann" })
    const first = (await decodeSession(auth, NAME, raw))!
    first.name = "Mallory"
    expect((await decodeSession(auth, NAME, raw))?.name).toBe("Ann")
  })

  it("invalid tokens are never cached, and another instance (another secret) does not share the cache", async () => {
    const auth = resolveConfig({ secret: SECRET, env: {}, providers: [idp()] })
    const raw = await encodeSession(auth, NAME, { sub: "u1" })
    const tampered = raw.slice(0, -3) + (raw.endsWith("AAA") ? "BBB" : "AAA")
    expect(await decodeSession(auth, NAME, tampered)).toBeNull()
    expect(auth.sessionCache.has(NAME, tampered)).toBe(false)
    const other = resolveConfig({ secret: `${SECRET}-other`, env: {}, providers: [idp()] })
    await decodeSession(auth, NAME, raw)
    expect(await decodeSession(other, NAME, raw)).toBeNull()
  })

  it("is bounded", async () => {
    const auth = resolveConfig({ secret: SECRET, env: {}, providers: [idp()] })
    for (let i = 0; i < 1005; i++) await decodeSession(auth, NAME, await encodeSession(auth, NAME, { sub: `u${i}` }))
    expect(auth.sessionCache.size).toBe(1000)
  })
})

describe("GET session answers from the cache only when nothing could change the answer", () => {
  async function read(auth: ReturnType<typeof makeAuth>, raw: string) {
    const response = await auth.handler(new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie: `${NAME}=${raw}` } }))
    return { body: await response.json(), cookies: response.headers.getSetCookie() }
  }

  it("callbacks still run on every read (their answers are never cached)", async () => {
    let calls = 0
    const auth = makeAuth({ providers: [idp()], callbacks: { session: ({ session }) => ({ ...session, n: ++calls }) } })
    const internals = resolveConfig({ secret: SECRET, env: {}, providers: [idp()] })
    const raw = await encodeSession(internals, NAME, { sub: "u1", name: "Ann" })
    expect((await read(auth, raw)).body.n).toBe(1)
    expect((await read(auth, raw)).body.n).toBe(2)
  })

  it("a cached answer stops at exp, and a due renewal still re-issues the cookie", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") })
    const auth = makeAuth({ providers: [idp()], session: { maxAge: 3600, updateAge: 600 } })
    const internals = resolveConfig({ secret: SECRET, env: {}, providers: [idp()], session: { maxAge: 3600 } })
    const raw = await encodeSession(internals, NAME, { sub: "u1", name: "Ann" })
    const first = await read(auth, raw)
    const second = await read(auth, raw)
    expect(second).toEqual(first)
    expect(second.cookies).toEqual([])
    vi.setSystemTime(new Date("2026-01-01T00:11:00Z"))
    const renewed = await read(auth, raw)
    expect(renewed.body.user.name).toBe("Ann")
    expect(renewed.cookies.some((c) => c.startsWith(`${NAME}=`))).toBe(true)
    vi.setSystemTime(new Date("2026-01-01T01:00:01Z"))
    expect((await read(auth, raw)).body).toBeNull()
  })
})
