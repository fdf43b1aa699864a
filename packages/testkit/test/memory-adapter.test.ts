import { memoryAdapter, type Adapter, type AdapterAccount } from "@auth/core/adapters"
import { describe, expect, it } from "vitest"
import { runAdapterConformance } from "../src/adapter-conformance.js"

runAdapterConformance("memoryAdapter", () => memoryAdapter())

const DAY = 24 * 60 * 60 * 1000

async function codeOf(promise: unknown): Promise<string | undefined> {
  try {
    await promise
  } catch (error) {
    expect((error as Error).name).toBe("AdapterError")
    return (error as { code?: string }).code
  }
  return undefined
}

describe("memoryAdapter beyond the contract", () => {
  it("each call returns an independent adapter", async () => {
    const a = memoryAdapter()
    const b = memoryAdapter()
    const user = await a.createUser({ email: "one@example.com" })
    expect(await b.getUser(user.id)).toBeNull()
    expect(await b.getUserByEmail("one@example.com")).toBeNull()
  })

  it("ids are UUIDs", async () => {
    const user = await memoryAdapter().createUser({ email: "uuid@example.com" })
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it("emails are unique (case-insensitively): a second user with the same email is refused", async () => {
    const adapter = memoryAdapter()
    const first = await adapter.createUser({ email: "Dup@Example.com" })
    expect(await codeOf(adapter.createUser({ email: "dup@example.COM" }))).toBe("DATABASE_ERROR")
    const second = await adapter.createUser({ email: "other@example.com" })
    expect(await codeOf(adapter.updateUser({ id: second.id, email: "DUP@example.com" }))).toBe(
      "DATABASE_ERROR",
    )
    expect((await adapter.getUser(second.id))?.email).toBe("other@example.com")
    // changing the case of one's own email is fine
    expect((await adapter.updateUser({ id: first.id, email: "dup@example.com" })).email).toBe(
      "dup@example.com",
    )
    // users without an email don't collide
    await adapter.createUser({ name: "no email" })
    await adapter.createUser({ name: "no email either" })
  })

  it("case folding is ASCII-only, like SQLite's NOCASE (no Unicode look-alikes)", async () => {
    const adapter = memoryAdapter()
    const user = await adapter.createUser({ email: "kim@example.com" })
    expect(await adapter.getUserByEmail("KIM@EXAMPLE.COM")).toMatchObject({ id: user.id })
    expect(await adapter.getUserByEmail("\u212Aim@example.com")).toBeNull() // KELVIN SIGN lower-cases to "k"
    const accented = await adapter.createUser({ email: "émile@example.com" })
    expect(await adapter.getUserByEmail("émile@EXAMPLE.com")).toMatchObject({ id: accented.id })
    expect(await adapter.getUserByEmail("Émile@example.com")).toBeNull()
  })

  it("updateUser of an unknown id rejects with DATABASE_ERROR instead of inventing a user", async () => {
    const adapter = memoryAdapter()
    expect(await codeOf(adapter.updateUser({ id: "nope", name: "x" }))).toBe("DATABASE_ERROR")
    expect(await adapter.getUser("nope")).toBeNull()
  })

  it("linkAccount and createSession for an unknown user reject with DATABASE_ERROR", async () => {
    const adapter = memoryAdapter()
    const account: AdapterAccount = {
      userId: "ghost",
      provider: "p",
      providerAccountId: "1",
      type: "oauth",
    }
    expect(await codeOf(adapter.linkAccount(account))).toBe("DATABASE_ERROR")
    expect(await adapter.getUserByAccount({ provider: "p", providerAccountId: "1" })).toBeNull()
    expect(
      await codeOf(
        adapter.createSession({
          sessionToken: "t",
          userId: "ghost",
          expires: new Date(Date.now() + DAY),
        }),
      ),
    ).toBe("DATABASE_ERROR")
    expect(await adapter.getSessionAndUser("t")).toBeNull()
  })

  it("a duplicate session token is refused and the first session kept", async () => {
    const adapter = memoryAdapter()
    const a = await adapter.createUser({ email: "a@example.com" })
    const b = await adapter.createUser({ email: "b@example.com" })
    await adapter.createSession({
      sessionToken: "same",
      userId: a.id,
      expires: new Date(Date.now() + DAY),
    })
    expect(
      await codeOf(
        adapter.createSession({
          sessionToken: "same",
          userId: b.id,
          expires: new Date(Date.now() + DAY),
        }),
      ),
    ).toBe("DATABASE_ERROR")
    expect((await adapter.getSessionAndUser("same"))?.user.id).toBe(a.id)
  })

  it("standard fields of the wrong type, explicit extras and unserialisable values end up in extras as JSON", async () => {
    const adapter = memoryAdapter()
    const user = await adapter.createUser({ email: "extras@example.com" })
    const circular: Record<string, unknown> = { ok: true }
    circular.self = circular
    const stored = await adapter.linkAccount({
      userId: user.id,
      provider: "p",
      providerAccountId: 12345 as unknown as string,
      type: "oauth",
      scope: ["a", "b"],
      expires_at: "3600",
      extras: { kept: "by provider" },
      big: 10n,
      when: new Date(0),
      circular,
      fn: () => 1,
    } as unknown as AdapterAccount)
    expect(stored).toBeTruthy()
    expect(stored!.providerAccountId).toBe("12345")
    expect(stored!.scope).toBeUndefined()
    expect(stored!.expires_at).toBeUndefined()
    expect(stored!.extras).toEqual({
      scope: ["a", "b"],
      expires_at: "3600",
      kept: "by provider",
      big: "10",
      when: "1970-01-01T00:00:00.000Z",
    })
    expect(
      await adapter.getUserByAccount({ provider: "p", providerAccountId: "12345" }),
    ).toMatchObject({ id: user.id })
  })

  it("returned accounts and sessions are copies", async () => {
    const adapter = memoryAdapter()
    const user = await adapter.createUser({ email: "copies@example.com" })
    const [account] = [
      await adapter.linkAccount({
        userId: user.id,
        provider: "p",
        providerAccountId: "1",
        type: "oauth",
        extras: { deep: { n: 1 } },
      }),
    ]
    ;(account!.extras!.deep as { n: number }).n = 2
    account!.access_token = "mutated"
    const [listed] = await adapter.getAccountsByUser!(user.id)
    expect(listed!.extras).toEqual({ deep: { n: 1 } })
    expect(listed!.access_token).toBeUndefined()
    const expires = new Date(Date.now() + DAY)
    const session = await adapter.createSession({ sessionToken: "s", userId: user.id, expires })
    session.expires.setTime(0)
    expires.setTime(0)
    expect((await adapter.getSessionAndUser("s"))?.session.expires.getTime()).toBeGreaterThan(
      Date.now(),
    )
  })

  it("an expired session is removed when it is read", async () => {
    const adapter = memoryAdapter()
    const user = await adapter.createUser({ email: "expired@example.com" })
    await adapter.createSession({
      sessionToken: "old",
      userId: user.id,
      expires: new Date(Date.now() - 1),
    })
    expect(await adapter.getSessionAndUser("old")).toBeNull()
    // it is gone, not just hidden: updateSession can't revive it
    expect(
      await adapter.updateSession({ sessionToken: "old", expires: new Date(Date.now() + DAY) }),
    ).toBeNull()
  })

  describe("transactions", () => {
    it("transactions run one at a time", async () => {
      const adapter = memoryAdapter()
      const order: string[] = []
      const first = adapter.transaction!(async () => {
        order.push("first:start")
        await new Promise((r) => setTimeout(r, 20))
        await adapter.createUser({ email: "first@example.com" })
        order.push("first:end")
        throw new Error("first fails")
      })
      const second = adapter.transaction!(async () => {
        order.push("second:start")
        await adapter.createUser({ email: "second@example.com" })
        order.push("second:end")
      })
      await expect(first).rejects.toThrow("first fails")
      await second
      expect(order).toEqual(["first:start", "first:end", "second:start", "second:end"])
      expect(await adapter.getUserByEmail("first@example.com")).toBeNull()
      expect(await adapter.getUserByEmail("second@example.com")).not.toBeNull()
    })

    it("a nested transaction rolls back alone when its error is caught, and does not deadlock", async () => {
      const adapter: Adapter = memoryAdapter()
      await adapter.transaction!(async () => {
        await adapter.createUser({ email: "outer@example.com" })
        await expect(
          adapter.transaction!(async () => {
            await adapter.createUser({ email: "inner@example.com" })
            throw new Error("inner")
          }),
        ).rejects.toThrow("inner")
        await adapter.transaction!(async () =>
          adapter.createUser({ email: "inner-ok@example.com" }),
        )
      })
      expect(await adapter.getUserByEmail("outer@example.com")).not.toBeNull()
      expect(await adapter.getUserByEmail("inner@example.com")).toBeNull()
      expect(await adapter.getUserByEmail("inner-ok@example.com")).not.toBeNull()
    })
  })
})
