import nock from "nock"
import { afterEach, beforeAll, describe, expect, it } from "vitest"
import { defineProvider, type OAuthConfig, type OAuthUserConfig } from "../src/index.js"
import { mergeProviderConfig } from "../src/providers/merge.js"
import { Jar, makeAuth, request, startSignIn, browserHeaders } from "./helpers.js"

beforeAll(() => {
  nock.disableNetConnect()
})
afterEach(() => {
  nock.cleanAll()
})

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}

const base = (): OAuthConfig => ({
  id: "sso",
  name: "SSO",
  type: "oauth",
  authorization: "https://sso.example.com/oauth/authorize?scope=a&prompt=b",
  token: "https://sso.example.com/oauth/token",
  userinfo: { url: "https://api.sso.example.com/me", params: { fields: "id,name" } },
  checks: ["pkce", "state"],
  profile: (p: any) => ({ id: String(p.id) }),
  client: { token_endpoint_auth_method: "client_secret_basic" },
  style: { bg: "#000", text: "#fff" },
})

describe("mergeProviderConfig: endpoints are normalised on both sides", () => {
  it("a string default with a query keeps its URL and other params when only params.scope is overridden", () => {
    const merged = mergeProviderConfig(base(), { authorization: { params: { scope: "c" } } })
    expect(merged.authorization).toEqual({
      url: "https://sso.example.com/oauth/authorize",
      params: { scope: "c", prompt: "b" },
    })
  })

  it("a string override is normalised too: its query becomes params, merged over the default's", () => {
    const merged = mergeProviderConfig(base(), {
      authorization: "https://other.example.com/authorize?scope=z&login_hint=x",
    })
    expect(merged.authorization).toEqual({
      url: "https://other.example.com/authorize",
      params: { scope: "z", prompt: "b", login_hint: "x" },
    })
  })

  it("normalises string endpoints even without overrides (token, userinfo)", () => {
    const merged = mergeProviderConfig(
      { ...base(), userinfo: "https://api.sso.example.com/me?fields=id" },
      undefined,
    )
    expect(merged.token).toEqual({ url: "https://sso.example.com/oauth/token", params: {} })
    expect(merged.userinfo).toEqual({
      url: "https://api.sso.example.com/me",
      params: { fields: "id" },
    })
  })

  it("an object override with only url keeps the default's params", () => {
    const merged = mergeProviderConfig(base(), {
      userinfo: { url: "https://api2.sso.example.com/me" },
    })
    expect(merged.userinfo).toEqual({
      url: "https://api2.sso.example.com/me",
      params: { fields: "id,name" },
    })
  })
})

