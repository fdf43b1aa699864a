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
 * Defaults may depend on the options (e.g. a tenant or realm): pass a function then; it may also
 * canonicalise its (copied) options, e.g. `options.issuer` with the path the provider always has.
 * Credentials left out fall back to `AUTH_<ID>_ID` / `AUTH_<ID>_SECRET` / `AUTH_<ID>_ISSUER`,
 * applied by `Auth()` so that custom plain-object providers get the same treatment.
 * @example
 * ```ts
 * export default defineProvider<GitHubProfile>({
 *   id: "github", name: "GitHub", type: "oauth",
 *   authorization: { url: "https://github.com/login/oauth/authorize", params: { scope: "read:user user:email" } },
 *   token: "https://github.com/login/oauth/access_token",
 *   userinfo: "https://api.github.com/user",
 *   profile: (p) => ({ id: String(p.id), name: p.name, email: p.email, image: p.avatar_url }),
 * })
 * ```
 * @see https://www.npmjs.com/package/@auth/core#providers-the-contract
 */
export function defineProvider<P = Profile, O extends OAuthUserConfig<P> = OAuthUserConfig<P>>(
  defaults: OAuthConfig<P> | ((options: O) => OAuthConfig<P>),
): (options?: O) => OAuthConfig<P> {
  const factory = (options?: O): OAuthConfig<P> => {
    // A defaults function gets its own copy of the options and may canonicalise it (e.g. append the
    // path an issuer always has, or its trailing slash): the copy is what is merged.
    const own = { ...options } as O
    const base = typeof defaults === "function" ? defaults(own) : defaults
    const config = mergeProviderConfig(base, typeof defaults === "function" ? own : options)
    if (typeof defaults === "function") {
      Object.defineProperty(config, REBUILD_WITH, {
        value: (more: Partial<O>) => factory({ ...options, ...more } as O),
      })
    }
    return config
  }
  return factory
}
