/**
 * `@auth/testkit/contract`: the shared contract tests provider packages run, as data for one runner
 * that drives the real `Auth().handler` (see each runner's file).
 */
export type { ContractEndpoint } from "./contract/harness.js"
export {
  runProviderContract,
  type ContractScenario,
  type ProviderContract,
} from "./contract/oauth2.js"
export { runOAuth1ProviderContract, type OAuth1ProviderContract } from "./contract/oauth1.js"
