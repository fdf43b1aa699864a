/**
 * Constant-time comparison of two strings (CSRF tokens, check values, binding secrets): the time
 * depends on the length only, never on where the first difference is, so an attacker cannot find
 * a secret character by character by timing the answers. A length difference returns at once
 * (lengths are not secret here: every value compared is a fixed-length random token).
 */
export function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
