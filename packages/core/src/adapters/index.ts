/**
 * `@auth/core/adapters`: the contract an adapter implements (its types, guarantees and
 * `AdapterError`), helpers for writing one, and `memoryAdapter()` for tests and quick starts.
 */
export {
  ACCOUNT_STRING_FIELDS,
  AdapterError,
  isAdapterError,
  type AccountKey,
  type Adapter,
  type AdapterAccount,
  type AdapterErrorCode,
  type AdapterSession,
  type AdapterUser,
  type UpdateAccountOptions,
} from "./types.js"
export { memoryAdapter } from "./memory.js"
export { withTokenEncryption } from "./encrypted.js"
export {
  applyAccountUpdate,
  normalizeAdapterAccount,
  splitAccountUpdate,
  type AccountUpdate,
} from "./account.js"
