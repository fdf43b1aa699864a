/**
 * `runAdapterConformance`: the conformance suite every `@auth/core` adapter runs (DESIGN §6).
 *
 * It registers vitest `describe`/`it` blocks that exercise every method of the `Adapter`
 * contract and every guarantee listed in `@auth/core`'s `adapters/types.ts`. Each test gets a new
 * adapter from `makeAdapter` (and hands it to `options.cleanup` afterwards) and uses data of its
 * own (unique emails and account ids), so the suite also passes against a shared database.
 *
 * ```ts
 * import { runAdapterConformance } from "@auth/testkit/adapter"
 * runAdapterConformance("my adapter", () => myAdapter(), { cleanup: (a) => close(a) })
 * ```
 */
import type { AccountKey, Adapter, AdapterAccount, AdapterUser } from "@auth/core/adapters"
import { afterEach, describe, expect, it } from "vitest"

export interface AdapterConformanceOptions<A extends Adapter = Adapter> {
  /** Called after each test with the adapter that test used (close connections, drop data...). */
  cleanup?: (adapter: A) => Promise<void> | void
}

const DAY = 24 * 60 * 60 * 1000

let counter = 0
/** A value no other test (or earlier run against the same database) uses. */
function unique(label: string): string {
  counter += 1
  return `${label}-${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 10)}`
}

function uniqueEmail(label = "user"): string {
  return `${unique(label)}@example.com`
}

function accountFor(
  userId: string,
  overrides: Partial<AdapterAccount> & Record<string, unknown> = {},
): AdapterAccount {
  return {
    userId,
    provider: "conformance",
    type: "oauth",
    providerAccountId: unique("acct"),
    access_token: unique("at"),
    token_type: "bearer",
    scope: "openid email",
    expires_at: 1_900_000_000,
    ...overrides,
  } as AdapterAccount
}

function keyOf(account: AccountKey): AccountKey {
  return { provider: account.provider, providerAccountId: account.providerAccountId }
}

/** Awaits `promise`, which must reject with an AdapterError of `code`; returns the error. */
async function expectAdapterError(
  promise: PromiseLike<unknown> | unknown,
  code: string,
): Promise<Error & { code: string }> {
  let error: unknown
  try {
    await promise
  } catch (e) {
    error = e
  }
  expect(error, `expected a rejection with AdapterError ${code}`).toBeInstanceOf(Error)
  const adapterError = error as Error & { code: string }
  expect(adapterError.name).toBe("AdapterError")
  expect(adapterError.code).toBe(code)
  expect(adapterError.message.length).toBeGreaterThan(0)
  return adapterError
}

function expectDate(value: unknown, ms: number): void {
  expect(value).toBeInstanceOf(Date)
  expect((value as Date).getTime()).toBe(ms)
}

/**
 * Registers the conformance suite for one adapter. Call it at the top level of a test file.
 *
 * @param name shown in the test names
 * @param makeAdapter returns a ready adapter; called once per test
 */
