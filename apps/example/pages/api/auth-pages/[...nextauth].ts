// Pages Router form of the same thing (the spec's `pages/api/auth/[...nextauth].ts`), served under
// /api/auth-pages because Next.js refuses one path in both routers. `pagesAuth` is a second Auth()
// with basePath "/api/auth-pages" and the same secret, adapter (database) and providers as `auth`,
// so a sign-in through either one gives the same user and the same session cookie.
import { toNodeHandler } from "@auth/core/node"
import { pagesAuth } from "@/auth"

export default toNodeHandler(pagesAuth)
export const config = { api: { bodyParser: false } }
