/**
 * Tokens encrypted at rest: the adapter `Auth()` wraps seals every secret Account field before the
 * store sees it and opens it on the way back; rotation, tampering, old plaintext rows, both crypto
 * paths, and the refresh-token compare-and-swap on ciphertexts.
 */
import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import {
  memoryAdapter,
  withTokenEncryption,
  type Adapter,
  type AdapterAccount,
  type AccountKey,
  type UpdateAccountOptions,
} from "../src/adapters/index.js"
import { encryptingAdapter, SECRET_ACCOUNT_FIELDS } from "../src/adapters/encrypted.js"
import { Keyring } from "../src/crypto/keyring.js"
import { nodeCrypto, setNodeCryptoForTesting } from "../src/crypto/node.js"
import { Jar, SECRET, idp, makeAuth, mockIdp, signInWith } from "./helpers.js"

const TOKENS = {
  access_token: "live-access-token-AAAA",
  refresh_token: "live-refresh-token-BBBB",
  token_type: "bearer",
  expires_in: 3600,
}
const OTHER_SECRET = "another-secret-0123456789-abcdefghijkl"

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  nock.cleanAll()
  setNodeCryptoForTesting(undefined)
})

/** memoryAdapter plus getAccount/updateAccount with the contract's compare-and-swap, recording the CAS values it got. */
function casAdapter(): Adapter &
  Required<Pick<Adapter, "getAccount" | "updateAccount">> & {
    casSeen: Array<string | null | undefined>
  } {
  const inner = memoryAdapter()
  const find = async (key: AccountKey) => {
    const user = await inner.getUserByAccount(key)
    const all = user ? await inner.getAccountsByUser!(user.id) : []
    return (
      all.find(
        (a) => a.provider === key.provider && a.providerAccountId === key.providerAccountId,
      ) ?? null
    )
  }
  const casSeen: Array<string | null | undefined> = []
  return {
    ...inner,
    casSeen,
    getAccount: find,
    async updateAccount(
      patch: Partial<AdapterAccount> & AccountKey,
      options?: UpdateAccountOptions,
    ) {
      casSeen.push(options?.ifRefreshToken)
      const row = await find(patch)
      if (!row) return null
      if (
        options?.ifRefreshToken !== undefined &&
        (row.refresh_token ?? null) !== options.ifRefreshToken
      )
        return null
      const next = { ...row }
      for (const [k, v] of Object.entries(patch))
        if (v !== undefined) (next as Record<string, unknown>)[k] = v
      await inner.unlinkAccount(patch)
      await inner.linkAccount(next)
      return find(patch)
    },
  }
}

async function signedIn(
  inner: Adapter,
  config: { secret?: string | string[]; adapterEncryption?: boolean } = {},
) {
  const auth = makeAuth({ providers: [idp()], adapter: inner, ...config })
  mockIdp({ tokens: TOKENS })
  const response = await signInWith(auth, new Jar(), "idp")
  expect(response.status).toBe(302)
  expect(response.headers.get("location")).toBe("http://localhost:3000")
  const user = await inner.getUserByAccount({ provider: "idp", providerAccountId: "42" })
  return { auth, userId: user!.id }
}

