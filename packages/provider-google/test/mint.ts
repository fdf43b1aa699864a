/** RS256 ID tokens signed with node:crypto (no JOSE library needed in a provider package's tests). */
import { createSign, generateKeyPairSync } from "node:crypto"

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
export const JWK = { ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" }

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url")
let serial = 0

export function mint(claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000)
  const input = `${b64({ alg: "RS256", kid: "k1" })}.${b64({ sub: "s-1", iat: now, exp: now + 300, n: serial++, ...claims })}`
  return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`
}
