/**
 * How core reaches its opt-in parts without bundling them: `accountApi` (@auth/core/accounts) and
 * `tokenApi` (@auth/core/tokens) are found by name in `config.extensions`. Their shapes are in
 * accounts/extension.ts and tokens/extension.ts; only this file is in every bundle.
 */
import type { AuthInternals } from "./config/resolve.js"
import { AuthError } from "./errors/index.js"
import type { ProviderConfigs } from "./oauth/config.js"

type Name = "accounts" | "tokens"

/** The extension called `name` when the app added it to `extensions`, else undefined. */
export function extensionOf<T>(auth: AuthInternals, name: Name): T | undefined {
  return auth.config.extensions?.find((e) => e.name === name) as T | undefined
}

/**
 * The extension called `name`, or the AuthError ACCOUNT_API_MISSING / TOKEN_API_MISSING naming what
 * to add (`feature` is what needs it). One message for both, so that core carries its text once.
 */
export function needExtension<T>(auth: AuthInternals, name: Name, feature: string): T {
  const found = extensionOf<T>(auth, name)
  if (found) return found
  const api = name === "tokens" ? "token" : "account"
  throw new AuthError("Configuration", {
    code: api === "token" ? "TOKEN_API_MISSING" : "ACCOUNT_API_MISSING",
    message: `${feature} needs the opt-in extension: add extensions: [${api}Api] from "@auth/core/${name}" to Auth().`,
  })
}

/**
 * An `AuthInstance` method that an extension implements: calls the extension's method of the same
 * name with `(auth, configs, ...args)`, or rejects with the missing-extension error.
 */
export function delegate(
  auth: AuthInternals,
  configs: ProviderConfigs,
  name: Name,
  method: string,
): (...args: unknown[]) => Promise<any> {
  return async (...args) =>
    needExtension<Record<string, (...a: unknown[]) => unknown>>(auth, name, method)[method]!(
      auth,
      configs,
      ...args,
    )
}