describe("tokens at rest", () => {
  it("a sign-in stores no token in plaintext; the adapter Auth() uses reads them back", async () => {
    const inner = memoryAdapter()
    const { auth, userId } = await signedIn(inner)
    const [stored] = await inner.getAccountsByUser!(userId)
    const text = JSON.stringify(stored)
    // (the id_token is covered against a real IdP in tests/integration/test/tokens-at-rest.test.ts)
    for (const field of ["access_token", "refresh_token"] as const) {
      expect(stored![field]).toMatch(/^enc:v1:[\w.-]+$/)
      expect(text).not.toContain(TOKENS[field])
      expect(text).not.toContain(TOKENS[field].slice(5, 15))
    }
    expect(stored!.token_type).toBe("bearer") // not a secret: stays readable for queries
    const [read] = await auth.adapter!.getAccountsByUser!(userId)
    expect(read).toMatchObject({
      access_token: TOKENS.access_token,
      refresh_token: TOKENS.refresh_token,
    })
  })

  it("adapterEncryption: false stores the tokens as the provider sent them", async () => {
    const inner = memoryAdapter()
    const { auth, userId } = await signedIn(inner, { adapterEncryption: false })
    expect(auth.adapter).toBe(inner)
    expect((await inner.getAccountsByUser!(userId))[0]!.refresh_token).toBe(TOKENS.refresh_token)
  })

  it("a spread copy of a marked adapter keeps the mark and wraps the copy (its own methods)", async () => {
    const inner = memoryAdapter()
    const seen: string[] = []
    const copy: Adapter = {
      ...inner,
      async linkAccount(account) {
        seen.push(String(account.access_token))
        return inner.linkAccount(account)
      },
    }
    const { auth, userId } = await signedIn(copy)
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatch(/^enc:v1:/) // the copy's linkAccount got the ciphertext
    expect((await auth.adapter!.getAccountsByUser!(userId))[0]!.access_token).toBe(
      TOKENS.access_token,
    )
  })

  it("an adapter without the mark: TOKENS_NOT_ENCRYPTED warning; withTokenEncryption() turns it on", async () => {
    const warnings: string[] = []
    const logger = { warn: (code: string) => void warnings.push(code) }
    // a hand-written adapter: the memory adapter's methods, copied without the symbol mark
    const plain = (): Adapter => {
      const inner = memoryAdapter() as unknown as Record<string | symbol, unknown>
      const out: Record<string, unknown> = {}
      for (const key of Object.keys(inner)) out[key] = inner[key]
      return out as unknown as Adapter
    }
    const unmarked = plain()
    const auth = makeAuth({ providers: [idp()], adapter: unmarked, logger })
    expect(warnings).toEqual(["TOKENS_NOT_ENCRYPTED"])
    expect(auth.adapter).toBe(unmarked)
    makeAuth({ providers: [idp()], adapter: plain(), adapterEncryption: false, logger })
    expect(warnings).toHaveLength(1) // opted out: no warning

    const marked = withTokenEncryption(plain())
    const { userId } = await signedIn(marked)
    expect((await marked.getAccountsByUser!(userId))[0]!.access_token).toMatch(/^enc:v1:/)
  })

  it("secret rotation: [new, old] reads what the old secret wrote and writes with the new one", async () => {
    const inner = memoryAdapter()
    const { userId } = await signedIn(inner, { secret: OTHER_SECRET })
    const rotated = makeAuth({ providers: [idp()], adapter: inner, secret: [SECRET, OTHER_SECRET] })
    expect((await rotated.adapter!.getAccountsByUser!(userId))[0]!.access_token).toBe(
      TOKENS.access_token,
    )

    const oldOnly = encryptingAdapter(inner, new Keyring([OTHER_SECRET]))
    const written = await rotated.adapter!.linkAccount({
      userId,
      provider: "idp2",
      providerAccountId: "7",
      type: "oauth",
      access_token: "fresh",
    })
    expect(written).toMatchObject({ access_token: "fresh" })
    // written with the first secret: the old secret alone no longer opens it
    await expect(oldOnly.getAccountsByUser!(userId)).rejects.toMatchObject({
      code: "TOKEN_DECRYPTION_FAILED",
      type: "AdapterError",
      providerId: "idp2",
    })
  })

  it("a tampered, moved or foreign ciphertext gives TOKEN_DECRYPTION_FAILED, never a crash or a wrong token", async () => {
    const inner = memoryAdapter()
    const { auth, userId } = await signedIn(inner)
    const [stored] = await inner.getAccountsByUser!(userId)
    const sealed = stored!.access_token!
    const flip = sealed.slice(0, -3) + (sealed.at(-3) === "A" ? "B" : "A") + sealed.slice(-2)
    for (const [name, value, field] of [
      ["tampered", flip, "access_token"],
      ["moved to another field", sealed, "refresh_token"],
      ["truncated", "enc:v1:abc", "access_token"],
      ["not base64url", "enc:v1:***", "access_token"],
    ] as const) {
      await inner.unlinkAccount(stored!)
      await inner.linkAccount({ ...stored!, [field]: value })
      const error = await Promise.resolve(auth.adapter!.getAccountsByUser!(userId)).then(
        () => null,
        (e: unknown) => e,
      )
      expect(error, name).toMatchObject({ name: "AuthError", code: "TOKEN_DECRYPTION_FAILED" })
      expect((error as Error).message).toContain("secret")
    }
    // moved to another account (same field): the associated data differs, so it does not open
    await inner.unlinkAccount(stored!)
    await inner.linkAccount(stored!)
    const other = await auth.adapter!.linkAccount({
      userId,
      provider: "idp",
      providerAccountId: "43",
      type: "oauth",
    })
    expect(other).toBeTruthy()
    await inner.unlinkAccount({ provider: "idp", providerAccountId: "43" })
    await inner.linkAccount({
      userId,
      provider: "idp",
      providerAccountId: "43",
      type: "oauth",
      access_token: sealed,
    })
    await expect(auth.adapter!.getAccountsByUser!(userId)).rejects.toMatchObject({
      code: "TOKEN_DECRYPTION_FAILED",
      message: expect.stringContaining('"43"'),
    })
  })

  it("rows written before encryption are read as they are, and encrypted when written again", async () => {
    const inner = casAdapter()
    const auth = makeAuth({ providers: [idp()], adapter: inner })
    const user = await inner.createUser({ email: "old@example.com" })
    await inner.linkAccount({
      userId: user.id,
      provider: "idp",
      providerAccountId: "9",
      type: "oauth",
      access_token: "old-plain",
      refresh_token: "old-refresh",
    })
    const key = { provider: "idp", providerAccountId: "9" }
    expect(await auth.adapter!.getAccount!(key)).toMatchObject({
      access_token: "old-plain",
      refresh_token: "old-refresh",
    })
    const updated = await auth.adapter!.updateAccount!(
      { ...key, access_token: "new-access", refresh_token: "new-refresh" },
      { ifRefreshToken: "old-refresh" },
    )
    expect(updated).toMatchObject({ access_token: "new-access", refresh_token: "new-refresh" })
    // the plaintext CAS value went to the store as it was stored
    expect(inner.casSeen).toEqual(["old-refresh"])
    const raw = await inner.getAccount(key)
    expect(raw!.access_token).toMatch(/^enc:v1:/)
    expect(raw!.refresh_token).toMatch(/^enc:v1:/)
  })

  it("compare-and-swap: compares plaintexts, then swaps on the exact stored ciphertext", async () => {
    const inner = casAdapter()
    const { auth } = await signedIn(inner)
    const key = { provider: "idp", providerAccountId: "42" }
    const before = (await inner.getAccount(key))!.refresh_token!
    expect(
      await auth.adapter!.updateAccount!(
        { ...key, access_token: "x" },
        { ifRefreshToken: "not-the-refresh-token" },
      ),
    ).toBeNull()
    expect(
      await auth.adapter!.updateAccount!({ ...key, access_token: "x" }, { ifRefreshToken: null }),
    ).toBeNull()
    expect(inner.casSeen).toEqual([]) // refused before reaching the store
    const won = await auth.adapter!.updateAccount!(
      { ...key, access_token: "rotated-access", refresh_token: "rotated-refresh" },
      { ifRefreshToken: TOKENS.refresh_token },
    )
    expect(won).toMatchObject({ access_token: "rotated-access", refresh_token: "rotated-refresh" })
    expect(inner.casSeen).toEqual([before])
    // the loser of a race (still holding the old refresh token) gets null and reads the winner's tokens
    expect(
      await auth.adapter!.updateAccount!(
        { ...key, access_token: "late" },
        { ifRefreshToken: TOKENS.refresh_token },
      ),
    ).toBeNull()
    expect(await auth.adapter!.getAccount!(key)).toMatchObject({
      access_token: "rotated-access",
      refresh_token: "rotated-refresh",
    })
    // ifRefreshToken: null matches an account without a refresh token
    await auth.adapter!.updateAccount!({ ...key, refresh_token: null as unknown as string }, {})
    expect(
      await auth.adapter!.updateAccount!(
        { ...key, access_token: "no-rt" },
        { ifRefreshToken: null },
      ),
    ).toMatchObject({ access_token: "no-rt" })
    expect(
      await auth.adapter!.updateAccount!(
        { provider: "idp", providerAccountId: "missing" },
        { ifRefreshToken: null },
      ),
    ).toBeNull()
  })

  it("the Web Crypto path and the node:crypto path read each other's values", async () => {
    const inner = memoryAdapter()
    const user = await inner.createUser({ email: "both@example.com" })
    const row = {
      userId: user.id,
      provider: "idp",
      providerAccountId: "42",
      type: "oauth" as const,
    }
    await encryptingAdapter(inner, new Keyring([SECRET])).linkAccount({
      ...row,
      access_token: "token-value",
    })
    setNodeCryptoForTesting(null)
    expect(nodeCrypto()).toBeUndefined()
    const web = encryptingAdapter(inner, new Keyring([SECRET]))
    expect((await web.getAccountsByUser!(user.id))[0]).toMatchObject({
      access_token: "token-value",
    })
    await inner.unlinkAccount(row)
    await web.linkAccount({ ...row, access_token: "token-value-2" })
    expect((await inner.getAccountsByUser!(user.id))[0]!.access_token).toMatch(/^enc:v1:/)
    setNodeCryptoForTesting(undefined)
    expect(nodeCrypto()).toBeDefined()
    const rotated = encryptingAdapter(inner, new Keyring([OTHER_SECRET, SECRET]))
    expect((await rotated.getAccountsByUser!(user.id))[0]).toMatchObject({
      access_token: "token-value-2",
    })
  })

  it("covers every secret field of an Account", () => {
    expect([...SECRET_ACCOUNT_FIELDS].sort()).toEqual([
      "access_token",
      "id_token",
      "oauth_token",
      "oauth_token_secret",
      "refresh_token",
    ])
  })
})
