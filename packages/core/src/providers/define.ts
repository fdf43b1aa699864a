import { mergeProviderConfig } from "./merge.js"
import type { OAuthConfig, OAuthUserConfig, Profile } from "./types.js"

/**
 * Set (non-enumerable) on configs made by a function-form factory: rebuilds the config with more
 * options. `Auth()` uses it to apply `AUTH_<ID>_ISSUER` as if it had been passed as `issuer`, so
 * providers whose endpoints derive from the issuer (e.g. `${issuer}/oauth/token`) work from env.
 */
export const REBUILD_WITH: unique symbol = Symbol.for("@auth/core.provider.rebuildWith")

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
  const factory = (options?: O): OAuthConfig<P> => {
    const base = typeof defaults === "function" ? defaults(options ?? ({} as O)) : defaults
    const config = mergeProviderConfig(base, options)
    if (typeof defaults === "function") {
      Object.defineProperty(config, REBUILD_WITH, { value: (more: Partial<O>) => factory({ ...options, ...more } as O) })
    }
    return config
  }
  return factory
}
