/** The parts of openid-client the tokens extension uses (loaded on the first refresh or revocation, not at import). */
export { refreshTokenGrant, tokenRevocation } from "openid-client"
