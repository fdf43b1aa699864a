/** The per-instance cache of decrypted session tokens must never change what a read returns. */
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest"
import { resolveConfig } from "../src/config/resolve.js"
import { setNodeCryptoForTesting } from "../src/crypto/node.js"
import type { JWT } from "../src/index.js"
import { CLOCK_SKEW, decodeSession, encodeSession } from "../src/session/jwt.js"
import { ORIGIN, SECRET, browserHeaders, idp, makeAuth, sealSession } from "./helpers.js"

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  vi.useRealTimers()
  setNodeCryptoForTesting(undefined)
})

const NAME = "auth.session-token"

describe("session token cache", () => {
  it("a cached token still expires: a read after exp is null, and the entry is dropped", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") })
    const auth = resolveConfig({
      secret: SECRET,
      env: {},
      providers: [idp()],
      session: { maxAge: 60 },
    })
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
    for (let i = 0; i < 1005; i++)
      await decodeSession(auth, NAME, await encodeSession(auth, NAME, { sub: `u${i}` }))
    expect(auth.sessionCache.size).toBe(1000)
  })
})

describe("GET session answers from the cache only when nothing could change the answer", () => {
  async function read(auth: ReturnType<typeof makeAuth>, raw: string) {
    const response = await auth.handler(
      new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie: `${NAME}=${raw}` } }),
    )
    return { body: await response.json(), cookies: response.headers.getSetCookie() }
  }

  it("callbacks still run on every read (their answers are never cached)", async () => {
    let calls = 0
    const auth = makeAuth({
      providers: [idp()],
      callbacks: { session: ({ session }) => ({ ...session, n: ++calls }) },
    })
    const internals = resolveConfig({ secret: SECRET, env: {}, providers: [idp()] })
    const raw = await encodeSession(internals, NAME, { sub: "u1", name: "Ann" })
    expect((await read(auth, raw)).body.n).toBe(1)
    expect((await read(auth, raw)).body.n).toBe(2)
  })

  it("a cached answer stops at exp, and a due renewal still re-issues the cookie", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") })
    const auth = makeAuth({ providers: [idp()], session: { maxAge: 3600, updateAge: 600 } })
    const internals = resolveConfig({
      secret: SECRET,
      env: {},
      providers: [idp()],
      session: { maxAge: 3600 },
    })
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

describe("each read sees the token as it was issued", () => {
  /** A jwt callback that mutates nested claims in place, as real callbacks do. */
  const mutating = {
    jwt: ({ token }: { token: JWT }) => {
      ;(token.roles as string[]).push("pwned")
      ;(token.profile as { visits: number }).visits++
      token.name = "changed"
      return token
    },
  }

  it("a mutating jwt callback read three times (getSession and GET session) sees the same token each time", async () => {
    const auth = makeAuth({
      providers: [idp()],
      callbacks: {
        ...mutating,
        session: ({ session, token }) => ({
          ...session,
          roles: token.roles,
          visits: (token.profile as { visits: number }).visits,
        }),
      },
    })
    const internals = resolveConfig({ secret: SECRET, env: {}, providers: [idp()] })
    const raw = await encodeSession(internals, NAME, {
      sub: "u1",
      name: "Ann",
      roles: ["user"],
      profile: { visits: 1 },
    })
    for (let i = 0; i < 3; i++) {
      const session = await auth.getSession(browserHeaders(`${NAME}=${raw}`))
      expect(session).toMatchObject({
        roles: ["user", "pwned"],
        visits: 2,
        user: { name: "changed" },
      })
      const response = await auth.handler(
        new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie: `${NAME}=${raw}` } }),
      )
      expect(await response.json()).toMatchObject({ roles: ["user", "pwned"], visits: 2 })
    }
  })

  it("decodeSession hands out deep copies; the cached token itself is frozen", async () => {
    const auth = resolveConfig({ secret: SECRET, env: {}, providers: [idp()] })
    const raw = await encodeSession(auth, NAME, {
      sub: "u1",
      roles: ["user"],
      deep: { a: { b: [1] } },
    })
    const reads = [] as JWT[]
    for (let i = 0; i < 3; i++) {
      const token = (await decodeSession(auth, NAME, raw))!
      ;(token.roles as string[]).push("x")
      ;(token.deep as { a: { b: number[] } }).a.b.push(2)
      reads.push(token)
    }
    for (const token of reads)
      expect(token).toMatchObject({ roles: ["user", "x"], deep: { a: { b: [1, 2] } } })
    const cached = auth.sessionCache.get(NAME, raw)!.token
    expect(
      Object.isFrozen(cached) &&
        Object.isFrozen(cached.roles) &&
        Object.isFrozen((cached.deep as { a: object }).a),
    ).toBe(true)
    expect(cached.roles).toEqual(["user"])
  })

  it('a copy is exact for any JSON claim, and a "__proto__" claim stays a plain claim', async () => {
    const auth = resolveConfig({ secret: SECRET, env: {}, providers: [idp()] })
    const claims = JSON.parse(
      '{"sub":"u1","a":[1,"x",null,true,{"b":[[]]}],"o":{"n":1.5,"e":{}},"__proto__":{"admin":true}}',
    ) as JWT
    const raw = await encodeSession(auth, NAME, claims)
    for (let i = 0; i < 2; i++) {
      const token = (await decodeSession(auth, NAME, raw))!
      expect(JSON.parse(JSON.stringify(token))).toMatchObject(JSON.parse(JSON.stringify(claims)))
      expect(Object.getPrototypeOf(token)).toBe(Object.prototype)
      expect((token as { admin?: boolean }).admin).toBeUndefined()
      expect(Object.getOwnPropertyDescriptor(token, "__proto__")?.value).toEqual({ admin: true })
    }
  })
})

