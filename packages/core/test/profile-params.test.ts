import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import type { ProfileContext } from "../src/index.js"
import {
  browserHeaders,
  Jar,
  idp,
  IDP_API,
  IDP_AUTH,
  makeAuth,
  request,
  startSignIn,
} from "./helpers.js"

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())

describe("profile(profile, tokens, { params })", () => {
  function mockIdp() {
    nock(IDP_AUTH).post("/oauth/token").reply(200, { access_token: "at", token_type: "bearer" })
    nock(IDP_API).get("/v1/me").reply(200, { id: 7 })
  }

  it("gets the callback's query parameters (GET)", async () => {
    const seen: ProfileContext[] = []
    const auth = makeAuth({
      providers: [
        idp({
          profile: (p: any, _t, ctx) => (
            seen.push(ctx),
            { id: String(p.id), name: ctx.params.display ?? null }
          ),
        }),
      ],
    })
    const jar = new Jar()
    const url = await startSignIn(auth, jar, "idp")
    mockIdp()
    const done = await request(
      auth,
      jar,
      `/api/auth/callback/idp?code=c&state=${url.searchParams.get("state")}&display=Ann`,
    )
    expect(done.status).toBe(302)
    expect(seen).toHaveLength(1)
    expect(seen[0]!.params).toMatchObject({ code: "c", display: "Ann" })
    const session = await auth.getSession(browserHeaders(jar.header()))
    expect(session?.user?.name).toBe("Ann")
  })

  it("gets the form body of a form_post callback (POST)", async () => {
    const seen: ProfileContext[] = []
    const provider = idp({
      authorization: { url: `${IDP_AUTH}/oauth/authorize`, params: { response_mode: "form_post" } },
      profile: (p: any, _t, ctx) => (
        seen.push(ctx),
        { id: String(p.id), name: JSON.parse(ctx.params.user ?? "{}").name ?? null }
      ),
    })
    const auth = makeAuth({ providers: [provider], useSecureCookies: false })
    const jar = new Jar()
    const url = await startSignIn(auth, jar, "idp")
    mockIdp()
    const done = await request(auth, jar, "/api/auth/callback/idp", {
      method: "POST",
      form: {
        code: "c",
        state: url.searchParams.get("state")!,
        user: JSON.stringify({ name: "Bo" }),
      },
    })
    expect(done.status).toBe(302)
    expect(seen[0]!.params.user).toBe('{"name":"Bo"}')
    const session = await auth.getSession(browserHeaders(jar.header()))
    expect(session?.user?.name).toBe("Bo")
  })
})
