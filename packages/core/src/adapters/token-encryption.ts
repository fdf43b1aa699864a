/**
 * How core finds an adapter's token encryption without shipping it: `withTokenEncryption` (in
 * `@auth/core/adapters`, next to the adapter contract) marks an adapter with this symbol; `Auth()` calls
 * the mark with its keyring. Apps without an adapter (the JWT quick start) carry only these lines.
 */
import type { Keyring } from "../crypto/keyring.js"
import type { Adapter } from "./types.js"

/** A global symbol, so that two copies of core (CJS and ESM) still recognise each other's mark. */
export const TOKEN_ENCRYPTION = Symbol.for("@auth/core.tokenEncryption")

/** An adapter marked by `withTokenEncryption`: the mark, called on the adapter, returns it wrapped for one keyring. */
export type MarkedAdapter = Adapter & {
  [TOKEN_ENCRYPTION]?: (this: Adapter, keyring: Keyring) => Adapter
}