describe("mergeProviderConfig: value rules", () => {
  it("plain objects merge recursively (client, style, nested params)", () => {
    const merged = mergeProviderConfig(base(), {
      client: { id_token_signed_response_alg: "ES256" },
      style: { text: "#111" },
      userinfo: { params: { locale: "ko" } },
    })
    expect(merged.client).toEqual({
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "ES256",
    })
    expect(merged.style).toEqual({ bg: "#000", text: "#111" })
    expect(merged.userinfo).toEqual({
      url: "https://api.sso.example.com/me",
      params: { fields: "id,name", locale: "ko" },
    })
  })

  it("arrays (checks) are replaced whole, never concatenated or merged by index", () => {
    expect(mergeProviderConfig(base(), { checks: ["nonce"] }).checks).toEqual(["nonce"])
    expect(mergeProviderConfig(base(), { checks: [] }).checks).toEqual([])
  })

  it("functions (profile, token.request, userinfo.conform) are replaced whole", () => {
    const profile = (p: any) => ({ id: `x-${p.id}` })
    const request = async () => ({ tokens: { access_token: "t" } })
    const oldRequest = async () => ({ tokens: { access_token: "old" } })
    const conform = (r: Response) => r
    const merged = mergeProviderConfig(
      { ...base(), token: { url: "https://sso.example.com/oauth/token", request: oldRequest } },
      {
        profile,
        token: { request },
        userinfo: { conform },
      },
    )
    expect(merged.profile).toBe(profile)
    expect((merged.token as { request: unknown; url: string }).request).toBe(request)
    expect((merged.token as { url: string }).url).toBe("https://sso.example.com/oauth/token")
    expect((merged.userinfo as { conform: unknown }).conform).toBe(conform)
  })

  it("class instances are replaced, not merged (URL, custom class), whichever side is the instance", () => {
    class Agent {
      constructor(
        readonly host: string,
        readonly extra?: string,
      ) {}
    }
    const d = {
      ...base(),
      agent: new Agent("a.example.com", "keep?"),
      endpointUrl: new URL("https://a.example.com/x"),
    } as OAuthConfig & Record<string, unknown>
    const agent = new Agent("b.example.com")
    const endpointUrl = new URL("https://b.example.com/y")
    const merged = mergeProviderConfig(d, { agent, endpointUrl }) as typeof d
    expect(merged.agent).toBe(agent)
    expect((merged.agent as Agent).extra).toBeUndefined()
    expect(merged.endpointUrl).toBe(endpointUrl)
    // plain object over an instance replaces it too (no half-instance)
    const plain = mergeProviderConfig(d, { agent: { host: "c.example.com" } }) as typeof d
    expect(plain.agent).toEqual({ host: "c.example.com" })
    expect(plain.agent).not.toBeInstanceOf(Agent)
    // an instance over a plain object replaces the whole object
    const date = new Date(0)
    const over = mergeProviderConfig(base(), {
      style: date,
    } as unknown as OAuthUserConfig) as unknown as { style: unknown }
    expect(over.style).toBe(date)
  })

  it("undefined never overwrites, at the top level or nested", () => {
    const merged = mergeProviderConfig(base(), {
      name: undefined,
      checks: undefined,
      profile: undefined,
      authorization: { url: undefined, params: { scope: undefined, prompt: "consent" } },
    })
    expect(merged.name).toBe("SSO")
    expect(merged.checks).toEqual(["pkce", "state"])
    expect(typeof merged.profile).toBe("function")
    expect(merged.authorization).toEqual({
      url: "https://sso.example.com/oauth/authorize",
      params: { scope: "a", prompt: "consent" },
    })
  })

  it("null and empty strings do overwrite (only undefined is 'not given')", () => {
    const merged = mergeProviderConfig(base(), {
      authorization: { params: { scope: "" } },
      style: null as unknown as undefined,
    })
    expect((merged.authorization as { params: Record<string, string> }).params.scope).toBe("")
    expect(merged.style).toBeNull()
  })

  it("mutates neither input (deep-frozen inputs merge fine and are unchanged)", () => {
    const defaults = deepFreeze(base())
    const overrides = deepFreeze({
      authorization: { params: { scope: "c" } },
      client: { x: 1 },
      checks: ["state"],
    } as OAuthUserConfig)
    const before = JSON.stringify([defaults, overrides])
    const merged = mergeProviderConfig(defaults, overrides)
    expect(JSON.stringify([defaults, overrides])).toBe(before)
    expect(defaults.authorization).toBe("https://sso.example.com/oauth/authorize?scope=a&prompt=b")
    expect(merged.authorization).not.toBe(overrides.authorization)
    expect(merged.client).toEqual({ token_endpoint_auth_method: "client_secret_basic", x: 1 })
  })
})

