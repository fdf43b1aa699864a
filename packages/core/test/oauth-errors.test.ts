/**
 * mapOAuthError decides by the libraries' error codes and the shape of their `cause`, never by message
 * text. Every case here is the real error: produced by oauth4webapi's own functions where they can run
 * offline, otherwise built from the classes openid-client / oauth4webapi export, exactly as they build
 * them (openid-client's errorHandler wraps oauth4webapi's OperationProcessingError in a ClientError
 * carrying the same code). Each case is mapped twice: as thrown, and with every message rewritten.
 */
import { readFileSync, realpathSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import * as openid from "openid-client"
import { describe, expect, it } from "vitest"
import { OAUTH_ERROR_CODES, mapOAuthError } from "../src/oauth/errors.js"

interface OperationProcessingErrorClass {
  new (message: string, options: { code: string; cause?: unknown }): Error & { code: string }
}
interface Oauth4webapi {
  OperationProcessingError: OperationProcessingErrorClass
  validateAuthResponse(
    as: object,
    client: object,
    parameters: URLSearchParams,
    state?: unknown,
  ): URLSearchParams
  processAuthorizationCodeResponse(
    as: object,
    client: object,
    response: Response,
    options?: object,
  ): Promise<unknown>
  skipStateCheck: symbol
  [name: string]: unknown
}

// oauth4webapi is openid-client's dependency, not ours: load the very copy openid-client uses.
const here = dirname(fileURLToPath(import.meta.url))
const openidDir = dirname(
  createRequire(join(here, "..", "package.json")).resolve("openid-client/package.json"),
)
const o4w = (await import(
  pathToFileURL(join(realpathSync(openidDir), "..", "oauth4webapi", "build", "index.js")).href
)) as Oauth4webapi

const AS = { issuer: "https://idp.example.com", token_endpoint: "https://idp.example.com/token" }
const CLIENT = { client_id: "client" }

/** What openid-client's errorHandler throws for an oauth4webapi OperationProcessingError. */
function clientError(message: string, code: string, cause: unknown): Error {
  return new openid.ClientError(message, {
    code,
    cause: new o4w.OperationProcessingError(message, { code, cause }),
  } as never)
}

/** The same error tree with every message replaced: the mapping must not change. */
function reworded(error: unknown): unknown {
  if (!(error instanceof Error)) return error
  const copy = Object.create(Object.getPrototypeOf(error)) as Error
  for (const key of Object.getOwnPropertyNames(error)) {
    const value = (error as unknown as Record<string, unknown>)[key]
    Object.defineProperty(copy, key, {
      value: key === "cause" ? reworded(value) : value,
      writable: true,
      configurable: true,
    })
  }
  copy.message = "a message worded differently by a future release"
  return copy
}

function caught(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error("expected the library to throw")
}

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the library to reject")
    },
    (error: unknown) => error,
  )
}

/** Maps the error and its reworded twin; both must give `code`. */
function expectCode(error: unknown, code: string, stage: "token" | "userinfo" = "token") {
  expect(mapOAuthError(error, "idp", stage).code).toBe(code)
  expect(mapOAuthError(reworded(error), "idp", stage).code).toBe(code)
  expect(mapOAuthError(error, "idp", stage).cause).toBe(error)
}

