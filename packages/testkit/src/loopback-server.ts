/**
 * The loopback HTTP server under every local identity provider: listens on 127.0.0.1 (or another
 * loopback address) only, on a random or given port, and stops promptly by closing every open
 * connection (keep-alive and half-sent ones too), so test runners exit.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { isIP } from "node:net"

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase()
  if (h === "localhost" || h === "::1") return true
  return isIP(h) === 4 && h.startsWith("127.")
}

export interface LoopbackServer {
  server: Server
  port: number
  /** e.g. http://127.0.0.1:41234 */
  origin: string
  /** Closes the server and every connection. Idempotent. */
  stop(): Promise<void>
}

export async function listenLoopback(host: string, port = 0): Promise<LoopbackServer> {
  const sockets = new Set<Socket>()
  const server: Server = createServer()
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.once("close", () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err)
    server.once("error", onError)
    server.listen({ port, host, exclusive: true }, () => {
      server.off("error", onError)
      resolve()
    })
  })
  const actual = (server.address() as AddressInfo).port
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()))
      server.closeAllConnections()
      for (const socket of sockets) socket.destroy()
    })
    return stopping
  }
  return {
    server,
    port: actual,
    origin: `http://${isIP(host) === 6 ? `[${host}]` : host}:${actual}`,
    stop,
  }
}
