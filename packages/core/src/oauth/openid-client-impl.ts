/** The parts of openid-client core uses, re-exported so bundlers keep only these (see openid-client.ts). */
export {
  Configuration,
  ClientSecretBasic,
  ClientSecretPost,
  ClientSecretJwt,
  None,
  customFetch,
  allowInsecureRequests,
  enableNonRepudiationChecks,
  buildAuthorizationUrl,
  authorizationCodeGrant,
  skipStateCheck,
  fetchUserInfo,
  fetchProtectedResource,
} from "openid-client"
