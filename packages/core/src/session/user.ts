/**
 * Who is signed in on a request, for the opt-in extensions (the account API, linking, getAccessToken,
 * deleteUser): only the user id, without the `session` callback's shaping, which may drop it.
 */
import type { AuthInternals } from "../config/resolve.js"
import { readChunked } from "../cookies/chunk.js"
import { cookieNames } from "../cookies/names.js"
import { readDatabaseSession } from "./database.js"
import { decodeSession } from "./jwt.js"
import { secureCookiesFor } from "../routes/context.js"
import { BEARER_NAME, bearerOf } from "../routes/session.js"

/**
 * Who is signed in on this request, for the account API and linking: the user id from the bearer
 * token if the request has one, else from the session cookie. `bearer` says which.
 */
export async function sessionUser(
  auth: AuthInternals,
  input: Request | Headers,
): Promise<{ userId: string; bearer: boolean } | undefined> {
  const headers = input instanceof Headers ? input : input.headers
  const bearer = bearerOf(headers)
  const name = bearer ? BEARER_NAME : cookieNames(secureCookiesFor(auth, input)).sessionToken
  const raw = bearer ?? readChunked(headers.get("cookie"), name)
  if (raw === undefined) return undefined
  const userId =
    auth.strategy === "database"
      ? (await readDatabaseSession(auth, raw))?.user.id
      : (await decodeSession(auth, name, raw))?.sub
  return userId ? { userId, bearer: !!bearer } : undefined
}