describe("nbf and iat are checked, with a small clock-skew allowance", () => {
  const now = () => Math.floor(Date.now() / 1000)
  const read = (auth: ReturnType<typeof makeAuth>, raw: string) =>
    auth.getSession(browserHeaders(`${NAME}=${raw}`))

  it(`a token not valid before now + ${CLOCK_SKEW} s, or issued later than that, is no session; within the skew it is`, async () => {
    const auth = makeAuth({ providers: [idp()] })
    expect(CLOCK_SKEW).toBeGreaterThan(0)
    expect(CLOCK_SKEW).toBeLessThanOrEqual(60)
    expect(
      await read(auth, await sealSession({ name: "x", nbf: now() + CLOCK_SKEW + 30 })),
    ).toBeNull()
    expect(
      await read(auth, await sealSession({ name: "x" }, { iat: now() + CLOCK_SKEW + 30 })),
    ).toBeNull()
    expect(
      await read(auth, await sealSession({ name: "x", nbf: "0" as unknown as number })),
    ).toBeNull()
    expect(
      (await read(auth, await sealSession({ name: "skewed", nbf: now() + CLOCK_SKEW - 5 })))?.user
        .name,
    ).toBe("skewed")
    expect(
      (await read(auth, await sealSession({ name: "skewed" }, { iat: now() + CLOCK_SKEW - 5 })))
        ?.user.name,
    ).toBe("skewed")
    expect(
      (await read(auth, await sealSession({ name: "past", nbf: now() - 60 })))?.user.name,
    ).toBe("past")
  })

  it("a token refused for nbf is not cached: once its time comes it reads", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") })
    const auth = makeAuth({ providers: [idp()] })
    const raw = await sealSession(
      { name: "later", nbf: now() + 120 },
      { iat: now() - 10, exp: now() + 3600 },
    )
    expect(await read(auth, raw)).toBeNull()
    vi.setSystemTime(new Date("2026-01-01T00:02:00Z"))
    expect((await read(auth, raw))?.user.name).toBe("later")
  })
})

describe("non-canonical tokens read as no session on both crypto paths", () => {
  for (const path of ["node:crypto", "Web Crypto"] as const) {
    it(`${path}: token + "=" + junk, padding, extra dots -> null, and nothing is cached for them`, async () => {
      if (path === "Web Crypto") setNodeCryptoForTesting(null)
      const auth = makeAuth({ providers: [idp()] })
      const raw = await sealSession({ name: "Ann" })
      expect((await auth.getSession(browserHeaders(`${NAME}=${raw}`)))?.user.name).toBe("Ann")
      for (const bad of [
        `${raw}=`,
        `${raw}=junk`,
        `${raw}==`,
        `${raw}.`,
        `${raw}..x`,
        raw.replace("..", "..."),
      ]) {
        expect(await auth.getSession(browserHeaders(`${NAME}=${bad}`)), bad.slice(-8)).toBeNull()
        const route = await auth.handler(
          new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie: `${NAME}=${bad}` } }),
        )
        expect(await route.json()).toBeNull()
      }
    })
  }
})
