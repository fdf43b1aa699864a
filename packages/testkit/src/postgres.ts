/**
 * A throwaway PostgreSQL server for tests and benchmarks: `initdb` into a temporary directory, then
 * `pg_ctl start` on a free port of 127.0.0.1 (its unix socket in the same directory), fsync off.
 * PostgreSQL refuses to run as root, so as root the cluster runs as the unprivileged `nobody` (or
 * `PG_TEST_USER`) and the directory is handed to that user. `stop()` shuts it down and removes the
 * directory; a process exit does too, so a failed run leaves no server behind.
 *
 * With `DATABASE_URL` set, nothing is started: that server is used (it must let the user create
 * databases when `createDatabase` is called).
 *
 * The binaries are looked up in `PG_BIN`, then `/usr/lib/postgresql/<newest>/bin` (Debian's
 * `postgresql` package, which `scripts/ci-system-deps.sh` installs), then `PATH`.
 */
import { execFileSync, spawnSync } from "node:child_process"
import { randomBytes } from "node:crypto"
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

export interface StartPostgresOptions {
  /**
   * Use this server instead of starting one. Default: `process.env.DATABASE_URL`; `null` always starts
   * one (for a test that stops and restarts its server).
   */
  url?: string | null
  /** `max_connections` of the started server. Default 300. */
  maxConnections?: number
  /** Extra `-c name=value` settings for the started server. */
  settings?: Record<string, string | number>
}

export interface RunningPostgres {
  /** A URL of the server's admin database (`postgres`): use it to create or drop databases. */
  readonly url: string
  /** True when this process started the server (false for `DATABASE_URL`). */
  readonly started: boolean
  /** The port the server listens on, on 127.0.0.1. */
  readonly port: number
  /**
   * Creates a new, empty database and returns its URL (`name` defaults to a random one).
   * @example
   * ```ts
   * const url = await pg.createDatabase()
   * const adapter = pgAdapter(url)
   * ```
   */
  createDatabase(name?: string): Promise<string>
  /** Drops a database made by `createDatabase` (closing its other connections first). */
  dropDatabase(url: string): Promise<void>
  /** Stops a server this process started (immediately), and removes its directory. No-op for `DATABASE_URL`. */
  stop(): Promise<void>
  /** Stops a started server without removing its files; `restart()` starts it again on the same port. */
  pause(): Promise<void>
  restart(): Promise<void>
}

/**
 * The directory holding `initdb` and `pg_ctl`, or a clear error saying how to install them.
 * @example
 * ```ts
 * const initdb = join(findPostgresBin(), "initdb")
 * ```
 */
export function findPostgresBin(debian = "/usr/lib/postgresql"): string {
  const candidates: string[] = []
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN)
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a))
    candidates.push(...versions.map((v) => join(debian, v, "bin")))
  }
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir) candidates.push(dir)
  const found = candidates.find(
    (dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")),
  )
  if (!found) {
    throw new Error(
      "@auth/testkit: PostgreSQL's initdb and pg_ctl were not found (looked in PG_BIN, /usr/lib/postgresql/*/bin and PATH). " +
        "Install Debian's postgresql (`bash scripts/ci-system-deps.sh`, or `apt-get install -y postgresql`), " +
        "set PG_BIN to the directory holding them, or set DATABASE_URL to a server of your own.",
    )
  }
  return found
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

interface RunAs {
  uid: number
  gid: number
  user: string
}

/** As root, the unprivileged user that runs the cluster; otherwise null (run as ourselves). */
function unprivilegedUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null
  const user = process.env.PG_TEST_USER ?? "nobody"
  const id = (flag: string) => Number(execFileSync("id", [flag, user], { encoding: "utf8" }).trim())
  return { user, uid: id("-u"), gid: id("-g") }
}