describe("mapOAuthError: by code and cause, with the libraries' real errors", () => {
  it("the copied code constants equal the ones oauth4webapi exports", () => {
    for (const [name, value] of Object.entries(OAUTH_ERROR_CODES))
      expect(o4w[name], name).toBe(value)
  })

  it("RFC 9207: a different `iss` is ISSUER_MISMATCH (oauth4webapi validateAuthResponse)", () => {
    const error = caught(() =>
      o4w.validateAuthResponse(
        AS,
        CLIENT,
        new URLSearchParams({ code: "c", state: "s", iss: "https://evil.example" }),
        "s",
      ),
    )
    expect((error as { code?: string }).code).toBe(OAUTH_ERROR_CODES.INVALID_RESPONSE)
    expectCode(error, "ISSUER_MISMATCH")
    expectCode(
      new openid.ClientError("invalid response encountered", {
        code: OAUTH_ERROR_CODES.INVALID_RESPONSE,
        cause: error,
      } as never),
      "ISSUER_MISMATCH",
    )
  })

  it("RFC 9207: a missing `iss` where the server promises one is ISSUER_MISMATCH", () => {
    const as = { ...AS, authorization_response_iss_parameter_supported: true }
    const error = caught(() =>
      o4w.validateAuthResponse(as, CLIENT, new URLSearchParams({ code: "c", state: "s" }), "s"),
    )
    expectCode(error, "ISSUER_MISMATCH")
  })

  it("a wrong `state` (same code, same `parameters` shape) is not taken for an issuer mismatch", () => {
    for (const params of [
      { code: "c", state: "other", iss: AS.issuer },
      { code: "c", iss: AS.issuer },
    ] as Array<Record<string, string>>) {
      const error = caught(() =>
        o4w.validateAuthResponse(AS, CLIENT, new URLSearchParams(params), "expected-state"),
      )
      expect(mapOAuthError(error, "idp", "token").code).not.toBe("ISSUER_MISMATCH")
      expect(mapOAuthError(reworded(error), "idp", "token").code).toBe(
        mapOAuthError(error, "idp", "token").code,
      )
    }
  })

  it("an OIDC token response without id_token is ID_TOKEN_MISSING (processAuthorizationCodeResponse)", async () => {
    const response = new Response(JSON.stringify({ access_token: "at", token_type: "bearer" }), {
      headers: { "content-type": "application/json" },
    })
    const error = await rejected(
      o4w.processAuthorizationCodeResponse(AS, CLIENT, response, { requireIdToken: true }),
    )
    expectCode(error, "ID_TOKEN_MISSING")
  })

  it("a token response invalid elsewhere (no access_token) stays TOKEN_RESPONSE_INVALID", async () => {
    const response = new Response(JSON.stringify({ token_type: "bearer" }), {
      headers: { "content-type": "application/json" },
    })
    const error = await rejected(
      o4w.processAuthorizationCodeResponse(AS, CLIENT, response, { requireIdToken: true }),
    )
    expectCode(error, "TOKEN_RESPONSE_INVALID")
  })

  it("nonce claim comparison is NONCE_MISMATCH, any other claim ID_TOKEN_INVALID", () => {
    const code = OAUTH_ERROR_CODES.JWT_CLAIM_COMPARISON
    expectCode(
      clientError('unexpected ID Token "nonce" claim value', code, {
        expected: "n1",
        claims: { nonce: "n2" },
        claim: "nonce",
      }),
      "NONCE_MISMATCH",
    )
    expectCode(
      clientError('unexpected JWT "aud" (audience) claim value', code, {
        expected: "client",
        claims: { aud: "x" },
        claim: "aud",
      }),
      "ID_TOKEN_INVALID",
    )
  })

  it("a timestamp check (exp) or an id_token claim of the wrong type is ID_TOKEN_INVALID", () => {
    expectCode(
      clientError('unexpected JWT "exp" claim', OAUTH_ERROR_CODES.JWT_TIMESTAMP_CHECK, {
        claims: { exp: 1 },
        now: 2,
        tolerance: 0,
        claim: "exp",
      }),
      "ID_TOKEN_INVALID",
    )
    expectCode(
      clientError('ID Token "auth_time" must be a number', OAUTH_ERROR_CODES.INVALID_RESPONSE, {
        claims: { auth_time: "x" },
      }),
      "ID_TOKEN_INVALID",
    )
  })

  it("a failed JWS signature is ID_TOKEN_SIGNATURE (validateJwsSignature's cause)", () => {
    const cause = {
      key: {},
      data: new Uint8Array(1),
      signature: new Uint8Array(1),
      algorithm: { name: "RSASSA-PKCS1-v1_5" },
    }
    expectCode(
      clientError("JWT signature verification failed", OAUTH_ERROR_CODES.INVALID_RESPONSE, cause),
      "ID_TOKEN_SIGNATURE",
    )
  })

  it("no JWKS key for the kid is JWKS_KEY_NOT_FOUND; several candidates is not", () => {
    const code = OAUTH_ERROR_CODES.KEY_SELECTION
    const jwks_uri = new URL("https://idp.example.com/jwks")
    expectCode(
      clientError("no applicable keys found", code, {
        header: { kid: "k" },
        candidates: [],
        jwks_uri,
      }),
      "JWKS_KEY_NOT_FOUND",
    )
    const several = clientError("multiple applicable keys found", code, {
      header: {},
      candidates: [{}, {}],
      jwks_uri,
    })
    expect(mapOAuthError(several, "idp", "token").code).toBe("TOKEN_REQUEST_FAILED")
  })

  it("ResponseBodyError is TOKEN_ENDPOINT_ERROR / USERINFO_ERROR, naming the OAuth error", () => {
    const response = new Response("{}", { status: 400 })
    const error = new openid.ResponseBodyError(
      "server responded with an error in the response body",
      {
        cause: { error: "invalid_grant", error_description: "code used" },
        response,
      } as never,
    )
    expectCode(error, "TOKEN_ENDPOINT_ERROR")
    expectCode(error, "USERINFO_ERROR", "userinfo")
    expect(mapOAuthError(error, "idp", "token").message).toContain("invalid_grant")
  })

  it("WWWAuthenticateChallengeError is TOKEN_ENDPOINT_ERROR, naming the challenge's error", () => {
    const response = new Response("", { status: 401 })
    const error = new openid.WWWAuthenticateChallengeError(
      "server responded with a challenge in the WWW-Authenticate HTTP Header",
      {
        cause: [{ scheme: "bearer", parameters: { error: "invalid_token" } }],
        response,
      } as never,
    )
    expectCode(error, "TOKEN_ENDPOINT_ERROR")
    expect(mapOAuthError(error, "idp", "token").message).toContain("invalid_token")
  })

  it("not JSON / unexpected status / invalid attribute: their own codes", () => {
    const response = new Response("<html>", { status: 200 })
    expectCode(
      new openid.ClientError("unexpected response content-type", {
        code: OAUTH_ERROR_CODES.RESPONSE_IS_NOT_JSON,
        cause: response,
      } as never),
      "TOKEN_RESPONSE_NOT_JSON",
    )
    expectCode(
      new openid.ClientError("unexpected response content-type", {
        code: OAUTH_ERROR_CODES.RESPONSE_IS_NOT_JSON,
        cause: response,
      } as never),
      "USERINFO_NOT_JSON",
      "userinfo",
    )
    expectCode(
      new openid.ClientError("unexpected HTTP response status code", {
        code: OAUTH_ERROR_CODES.RESPONSE_IS_NOT_CONFORM,
        cause: new Response("", { status: 502 }),
      } as never),
      "TOKEN_ENDPOINT_ERROR",
    )
    expectCode(
      clientError('unexpected "sub" attribute', OAUTH_ERROR_CODES.JSON_ATTRIBUTE_COMPARISON, {
        expected: "a",
        body: { sub: "b" },
        attribute: "sub",
      }),
      "USERINFO_ERROR",
      "userinfo",
    )
  })
})

describe("errors.ts decides nothing by message text (lint guard)", () => {
  it("has no .message test, includes, match, comparison or regex on a message", () => {
    const source = readFileSync(join(here, "..", "src", "oauth", "errors.ts"), "utf8")
    const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "")
    const offenders = [
      /\.message\s*(\?\.)?\.?\s*(includes|startsWith|endsWith|match|matchAll|search|indexOf)\s*\(/,
      /\.message\s*[!=]==?/,
      /[!=]==?\s*\w*\.message\b/,
      /\bmessage\s*(\?\.)?\.?\s*(includes|startsWith|endsWith|match|search|indexOf)\s*\(/,
      /\.test\(\s*[\w.]*message/i,
      /\bmessage\s*[!=]==?/,
    ]
    for (const pattern of offenders) expect(code, String(pattern)).not.toMatch(pattern)
  })
})