export function runAdapterConformance<A extends Adapter>(
  name: string,
  makeAdapter: () => A | Promise<A>,
  options: AdapterConformanceOptions<A> = {},
): void {
  describe(`adapter conformance: ${name}`, () => {
    const made: A[] = []
    async function fresh(): Promise<A> {
      const adapter = await makeAdapter()
      made.push(adapter)
      return adapter
    }
    afterEach(async () => {
      const used = made.splice(0)
      for (const adapter of used) await options.cleanup?.(adapter)
    })

    async function newUser(
      adapter: Adapter,
      fields: Partial<Omit<AdapterUser, "id">> = {},
    ): Promise<AdapterUser> {
      return adapter.createUser({
        name: "Conformance User",
        email: uniqueEmail(),
        emailVerified: null,
        image: null,
        ...fields,
      })
    }

    describe("users", () => {
      it("createUser returns a string id and the given fields; getUser finds it", async () => {
        const adapter = await fresh()
        const email = uniqueEmail("create")
        const verified = new Date(1_700_000_000_123)
        const user = await adapter.createUser({
          name: "Ada",
          email,
          emailVerified: verified,
          image: "https://img.example/ada.png",
        })
        expect(typeof user.id).toBe("string")
        expect(user.id.length).toBeGreaterThan(0)
        expect(user).toMatchObject({ name: "Ada", email, image: "https://img.example/ada.png" })
        expectDate(user.emailVerified, verified.getTime())
        const found = await adapter.getUser(user.id)
        expect(found).not.toBeNull()
        expect(found).toMatchObject({
          id: user.id,
          name: "Ada",
          email,
          image: "https://img.example/ada.png",
        })
        expectDate(found!.emailVerified, verified.getTime())
      })

      it("createUser gives each user an id of its own", async () => {
        const adapter = await fresh()
        const a = await newUser(adapter, { name: "A" })
        const b = await newUser(adapter, { name: "B" })
        expect(a.id).not.toBe(b.id)
        expect((await adapter.getUser(a.id))?.name).toBe("A")
        expect((await adapter.getUser(b.id))?.name).toBe("B")
      })

      it("createUser with only an email leaves the other fields empty", async () => {
        const adapter = await fresh()
        const email = uniqueEmail("minimal")
        const user = await adapter.createUser({ email })
        const found = await adapter.getUser(user.id)
        expect(found?.email).toBe(email)
        expect(found?.name ?? null).toBeNull()
        expect(found?.image ?? null).toBeNull()
        expect(found?.emailVerified ?? null).toBeNull()
      })

      it("getUserByEmail compares case-insensitively and returns the email as stored", async () => {
        const adapter = await fresh()
        const local = unique("MiXeD")
        const stored = `${local}@Example.COM`
        const user = await adapter.createUser({ name: "Case", email: stored })
        for (const query of [
          stored,
          stored.toLowerCase(),
          stored.toUpperCase(),
          `${local.toUpperCase()}@example.com`,
        ]) {
          const found = await adapter.getUserByEmail(query)
          expect(found?.id, `getUserByEmail(${JSON.stringify(query)})`).toBe(user.id)
          expect(found?.email).toBe(stored)
        }
        expect(await adapter.getUserByEmail(`other-${stored}`)).toBeNull()
      })

      it("updateUser changes only the given fields and returns the whole user", async () => {
        const adapter = await fresh()
        const email = uniqueEmail("update")
        const verified = new Date(1_600_000_000_456)
        const user = await adapter.createUser({
          name: "Before",
          email,
          emailVerified: verified,
          image: "https://img.example/1.png",
        })
        const updated = await adapter.updateUser({ id: user.id, name: "After" })
        expect(updated).toMatchObject({
          id: user.id,
          name: "After",
          email,
          image: "https://img.example/1.png",
        })
        expectDate(updated.emailVerified, verified.getTime())
        const found = await adapter.getUser(user.id)
        expect(found).toMatchObject({
          id: user.id,
          name: "After",
          email,
          image: "https://img.example/1.png",
        })
        expectDate(found!.emailVerified, verified.getTime())
      })

      it("updateUser can set emailVerified, change the email and clear a field with null", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter, { image: "https://img.example/2.png" })
        const verified = new Date(1_750_000_000_789)
        const newEmail = uniqueEmail("changed")
        const updated = await adapter.updateUser({
          id: user.id,
          emailVerified: verified,
          email: newEmail,
          image: null,
        })
        expectDate(updated.emailVerified, verified.getTime())
        expect(updated.email).toBe(newEmail)
        expect(updated.image ?? null).toBeNull()
        expect((await adapter.getUserByEmail(newEmail.toUpperCase()))?.id).toBe(user.id)
        expect(await adapter.getUserByEmail(user.email!)).toBeNull()
        const found = await adapter.getUser(user.id)
        expect(found?.image ?? null).toBeNull()
        expectDate(found!.emailVerified, verified.getTime())
      })

      it("returns copies: mutating a returned user changes nothing stored", async () => {
        const adapter = await fresh()
        const verified = new Date(1_700_000_000_000)
        const user = await newUser(adapter, { name: "Original", emailVerified: verified })
        user.name = "Mutated"
        user.emailVerified!.setTime(0)
        const found = await adapter.getUser(user.id)
        expect(found?.name).toBe("Original")
        expectDate(found!.emailVerified, verified.getTime())
        found!.name = "Mutated again"
        expect((await adapter.getUser(user.id))?.name).toBe("Original")
        verified.setTime(1) // the input Date is not kept by reference either
        expectDate((await adapter.getUser(user.id))!.emailVerified, 1_700_000_000_000)
      })
    })

    describe("accounts", () => {
      it("linkAccount makes getUserByAccount find the user, keyed by (provider, providerAccountId)", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const account = accountFor(user.id)
        await adapter.linkAccount(account)
        expect((await adapter.getUserByAccount(keyOf(account)))?.id).toBe(user.id)
        expect(
          await adapter.getUserByAccount({
            provider: "other-provider",
            providerAccountId: account.providerAccountId,
          }),
        ).toBeNull()
        expect(
          await adapter.getUserByAccount({
            provider: account.provider,
            providerAccountId: unique("nobody"),
          }),
        ).toBeNull()
      })

      it("the same providerAccountId at two providers links two different users", async () => {
        const adapter = await fresh()
        const a = await newUser(adapter)
        const b = await newUser(adapter)
        const providerAccountId = unique("shared-id")
        await adapter.linkAccount(accountFor(a.id, { provider: "provider-a", providerAccountId }))
        await adapter.linkAccount(accountFor(b.id, { provider: "provider-b", providerAccountId }))
        expect(
          (await adapter.getUserByAccount({ provider: "provider-a", providerAccountId }))?.id,
        ).toBe(a.id)
        expect(
          (await adapter.getUserByAccount({ provider: "provider-b", providerAccountId }))?.id,
        ).toBe(b.id)
      })

      it("linkAccount keeps the standard fields and puts vendor extras in `extras`", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const account = accountFor(user.id, {
          refresh_token: unique("rt"),
          id_token: "header.payload.signature",
          session_state: "state-1",
          refresh_token_expires_in: 5183999,
          "x-weird": { a: 1 },
        })
        const returned = await adapter.linkAccount(account)
        expect((await adapter.getUserByAccount(keyOf(account)))?.id).toBe(user.id)
        const standard = {
          userId: user.id,
          provider: account.provider,
          type: "oauth",
          providerAccountId: account.providerAccountId,
          access_token: account.access_token,
          refresh_token: account.refresh_token,
          token_type: "bearer",
          scope: "openid email",
          expires_at: 1_900_000_000,
          id_token: "header.payload.signature",
          session_state: "state-1",
        }
        const extras = { refresh_token_expires_in: 5183999, "x-weird": { a: 1 } }
        const seen: AdapterAccount[] = []
        if (returned) seen.push(returned)
        if (adapter.getAccountsByUser) {
          const list = await adapter.getAccountsByUser(user.id)
          expect(list).toHaveLength(1)
          seen.push(list[0]!)
        }
        // The returned account, or getAccountsByUser, is how the stored account can be seen.
        expect(
          seen.length,
          "linkAccount returns nothing and getAccountsByUser is missing: extras cannot be checked",
        ).toBeGreaterThan(0)
        for (const stored of seen) {
          expect(stored).toMatchObject(standard)
          expect(stored.extras).toEqual(extras)
          expect(stored).not.toHaveProperty("refresh_token_expires_in")
          expect(stored).not.toHaveProperty("x-weird")
        }
      })

      it("linkAccount does not break on standard fields of an unexpected type", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const account = accountFor(user.id, {
          scope: ["openid", "email"],
          expires_at: "3600",
          token_type: null,
        } as unknown as Partial<AdapterAccount>)
        await adapter.linkAccount(account)
        expect((await adapter.getUserByAccount(keyOf(account)))?.id).toBe(user.id)
      })

      it("a second linkAccount for the same pair throws ACCOUNT_ALREADY_LINKED and changes nothing", async () => {
        const adapter = await fresh()
        const owner = await newUser(adapter)
        const other = await newUser(adapter)
        const original = accountFor(owner.id, { access_token: "original-token" })
        await adapter.linkAccount(original)

        // to another user
        await expectAdapterError(
          adapter.linkAccount({ ...original, userId: other.id, access_token: "stolen-token" }),
          "ACCOUNT_ALREADY_LINKED",
        )
        // to the same user again
        await expectAdapterError(
          adapter.linkAccount({ ...original, access_token: "replaced-token" }),
          "ACCOUNT_ALREADY_LINKED",
        )

        expect((await adapter.getUserByAccount(keyOf(original)))?.id).toBe(owner.id)
        if (adapter.getAccountsByUser) {
          const owned = await adapter.getAccountsByUser(owner.id)
          expect(owned).toHaveLength(1)
          expect(owned[0]!.access_token).toBe("original-token")
          expect(await adapter.getAccountsByUser(other.id)).toEqual([])
        }
      })

      it("two concurrent linkAccount calls for the same pair: exactly one wins", async () => {
        const adapter = await fresh()
        const a = await newUser(adapter)
        const b = await newUser(adapter)
        const key = { provider: "race", providerAccountId: unique("race") }
        const results = await Promise.allSettled([
          Promise.resolve(
            adapter.linkAccount(accountFor(a.id, { ...key, access_token: "a-token" })),
          ),
          Promise.resolve(
            adapter.linkAccount(accountFor(b.id, { ...key, access_token: "b-token" })),
          ),
        ])
        const won = results.filter((r) => r.status === "fulfilled")
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected")
        expect(won).toHaveLength(1)
        expect(lost).toHaveLength(1)
        await expectAdapterError(Promise.reject(lost[0]!.reason), "ACCOUNT_ALREADY_LINKED")
        const winner = results[0]!.status === "fulfilled" ? a : b
        const loser = winner === a ? b : a
        expect((await adapter.getUserByAccount(key))?.id).toBe(winner.id)
        if (adapter.getAccountsByUser) {
          const list = await adapter.getAccountsByUser(winner.id)
          expect(list).toHaveLength(1)
          expect(list[0]!.access_token).toBe(winner === a ? "a-token" : "b-token")
          expect(await adapter.getAccountsByUser(loser.id)).toEqual([])
        }
      })

      it("unlinkAccount removes the link but not the user; the account can then be linked again", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const other = await newUser(adapter)
        const account = accountFor(user.id)
        const kept = accountFor(user.id, { provider: "kept" })
        await adapter.linkAccount(account)
        await adapter.linkAccount(kept)
        await adapter.unlinkAccount(keyOf(account))
        expect(await adapter.getUserByAccount(keyOf(account))).toBeNull()
        expect((await adapter.getUserByAccount(keyOf(kept)))?.id).toBe(user.id)
        expect((await adapter.getUser(user.id))?.id).toBe(user.id)
        await adapter.linkAccount({ ...account, userId: other.id })
        expect((await adapter.getUserByAccount(keyOf(account)))?.id).toBe(other.id)
      })

      it("getAccountsByUser lists exactly the user's accounts", async () => {
        const adapter = await fresh()
        if (!adapter.getAccountsByUser) {
          expect(adapter.getAccountsByUser).toBeUndefined()
          return
        }
        const user = await newUser(adapter)
        const other = await newUser(adapter)
        const first = accountFor(user.id, { provider: "first" })
        const second = accountFor(user.id, { provider: "second", type: "oidc" })
        await adapter.linkAccount(first)
        await adapter.linkAccount(second)
        await adapter.linkAccount(accountFor(other.id))
        const list = await adapter.getAccountsByUser(user.id)
        expect(list).toHaveLength(2)
        const byProvider = Object.fromEntries(list.map((a) => [a.provider, a]))
        expect(byProvider.first).toMatchObject({
          userId: user.id,
          providerAccountId: first.providerAccountId,
          type: "oauth",
          access_token: first.access_token,
        })
        expect(byProvider.second).toMatchObject({
          userId: user.id,
          providerAccountId: second.providerAccountId,
          type: "oidc",
        })
        expect(await adapter.getAccountsByUser(unique("no-such-user"))).toEqual([])
      })
    })

    describe("getAccount and updateAccount (optional; run when the adapter has them)", () => {
      /** The adapter with both methods, or undefined (the checks are then skipped by returning early, asserted). */
      /** The contract says `null` clears a field, which the field types do not spell out. */
      const clearing = (update: Record<string, unknown>) =>
        update as unknown as Partial<AdapterAccount> & AccountKey
      async function withUpdate(): Promise<
        (Adapter & Required<Pick<Adapter, "getAccount" | "updateAccount">>) | undefined
      > {
        const adapter = await fresh()
        if (!adapter.getAccount || !adapter.updateAccount) {
          // Both or neither: getAccessToken needs the pair.
          expect(Boolean(adapter.getAccount)).toBe(Boolean(adapter.updateAccount))
          return undefined
        }
        return adapter as Adapter & Required<Pick<Adapter, "getAccount" | "updateAccount">>
      }

      it("getAccount finds an account by its key (a copy), null for an unknown key", async () => {
        const adapter = await withUpdate()
        if (!adapter) return
        const user = await newUser(adapter)
        const account = accountFor(user.id, { refresh_token: unique("rt"), "x-extra": 1 })
        await adapter.linkAccount(account)
        const found = await adapter.getAccount(keyOf(account))
        expect(found).toMatchObject({
          userId: user.id,
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          type: "oauth",
          access_token: account.access_token,
          refresh_token: account.refresh_token,
          expires_at: 1_900_000_000,
        })
        expect(found!.extras).toEqual({ "x-extra": 1 })
        found!.access_token = "mutated"
        expect((await adapter.getAccount(keyOf(account)))!.access_token).toBe(account.access_token)
        expect(
          await adapter.getAccount({
            provider: account.provider,
            providerAccountId: unique("none"),
          }),
        ).toBeNull()
        expect(
          await adapter.getAccount({
            provider: unique("p"),
            providerAccountId: account.providerAccountId,
          }),
        ).toBeNull()
      })

      it("updateAccount: undefined keeps a field, null clears it, extras merge (null removes a key), the key and userId never change", async () => {
        const adapter = await withUpdate()
        if (!adapter) return
        const user = await newUser(adapter)
        const other = await newUser(adapter)
        const account = accountFor(user.id, {
          refresh_token: "rt-1",
          id_token: "id-1",
          keep: "me",
          drop: "me",
          nested: { a: 1, b: 2 },
        })
        await adapter.linkAccount(account)
        const updated = await adapter.updateAccount(
          clearing({
            ...keyOf(account),
            userId: other.id,
            access_token: "at-2",
            expires_at: 2_000_000_000,
            id_token: null,
            scope: undefined,
            extras: { drop: null, added: true, nested: { b: null, c: 3 } },
          }),
        )
        const expected = {
          userId: user.id,
          ...keyOf(account),
          type: "oauth",
          access_token: "at-2",
          refresh_token: "rt-1",
          token_type: "bearer",
          scope: "openid email",
          expires_at: 2_000_000_000,
        }
        for (const seen of [updated, await adapter.getAccount(keyOf(account))]) {
          expect(seen).toMatchObject(expected)
          expect(seen).not.toHaveProperty("id_token")
          expect(seen!.extras).toEqual({ keep: "me", added: true, nested: { a: 1, c: 3 } })
        }
        expect((await adapter.getUserByAccount(keyOf(account)))?.id).toBe(user.id)
        // Other fields go to extras as for linkAccount; extras: null clears them.
        const more = await adapter.updateAccount(
          clearing({ ...keyOf(account), refresh_token_expires_in: 60 }),
        )
        expect(more!.extras).toEqual({
          keep: "me",
          added: true,
          nested: { a: 1, c: 3 },
          refresh_token_expires_in: 60,
        })
        expect(more).not.toHaveProperty("refresh_token_expires_in")
        const cleared = await adapter.updateAccount(
          clearing({ ...keyOf(account), extras: null, expires_at: null }),
        )
        expect(cleared!.extras ?? null).toBeNull()
        expect(cleared).not.toHaveProperty("expires_at")
        expect((await adapter.getAccount(keyOf(account)))!.extras ?? null).toBeNull()
      })

      it("updateAccount of an unknown account returns null and creates nothing", async () => {
        const adapter = await withUpdate()
        if (!adapter) return
        const key = { provider: "conformance", providerAccountId: unique("missing") }
        expect(await adapter.updateAccount({ ...key, access_token: "x" })).toBeNull()
        expect(
          await adapter.updateAccount({ ...key, access_token: "x" }, { ifRefreshToken: null }),
        ).toBeNull()
        expect(await adapter.getAccount(key)).toBeNull()
        expect(await adapter.getUserByAccount(key)).toBeNull()
      })

      it("compare-and-swap: updates only when the stored refresh_token is exactly ifRefreshToken", async () => {
        const adapter = await withUpdate()
        if (!adapter) return
        const user = await newUser(adapter)
        const account = accountFor(user.id, { refresh_token: "rt-old" })
        await adapter.linkAccount(account)
        // a different value, a prefix, another case, and null (none stored) all fail and change nothing
        for (const wrong of ["rt-other", "rt-ol", "RT-OLD", "rt-old ", null]) {
          expect(
            await adapter.updateAccount(
              { ...keyOf(account), access_token: "lost", refresh_token: "rt-lost" },
              { ifRefreshToken: wrong },
            ),
          ).toBeNull()
        }
        expect(await adapter.getAccount(keyOf(account))).toMatchObject({
          access_token: account.access_token,
          refresh_token: "rt-old",
        })
        const swapped = await adapter.updateAccount(
          { ...keyOf(account), access_token: "at-new", refresh_token: "rt-new" },
          { ifRefreshToken: "rt-old" },
        )
        expect(swapped).toMatchObject({ access_token: "at-new", refresh_token: "rt-new" })
        // the old value no longer matches
        expect(
          await adapter.updateAccount(
            { ...keyOf(account), access_token: "late" },
            { ifRefreshToken: "rt-old" },
          ),
        ).toBeNull()
        expect((await adapter.getAccount(keyOf(account)))!.access_token).toBe("at-new")
      })

      it("compare-and-swap with ifRefreshToken: null matches an account without a refresh token only", async () => {
        const adapter = await withUpdate()
        if (!adapter) return
        const user = await newUser(adapter)
        const none = accountFor(user.id)
        await adapter.linkAccount(none)
        const set = await adapter.updateAccount(
          { ...keyOf(none), refresh_token: "rt-first" },
          { ifRefreshToken: null },
        )
        expect(set!.refresh_token).toBe("rt-first")
        expect(
          await adapter.updateAccount(
            { ...keyOf(none), refresh_token: "rt-second" },
            { ifRefreshToken: null },
          ),
        ).toBeNull()
        // clearing it makes null match again
        expect(
          await adapter.updateAccount(clearing({ ...keyOf(none), refresh_token: null }), {
            ifRefreshToken: "rt-first",
          }),
        ).not.toBeNull()
        expect(
          await adapter.updateAccount(
            { ...keyOf(none), access_token: "again" },
            { ifRefreshToken: null },
          ),
        ).toMatchObject({ access_token: "again" })
        expect(await adapter.getAccount(keyOf(none))).not.toHaveProperty("refresh_token")
      })

      it("racing compare-and-swaps on the same refresh token: exactly one wins, the others change nothing", async () => {
        const adapter = await withUpdate()
        if (!adapter) return
        const user = await newUser(adapter)
        const account = accountFor(user.id, { refresh_token: "rt-race" })
        await adapter.linkAccount(account)
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            Promise.resolve(
              adapter.updateAccount(
                { ...keyOf(account), access_token: `at-${i}`, refresh_token: `rt-${i}` },
                { ifRefreshToken: "rt-race" },
              ),
            ),
          ),
        )
        const winners = results.map((r, i) => (r ? i : -1)).filter((i) => i >= 0)
        expect(winners).toHaveLength(1)
        const won = winners[0]!
        expect(await adapter.getAccount(keyOf(account))).toMatchObject({
          access_token: `at-${won}`,
          refresh_token: `rt-${won}`,
        })
      })
    })

    describe("useOnce (optional; run when the adapter has it)", () => {
      const later = () => new Date(Date.now() + 60_000)
      async function withUseOnce() {
        const adapter = await fresh()
        if (adapter.useOnce) return adapter as Adapter & Required<Pick<Adapter, "useOnce">>
        expect(adapter.useOnce).toBeUndefined() // without it, core keeps single use per process
        return undefined
      }

      it("true the first time a key is used, false while its record lives; other keys are independent", async () => {
        const adapter = await withUseOnce()
        if (!adapter) return
        const key = unique("once")
        expect(await adapter.useOnce(key, later())).toBe(true)
        expect(await adapter.useOnce(key, later())).toBe(false)
        expect(await adapter.useOnce(key, later())).toBe(false)
        expect(await adapter.useOnce(`${key}:other`, later())).toBe(true)
      })

      it("an expired record is replaced: the key is new again, then used", async () => {
        const adapter = await withUseOnce()
        if (!adapter) return
        const key = unique("once")
        expect(await adapter.useOnce(key, new Date(Date.now() - 1000))).toBe(true)
        expect(await adapter.useOnce(key, later())).toBe(true)
        expect(await adapter.useOnce(key, later())).toBe(false)
      })

      it("concurrent calls with one key: exactly one gets true", async () => {
        const adapter = await withUseOnce()
        if (!adapter) return
        const key = unique("once")
        const results = await Promise.all(
          Array.from({ length: 10 }, () => Promise.resolve(adapter.useOnce(key, later()))),
        )
        expect(results.filter(Boolean)).toHaveLength(1)
      })
    })

    describe("sessions", () => {
      it("createSession returns the session; getSessionAndUser finds it with its user", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const expires = new Date(Date.now() + DAY + 123)
        const sessionToken = unique("token")
        const created = await adapter.createSession({ sessionToken, userId: user.id, expires })
        expect(created).toMatchObject({ sessionToken, userId: user.id })
        expectDate(created.expires, expires.getTime())
        const found = await adapter.getSessionAndUser(sessionToken)
        expect(found).not.toBeNull()
        expect(found!.session).toMatchObject({ sessionToken, userId: user.id })
        expectDate(found!.session.expires, expires.getTime())
        expect(found!.user).toMatchObject({ id: user.id, email: user.email, name: user.name })
      })

      it("updateSession changes the expiry and returns the session; unknown tokens give null", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const sessionToken = unique("token")
        await adapter.createSession({
          sessionToken,
          userId: user.id,
          expires: new Date(Date.now() + DAY),
        })
        const later = new Date(Date.now() + 30 * DAY + 7)
        const updated = await adapter.updateSession({ sessionToken, expires: later })
        expect(updated).not.toBeNull()
        expect(updated).toMatchObject({ sessionToken, userId: user.id })
        expectDate(updated!.expires, later.getTime())
        expectDate(
          (await adapter.getSessionAndUser(sessionToken))!.session.expires,
          later.getTime(),
        )
        expect(
          await adapter.updateSession({ sessionToken: unique("missing"), expires: later }),
        ).toBeNull()
      })

      it("deleteSession removes the session only", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const gone = unique("gone")
        const kept = unique("kept")
        await adapter.createSession({
          sessionToken: gone,
          userId: user.id,
          expires: new Date(Date.now() + DAY),
        })
        await adapter.createSession({
          sessionToken: kept,
          userId: user.id,
          expires: new Date(Date.now() + DAY),
        })
        await adapter.deleteSession(gone)
        expect(await adapter.getSessionAndUser(gone)).toBeNull()
        expect((await adapter.getSessionAndUser(kept))?.user.id).toBe(user.id)
        expect((await adapter.getUser(user.id))?.id).toBe(user.id)
      })

      it("getSessionAndUser never returns an expired session", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const expired = unique("expired")
        const live = unique("live")
        await adapter.createSession({
          sessionToken: expired,
          userId: user.id,
          expires: new Date(Date.now() - 1000),
        })
        await adapter.createSession({
          sessionToken: live,
          userId: user.id,
          expires: new Date(Date.now() + DAY),
        })
        expect(await adapter.getSessionAndUser(expired)).toBeNull()
        expect(await adapter.getSessionAndUser(expired)).toBeNull()
        expect((await adapter.getSessionAndUser(live))?.session.sessionToken).toBe(live)
      })

      it("a session that expires while stored stops being returned", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const sessionToken = unique("short")
        await adapter.createSession({
          sessionToken,
          userId: user.id,
          expires: new Date(Date.now() + DAY),
        })
        expect(await adapter.getSessionAndUser(sessionToken)).not.toBeNull()
        await adapter.updateSession({ sessionToken, expires: new Date(Date.now() - 1) })
        expect(await adapter.getSessionAndUser(sessionToken)).toBeNull()
      })
    })

    describe("deleteUser", () => {
      it("removes the user, their accounts and their sessions, and nobody else's", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const bystander = await newUser(adapter)
        const accounts = [
          accountFor(user.id, { provider: "one" }),
          accountFor(user.id, { provider: "two" }),
        ]
        for (const account of accounts) await adapter.linkAccount(account)
        const theirs = accountFor(bystander.id)
        await adapter.linkAccount(theirs)
        const tokens = [unique("s1"), unique("s2")]
        for (const sessionToken of tokens)
          await adapter.createSession({
            sessionToken,
            userId: user.id,
            expires: new Date(Date.now() + DAY),
          })
        const bystanderToken = unique("s3")
        await adapter.createSession({
          sessionToken: bystanderToken,
          userId: bystander.id,
          expires: new Date(Date.now() + DAY),
        })

        await adapter.deleteUser(user.id)

        expect(await adapter.getUser(user.id)).toBeNull()
        expect(await adapter.getUserByEmail(user.email!)).toBeNull()
        for (const account of accounts)
          expect(await adapter.getUserByAccount(keyOf(account))).toBeNull()
        for (const sessionToken of tokens) {
          expect(await adapter.getSessionAndUser(sessionToken)).toBeNull()
          // the session is gone, not just hidden behind the missing user
          expect(
            await adapter.updateSession({ sessionToken, expires: new Date(Date.now() + 2 * DAY) }),
          ).toBeNull()
        }
        if (adapter.getAccountsByUser) expect(await adapter.getAccountsByUser(user.id)).toEqual([])
        // its token can be used again
        await adapter.createSession({
          sessionToken: tokens[0]!,
          userId: bystander.id,
          expires: new Date(Date.now() + DAY),
        })
        expect((await adapter.getSessionAndUser(tokens[0]!))?.user.id).toBe(bystander.id)
        // the deleted user's account can be linked to someone else now
        await adapter.linkAccount({ ...accounts[0]!, userId: bystander.id })
        expect((await adapter.getUserByAccount(keyOf(accounts[0]!)))?.id).toBe(bystander.id)

        expect((await adapter.getUser(bystander.id))?.id).toBe(bystander.id)
        expect((await adapter.getUserByAccount(keyOf(theirs)))?.id).toBe(bystander.id)
        expect((await adapter.getSessionAndUser(bystanderToken))?.user.id).toBe(bystander.id)
      })
    })

    describe("unknown ids and tokens", () => {
      it("reads give null (or an empty list), deletes are no-ops, nothing throws", async () => {
        const adapter = await fresh()
        const user = await newUser(adapter)
        const missingId = unique("missing-user")
        const missingKey = { provider: "conformance", providerAccountId: unique("missing-account") }
        const missingToken = unique("missing-token")
        expect(await adapter.getUser(missingId)).toBeNull()
        expect(await adapter.getUserByEmail(uniqueEmail("missing"))).toBeNull()
        expect(await adapter.getUserByAccount(missingKey)).toBeNull()
        expect(await adapter.getSessionAndUser(missingToken)).toBeNull()
        expect(
          await adapter.updateSession({
            sessionToken: missingToken,
            expires: new Date(Date.now() + DAY),
          }),
        ).toBeNull()
        if (adapter.getAccountsByUser)
          expect(await adapter.getAccountsByUser(missingId)).toEqual([])
        await expect(Promise.resolve(adapter.deleteUser(missingId))).resolves.toBeUndefined()
        await expect(Promise.resolve(adapter.unlinkAccount(missingKey))).resolves.toBeUndefined()
        await expect(Promise.resolve(adapter.deleteSession(missingToken))).resolves.toBeUndefined()
        // the no-ops really changed nothing
        expect((await adapter.getUser(user.id))?.id).toBe(user.id)
        // an already deleted user, a second time
        await adapter.deleteUser(user.id)
        await expect(Promise.resolve(adapter.deleteUser(user.id))).resolves.toBeUndefined()
        expect(await adapter.getUser(user.id)).toBeNull()
      })
    })

    describe("dates", () => {
      it("emailVerified and expires come back as Dates with the same millisecond value", async () => {
        const adapter = await fresh()
        const verified = new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999))
        const user = await newUser(adapter, { emailVerified: verified })
        expectDate(user.emailVerified, verified.getTime())
        expectDate((await adapter.getUser(user.id))!.emailVerified, verified.getTime())
        expectDate((await adapter.getUserByEmail(user.email!))!.emailVerified, verified.getTime())
        const account = accountFor(user.id)
        await adapter.linkAccount(account)
        expectDate(
          (await adapter.getUserByAccount(keyOf(account)))!.emailVerified,
          verified.getTime(),
        )

        const expires = new Date(Math.floor(Date.now() / 1000) * 1000 + 10 * DAY + 1)
        const sessionToken = unique("dates")
        expectDate(
          (await adapter.createSession({ sessionToken, userId: user.id, expires })).expires,
          expires.getTime(),
        )
        const found = await adapter.getSessionAndUser(sessionToken)
        expectDate(found!.session.expires, expires.getTime())
        expectDate(found!.user.emailVerified, verified.getTime())
      })
    })

    describe("transaction", () => {
      it("a transaction whose fn throws leaves nothing behind", async () => {
        const adapter = await fresh()
        if (!adapter.transaction) {
          expect(adapter.transaction).toBeUndefined()
          return
        }
        const existing = await newUser(adapter, { name: "Before" })
        const email = uniqueEmail("rolled-back")
        const key = { provider: "tx", providerAccountId: unique("tx") }
        const sessionToken = unique("tx-session")
        let createdId: string | undefined
        const failure = new Error("sign-in failed half-way")
        await expect(
          adapter.transaction(async () => {
            const user = await adapter.createUser({
              name: "Half",
              email,
              emailVerified: null,
              image: null,
            })
            createdId = user.id
            await adapter.linkAccount(accountFor(user.id, key))
            await adapter.createSession({
              sessionToken,
              userId: user.id,
              expires: new Date(Date.now() + DAY),
            })
            await adapter.updateUser({ id: existing.id, name: "During" })
            // inside the transaction its own writes are visible
            expect((await adapter.getUserByAccount(key))?.id).toBe(user.id)
            throw failure
          }),
        ).rejects.toBe(failure)
        expect(createdId).toBeTypeOf("string")
        expect(await adapter.getUser(createdId!)).toBeNull()
        expect(await adapter.getUserByEmail(email)).toBeNull()
        expect(await adapter.getUserByAccount(key)).toBeNull()
        expect(await adapter.getSessionAndUser(sessionToken)).toBeNull()
        expect((await adapter.getUser(existing.id))?.name).toBe("Before")
        // the account and the session are gone, not just hidden behind the missing user
        expect(
          await adapter.updateSession({ sessionToken, expires: new Date(Date.now() + 2 * DAY) }),
        ).toBeNull()
        await adapter.linkAccount(accountFor(existing.id, key))
        expect((await adapter.getUserByAccount(key))?.id).toBe(existing.id)
        if (adapter.getAccountsByUser)
          expect(await adapter.getAccountsByUser(createdId!)).toEqual([])
      })

      it("an AdapterError inside a transaction rolls back the writes before it", async () => {
        const adapter = await fresh()
        if (!adapter.transaction) {
          expect(adapter.transaction).toBeUndefined()
          return
        }
        const owner = await newUser(adapter)
        const taken = accountFor(owner.id)
        await adapter.linkAccount(taken)
        const email = uniqueEmail("tx-dup")
        await expectAdapterError(
          adapter.transaction(async () => {
            const user = await adapter.createUser({ email })
            await adapter.linkAccount({ ...taken, userId: user.id })
          }),
          "ACCOUNT_ALREADY_LINKED",
        )
        expect(await adapter.getUserByEmail(email)).toBeNull()
        expect((await adapter.getUserByAccount(keyOf(taken)))?.id).toBe(owner.id)
      })

      it("calls from outside an open transaction wait for it (or are isolated), so its rollback never undoes them", async () => {
        const adapter = await fresh()
        if (!adapter.transaction) {
          expect(adapter.transaction).toBeUndefined()
          return
        }
        let releaseInside!: () => void
        let finish!: () => void
        const inside = new Promise<void>((r) => (releaseInside = r))
        const gate = new Promise<void>((r) => (finish = r))
        const insideEmail = uniqueEmail("tx-inside")
        const outsideEmail = uniqueEmail("tx-outside")
        const tx = adapter.transaction(async () => {
          await adapter.createUser({ email: insideEmail })
          releaseInside()
          await gate
          throw new Error("sign-in failed")
        })
        await inside
        const outside = Promise.resolve(adapter.createUser({ email: outsideEmail }))
        const read = Promise.resolve(adapter.getUserByEmail(insideEmail))
        await new Promise((r) => setTimeout(r, 30))
        finish()
        await expect(tx).rejects.toThrow("sign-in failed")
        const outsider = await outside
        expect(await read).toBeNull() // never saw the uncommitted user
        expect((await adapter.getUser(outsider.id))?.email).toBe(outsideEmail)
        expect(await adapter.getUserByEmail(insideEmail)).toBeNull()
      })

      it("a transaction that succeeds commits its writes and returns fn's value", async () => {
        const adapter = await fresh()
        if (!adapter.transaction) {
          expect(adapter.transaction).toBeUndefined()
          return
        }
        const email = uniqueEmail("committed")
        const key = { provider: "tx", providerAccountId: unique("tx-ok") }
        const sessionToken = unique("tx-ok-session")
        const result = await adapter.transaction(async () => {
          const user = await adapter.createUser({ name: "Whole", email })
          await adapter.linkAccount(accountFor(user.id, key))
          await adapter.createSession({
            sessionToken,
            userId: user.id,
            expires: new Date(Date.now() + DAY),
          })
          return { userId: user.id }
        })
        expect(result.userId).toBeTypeOf("string")
        expect((await adapter.getUserByEmail(email))?.id).toBe(result.userId)
        expect((await adapter.getUserByAccount(key))?.id).toBe(result.userId)
        expect((await adapter.getSessionAndUser(sessionToken))?.user.id).toBe(result.userId)
      })
    })
  })
}