function run(bin: string, args: string[], runAs: RunAs | null): void {
  const [command, argv] = runAs ? ["runuser", ["-u", runAs.user, "--", bin, ...args]] : [bin, args]
  const result = spawnSync(command, argv, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    cwd: tmpdir(),
  })
  if (result.status !== 0) {
    throw new Error(
      `@auth/testkit: ${bin} ${args.join(" ")} failed (exit ${result.status}): ${result.error?.message ?? ""}${result.stderr}${result.stdout}`.trim(),
    )
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

async function adminQuery(url: string, sql: string): Promise<void> {
  // pg is an optional peer of testkit: only this helper needs it.
  const pg = ((await import("pg")) as unknown as { default: typeof import("pg") }).default
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${encodeURIComponent(database)}`
  return u.toString()
}

/**
 * Starts a throwaway PostgreSQL (or uses `DATABASE_URL`).
 * @example
 * ```ts
 * const pg = await startPostgres()
 * try {
 *   const url = await pg.createDatabase()
 *   // ... pgAdapter(url) ...
 * } finally {
 *   await pg.stop()
 * }
 * ```
 * @see https://www.postgresql.org/docs/current/app-pg-ctl.html
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const external = options.url === null ? undefined : (options.url ?? process.env.DATABASE_URL)
  if (external)
    return handle(external, false, Number(new URL(external).port || 5432), async () => {}, null)

  const bin = findPostgresBin()
  const runAs = unprivilegedUser()
  const dir = mkdtempSync(join(tmpdir(), "auth-pg-"))
  const data = join(dir, "data")
  if (runAs) chownSync(dir, runAs.uid, runAs.gid)
  let port = 0
  const settings: Record<string, string | number> = {
    listen_addresses: "127.0.0.1",
    unix_socket_directories: dir,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    max_connections: options.maxConnections ?? 300,
    shared_buffers: "32MB",
    ...options.settings,
  }
  const pgCtl = join(bin, "pg_ctl")
  const start = () => {
    const flags = [`-p ${port}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(
      " ",
    )
    run(
      pgCtl,
      ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "-o", flags, "start"],
      runAs,
    )
  }
  // "immediate" when the server is thrown away; "fast" for pause(): with synchronous_commit off, an
  // immediate stop would lose the last commits, and a test pausing its server expects them kept.
  const stopServer = (mode: "immediate" | "fast" = "immediate") => {
    if (existsSync(join(data, "postmaster.pid"))) {
      try {
        run(pgCtl, ["-D", data, "-m", mode, "-w", "stop"], runAs)
      } catch {
        // already stopped
      }
    }
  }
  const removeAll = () => {
    stopServer()
    rmSync(dir, { recursive: true, force: true })
  }
  // a crashed or interrupted run must not leave a server behind
  const onExit = () => removeAll()
  process.once("exit", onExit)
  try {
    run(
      join(bin, "initdb"),
      ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"],
      runAs,
    )
    for (let attempt = 0; ; attempt++) {
      port = await freePort()
      try {
        start()
        break
      } catch (error) {
        // another process took the port between the probe and the start: try another
        if (attempt >= 3) throw error
      }
    }
  } catch (error) {
    const log = existsSync(join(dir, "server.log"))
      ? readFileSync(join(dir, "server.log"), "utf8").slice(-2000)
      : ""
    process.removeListener("exit", onExit)
    removeAll()
    throw new Error(`${(error as Error).message}\n${log}`.trim(), { cause: error })
  }
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`
  return handle(
    url,
    true,
    port,
    async () => {
      process.removeListener("exit", onExit)
      removeAll()
    },
    { pause: async () => stopServer("fast"), restart: async () => start() },
  )
}

function handle(
  url: string,
  started: boolean,
  port: number,
  stop: () => Promise<void>,
  control: { pause(): Promise<void>; restart(): Promise<void> } | null,
): RunningPostgres {
  const notStarted = async () => {
    throw new Error(
      "@auth/testkit: pause/restart only work on a server startPostgres started (not DATABASE_URL)",
    )
  }
  return {
    url,
    started,
    port,
    async createDatabase(name = `auth_test_${randomBytes(6).toString("hex")}`) {
      await adminQuery(url, `CREATE DATABASE ${quoteIdent(name)}`)
      return withDatabase(url, name)
    },
    async dropDatabase(databaseUrl) {
      const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1))
      await adminQuery(url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
    },
    stop,
    pause: control?.pause ?? notStarted,
    restart: control?.restart ?? notStarted,
  }
}
