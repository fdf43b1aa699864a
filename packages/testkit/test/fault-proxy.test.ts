import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  startFaultProxy,
  startOidcProvider,
  type RunningFaultProxy,
  type RunningOidcProvider,
} from "../src/index.js"

let idp: RunningOidcProvider
let proxy: RunningFaultProxy
beforeAll(async () => {
  idp = await startOidcProvider({
    clients: [{ client_id: "c", client_secret: "s", redirect_uris: ["http://localhost:3000/cb"] }],
  })
  proxy = await startFaultProxy({ target: idp.issuer })
})
afterAll(async () => {
  await proxy.stop()
  await idp.stop()
})

describe("startFaultProxy", () => {
  it("relays discovery with its own token/userinfo/JWKS endpoints and the IdP's issuer and authorization endpoint", async () => {
    const doc = (await (await fetch(proxy.wellKnown)).json()) as Record<string, string>
    expect(doc.issuer).toBe(idp.issuer)
    expect(doc.authorization_endpoint!.startsWith(idp.issuer)).toBe(true)
    expect(doc.token_endpoint).toBe(`${proxy.origin}/token`)
    expect(doc.userinfo_endpoint).toBe(`${proxy.origin}/me`)
    expect(doc.jwks_uri).toBe(`${proxy.origin}/jwks`)
    const jwks = (await (await fetch(doc.jwks_uri!)).json()) as { keys: Array<{ kid: string }> }
    expect(jwks.keys.length).toBeGreaterThan(0)
    expect(proxy.hits.discovery).toBe(1)
    expect(proxy.hits.jwks).toBe(1)
  })

  it("answers a 5xx HTML page, invalid JSON, or a truncated body, for the next N requests only", async () => {
    proxy.fail("jwks", "html-5xx", 1)
    const html = await fetch(`${proxy.origin}/jwks`)
    expect(html.status).toBe(503)
    expect(html.headers.get("content-type")).toContain("text/html")
    await html.text()
    expect((await fetch(`${proxy.origin}/jwks`)).status).toBe(200)
    proxy.fail("jwks", "invalid-json", 1)
    await expect((await fetch(`${proxy.origin}/jwks`)).json()).rejects.toThrow()
    proxy.fail("jwks", "close-mid-response", 1)
    await expect(fetch(`${proxy.origin}/jwks`).then((r) => r.text())).rejects.toThrow()
  })

  it("hangs until healed", async () => {
    proxy.fail("discovery", "hang")
    const pending = fetch(proxy.wellKnown, { signal: AbortSignal.timeout(200) })
    await expect(pending).rejects.toThrow()
    proxy.heal("discovery")
    expect((await fetch(proxy.wellKnown)).status).toBe(200)
  })

  it("rotateKey publishes a new key in the JWKS (or, with publish: false, keeps the old set)", async () => {
    const kid = await proxy.rotateKey()
    const rotated = (await (await fetch(`${proxy.origin}/jwks`)).json()) as {
      keys: Array<{ kid: string }>
    }
    expect(rotated.keys.map((k) => k.kid)).toEqual([kid])
    const hidden = await proxy.rotateKey({ publish: false })
    const kept = (await (await fetch(`${proxy.origin}/jwks`)).json()) as {
      keys: Array<{ kid: string }>
    }
    expect(kept.keys.map((k) => k.kid)).not.toContain(hidden)
  })
})