describe("defineProvider", () => {
  const keycloak = defineProvider<Record<string, unknown>>({
    id: "keycloak",
    name: "Keycloak",
    type: "oauth",
    authorization:
      "https://kc.example.com/realms/main/protocol/openid-connect/auth?scope=openid%20profile&prompt=login",
    token: "https://kc.example.com/realms/main/protocol/openid-connect/token",
    userinfo: "https://kc.example.com/realms/main/protocol/openid-connect/userinfo",
    profile: (p) => ({
      id: String(p.sub),
      name: (p.name as string) ?? null,
      email: (p.email as string) ?? null,
    }),
  })

  it("returns the merged config; no argument at all works", () => {
    const p = keycloak()
    expect(p.id).toBe("keycloak")
    expect(p.authorization).toEqual({
      url: "https://kc.example.com/realms/main/protocol/openid-connect/auth",
      params: { scope: "openid profile", prompt: "login" },
    })
    const q = keycloak({ clientId: "c", authorization: { params: { scope: "openid" } } })
    expect(q.clientId).toBe("c")
    expect(q.authorization).toEqual({
      url: "https://kc.example.com/realms/main/protocol/openid-connect/auth",
      params: { scope: "openid", prompt: "login" },
    })
  })

  it("the function form receives the options and its result is merged with them", () => {
    const seen: unknown[] = []
    const realmProvider = defineProvider((options: OAuthUserConfig & { realm?: string }) => {
      seen.push(options)
      const root = `https://kc.example.com/realms/${options.realm ?? "main"}/protocol/openid-connect`
      return {
        id: "kc",
        name: "KC",
        type: "oauth",
        authorization: `${root}/auth?scope=openid`,
        token: `${root}/token`,
        userinfo: `${root}/userinfo`,
      }
    })
    const p = realmProvider({
      realm: "staff",
      clientId: "staff-app",
      authorization: { params: { prompt: "none" } },
    })
    expect(seen).toEqual([
      { realm: "staff", clientId: "staff-app", authorization: { params: { prompt: "none" } } },
    ])
    expect(p.authorization).toEqual({
      url: "https://kc.example.com/realms/staff/protocol/openid-connect/auth",
      params: { scope: "openid", prompt: "none" },
    })
    expect(p.token).toEqual({
      url: "https://kc.example.com/realms/staff/protocol/openid-connect/token",
      params: {},
    })
    expect(p.clientId).toBe("staff-app")
    // called with no options: the function still gets an object
    expect(realmProvider().authorization).toEqual({
      url: "https://kc.example.com/realms/main/protocol/openid-connect/auth",
      params: { scope: "openid" },
    })
    expect(seen[1]).toEqual({})
  })

  it("two instances of one factory with different ids coexist in one Auth() and each works", async () => {
    const staff = keycloak({
      id: "kc-staff",
      name: "Staff",
      clientId: "staff-app",
      clientSecret: "s1",
    })
    const customers = keycloak({
      id: "kc-customers",
      name: "Customers",
      clientId: "customer-app",
      clientSecret: "s2",
      authorization: { params: { scope: "openid email" } },
      token: "https://kc.example.com/realms/customers/protocol/openid-connect/token",
      userinfo: "https://kc.example.com/realms/customers/protocol/openid-connect/userinfo",
    })
    // the factory's defaults were not changed by the first instance
    expect(staff.token).toEqual({
      url: "https://kc.example.com/realms/main/protocol/openid-connect/token",
      params: {},
    })
    const auth = makeAuth({ providers: [staff, customers] })
    const jar = new Jar()

    const list = (await (await request(auth, jar, "/api/auth/providers")).json()) as Record<
      string,
      Record<string, string>
    >
    expect(list).toEqual({
      "kc-staff": {
        id: "kc-staff",
        name: "Staff",
        type: "oauth",
        signinUrl: "http://localhost:3000/api/auth/signin/kc-staff",
        callbackUrl: "http://localhost:3000/api/auth/callback/kc-staff",
      },
      "kc-customers": {
        id: "kc-customers",
        name: "Customers",
        type: "oauth",
        signinUrl: "http://localhost:3000/api/auth/signin/kc-customers",
        callbackUrl: "http://localhost:3000/api/auth/callback/kc-customers",
      },
    })

    for (const [id, clientId, realm, scope, sub] of [
      ["kc-staff", "staff-app", "main", "openid profile", "staff-1"],
      ["kc-customers", "customer-app", "customers", "openid email", "cust-1"],
    ] as const) {
      const url = await startSignIn(auth, jar, id)
      expect(url.searchParams.get("client_id")).toBe(clientId)
      expect(url.searchParams.get("redirect_uri")).toBe(
        `http://localhost:3000/api/auth/callback/${id}`,
      )
      expect(url.searchParams.get("scope")).toBe(scope)
      expect(url.searchParams.get("prompt")).toBe("login")
      let tokenBody: URLSearchParams | undefined
      nock("https://kc.example.com")
        .post(`/realms/${realm}/protocol/openid-connect/token`, (body) => {
          tokenBody = new URLSearchParams(body)
          return true
        })
        .reply(200, { access_token: `at-${id}`, token_type: "Bearer" })
        .get(`/realms/${realm}/protocol/openid-connect/userinfo`)
        .matchHeader("authorization", `Bearer at-${id}`)
        .reply(200, { sub, name: id, email: `${sub}@example.com` })
      const cb = await request(
        auth,
        jar,
        `/api/auth/callback/${id}?code=c-${id}&state=${url.searchParams.get("state")}`,
      )
      expect(cb.status).toBe(302)
      expect(cb.headers.get("location")).toBe("http://localhost:3000")
      expect(tokenBody?.get("redirect_uri")).toBe(`http://localhost:3000/api/auth/callback/${id}`)
      expect(tokenBody?.get("code")).toBe(`c-${id}`)
      expect(nock.isDone()).toBe(true)
      const session = await auth.getSession(browserHeaders(jar.header()))
      expect(session?.user).toEqual({ name: id, email: `${sub}@example.com`, image: null })
    }
  })
})
