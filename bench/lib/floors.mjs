/**
 * Raw floors for a session read: what decrypting our session token costs with nothing around it.
 *   - jose jwtDecrypt of our genuine session token (dir + A256CBC-HS512; claims checked by jose);
 *   - node:crypto AES-256-GCM, synchronous, of a compact JWE (dir + A256GCM) of the same payload;
 *   - node:crypto A256CBC-HS512, synchronous (HMAC-SHA-512 then AES-256-CBC): our format's floor.
 * Each includes splitting the compact form, base64url decoding and JSON.parse of the payload.
 */
import { createDecipheriv, createHmac, hkdfSync, timingSafeEqual } from "node:crypto"
import { CompactEncrypt, jwtDecrypt } from "jose"

/** Our session key: HKDF-SHA-256(secret, salt = cookie name), 64 bytes (packages/core/src/crypto/hkdf.ts). */
export function ourSessionKey(secret, cookieName) {
  return new Uint8Array(
    hkdfSync("sha256", secret, cookieName, `@auth/core encryption key (${cookieName})`, 64),
  )
}

export async function makeFloors(token, secret, cookieName) {
  const key = ourSessionKey(secret, cookieName)
  // Interop check: jose opens our token with the documented key.
  const { payload } = await jwtDecrypt(token, key)
  const plaintext = new TextEncoder().encode(JSON.stringify(payload))

  const gcmKey = Buffer.from(key.subarray(32))
  const gcmToken = await new CompactEncrypt(plaintext)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .encrypt(gcmKey)

  const gcmDecrypt = () => {
    const [h, , iv, ct, tag] = gcmToken.split(".")
    const d = createDecipheriv("aes-256-gcm", gcmKey, Buffer.from(iv, "base64url"))
    d.setAAD(Buffer.from(h, "ascii"))
    d.setAuthTag(Buffer.from(tag, "base64url"))
    const out = Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()])
    return JSON.parse(out.toString("utf8"))
  }

  const macKey = Buffer.from(key.subarray(0, 32))
  const encKey = Buffer.from(key.subarray(32))
  const cbcDecrypt = () => {
    const [h, , ivB, ctB, tagB] = token.split(".")
    const aad = Buffer.from(h, "ascii")
    const iv = Buffer.from(ivB, "base64url")
    const ct = Buffer.from(ctB, "base64url")
    const al = Buffer.alloc(8)
    al.writeUInt32BE(aad.length * 8, 4)
    const mac = createHmac("sha512", macKey)
      .update(aad)
      .update(iv)
      .update(ct)
      .update(al)
      .digest()
      .subarray(0, 32)
    if (!timingSafeEqual(mac, Buffer.from(tagB, "base64url"))) throw new Error("bad tag")
    const d = createDecipheriv("aes-256-cbc", encKey, iv)
    return JSON.parse(Buffer.concat([d.update(ct), d.final()]).toString("utf8"))
  }

  // Sanity: every floor really decrypts.
  for (const f of [gcmDecrypt, cbcDecrypt])
    if (f().sub !== payload.sub) throw new Error("floor decrypt mismatch")

  return {
    payloadBytes: plaintext.length,
    tokenChars: token.length,
    gcmTokenChars: gcmToken.length,
    entries: [
      {
        key: "jose",
        label: "jose jwtDecrypt (our token, A256CBC-HS512)",
        fn: () => jwtDecrypt(token, key),
      },
      {
        key: "gcm",
        label: "node:crypto AES-256-GCM sync (same payload)",
        fn: gcmDecrypt,
        sync: true,
      },
      {
        key: "cbc",
        label: "node:crypto A256CBC-HS512 sync (our token)",
        fn: cbcDecrypt,
        sync: true,
      },
    ],
  }
}
