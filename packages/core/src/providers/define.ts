import { mergeProviderConfig } from "./merge.js"
import type { OAuthConfig, OAuthUserConfig, Profile } from "./types.js"

/**
 * Turns a provider's defaults into its factory: `(options?) => OAuthConfig`.
 * The user's options are deep-merged into the defaults (see `merge.ts` for the rules).
 * Defaults may depend on the options (e.g. a tenant or realm): pass a function then.
 * Credentials left out fall back to `AUTH_<ID>_ID` / `AUTH_<ID>_SECRET` / `AUTH_<ID>_ISSUER`,
 * applied by `Auth()` so that custom plain-object providers get the same treatment.
 */
export function defineProvider<P = Profile, O extends OAuthUserConfig<P> = OAuthUserConfig<P>>(
  defaults: OAuthConfig<P> | ((options: O) => OAuthConfig<P>),
): (options?: O) => OAuthConfig<P> {
  return (options?: O) => {
    const base = typeof defaults === "function" ? defaults(options ?? ({} as O)) : defaults
    return mergeProviderConfig(base, options)
  }
}
