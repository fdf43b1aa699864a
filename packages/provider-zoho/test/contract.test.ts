import { Auth } from "@auth/core"
import { runProviderContract } from "@auth/testkit/contract"
import { describe, expect, it } from "vitest"
import zoho, { type ZohoDataCenter } from "../src/index.js"

const info = {
  First_Name: "Zara",
  Email: "zara@zoho.example",
  Last_Name: "Zoho",
  Display_Name: "zara.zoho",
  ZUID: 700012345,
}
const tokenBody = {
  access_token: "1000.zoho-at",
  refresh_token: "1000.zoho-rt",
  api_domain: "https://www.zohoapis.com",
  token_type: "Bearer",
  expires_in: 3600,
}

runProviderContract({
  provider: zoho({ clientId: "1000.ZOHOCLIENT", clientSecret: "zoho-secret" }),
  authorization: {
    url: "https://accounts.zoho.com/oauth/v2/auth",
    params: { scope: "AaaServer.profile.Read" },
    absentParams: ["nonce"],
  },
  callbackParams: { location: "us", "accounts-server": "https://accounts.zoho.com" },
  token: {
    url: "https://accounts.zoho.com/oauth/v2/token",
    method: "POST",
    clientAuth: "client_secret_post",
    body: tokenBody,
  },
  userinfo: { url: "https://accounts.zoho.com/oauth/user/info", body: info },
  expectUser: { id: "700012345", name: "zara.zoho", email: "zara@zoho.example", image: null },
  expectAccount: {
    providerAccountId: "700012345",
    access_token: "1000.zoho-at",
    refresh_token: "1000.zoho-rt",
  },
  scenarios: [
    {
      name: "capitalised fields; no display name: first and last name",
      userinfo: {
        body: { ZUID: 42, First_Name: "Ada", Last_Name: "L", Email: "ada@zoho.example" },
      },
      expectUser: { id: "42", name: "Ada L", email: "ada@zoho.example" },
      expectAccount: { providerAccountId: "42" },
    },
    {
      name: "HTTP 200 with { error: invalid_code } from the token endpoint -> TOKEN_ENDPOINT_ERROR",
      token: { status: 200, body: { error: "invalid_code" } },
      expectError: {
        type: "OAuthCallbackError",
        code: "TOKEN_ENDPOINT_ERROR",
        message: /invalid_code/,
      },
    },
    {
      name: "user/info refuses the token -> USERINFO_ERROR",
      userinfo: { status: 401, body: { response: "error", cause: "invalid_oauthtoken" } },
      expectError: {
        type: "OAuthCallbackError",
        code: "USERINFO_ERROR",
        message: /invalid_oauthtoken/,
      },
    },
  ],
})

// The EU data centre: every endpoint on accounts.zoho.eu.
runProviderContract({
  provider: zoho({
    id: "zoho-eu",
    clientId: "1000.ZOHOCLIENT",
    clientSecret: "zoho-secret",
    dataCenter: "eu",
  }),
  authorization: {
    url: "https://accounts.zoho.eu/oauth/v2/auth",
    params: { scope: "AaaServer.profile.Read" },
  },
  callbackParams: { location: "eu", "accounts-server": "https://accounts.zoho.eu" },
  token: {
    url: "https://accounts.zoho.eu/oauth/v2/token",
    clientAuth: "client_secret_post",
    body: { ...tokenBody, api_domain: "https://www.zohoapis.eu" },
  },
  userinfo: { url: "https://accounts.zoho.eu/oauth/user/info", body: info },
  expectUser: { id: "700012345", email: "zara@zoho.example" },
})

describe("zoho data centres", () => {
  it.each([
    ["in", "https://accounts.zoho.in"],
    ["au", "https://accounts.zoho.com.au"],
    ["jp", "https://accounts.zoho.jp"],
    ["ca", "https://accounts.zohocloud.ca"],
  ] as const)("%s -> %s for every endpoint", (dataCenter, host) => {
    const p = zoho({ dataCenter })
    expect(
      [p.authorization, p.token, p.userinfo].map((e) => (typeof e === "string" ? e : e?.url)),
    ).toEqual([`${host}/oauth/v2/auth`, `${host}/oauth/v2/token`, `${host}/oauth/user/info`])
  })

  it("an unknown data centre fails at Auth() time with the list of valid ones", () => {
    const provider = zoho({
      clientId: "1000.ZOHOCLIENT",
      clientSecret: "s",
      dataCenter: "mars" as ZohoDataCenter,
    })
    expect(() =>
      Auth({ providers: [provider], secret: "contract-runner-secret-0123456789abcdef" }),
    ).toThrow(/`dataCenter` must be one of us, eu, in, au, jp/)
  })
})
