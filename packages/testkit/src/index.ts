export {
  startOidcProvider,
  defaultTestUsers,
  DEFAULT_TEST_PASSWORD,
  type StartOidcProviderOptions,
  type RunningOidcProvider,
  type TestUser,
  type TestClient,
} from "./oidc-provider.js"
export {
  TestBrowser,
  CookieJar,
  parseForms,
  siteOf,
  type TestBrowserOptions,
  type TestBrowserRequestInit,
  type NavigateInit,
  type NavigationResult,
  type CookieRequestContext,
  type JarCookie,
  type ParsedForm,
} from "./browser.js"
export { signInWith, sessionOf, type SignInOptions } from "./sign-in.js"
export {
  startOAuth1Server,
  type StartOAuth1ServerOptions,
  type RunningOAuth1Server,
  type OAuth1User,
} from "./oauth1-server.js"
export {
  startFaultProxy,
  type StartFaultProxyOptions,
  type RunningFaultProxy,
  type FaultEndpoint,
  type Fault,
} from "./fault-proxy.js"
export {
  startPostgres,
  findPostgresBin,
  type StartPostgresOptions,
  type RunningPostgres,
} from "./postgres.js"
