/**
 * openid-client, loaded on the first sign-in rather than at import: session reads (the hot path)
 * never need it, and it is most of core's import time. The named re-exports in
 * openid-client-impl.ts keep bundlers from pulling in the parts core never calls.
 */
import type * as Impl from "./openid-client-impl.js"

export type * as OpenIdClient from "openid-client"

let loading: Promise<typeof Impl> | undefined

export function openidClient(): Promise<typeof Impl> {
  return (loading ??= import("./openid-client-impl.js"))
}
