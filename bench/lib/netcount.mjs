/**
 * Counts outgoing HTTP requests made by the bench process: global fetch (ours, Auth.js: undici)
 * and node:http/https request (next-auth v4: openid-client v5). Wrapped once, counted always.
 */
import http from "node:http"
import https from "node:https"

export const net = {
  fetch: 0,
  http: 0,
  get total() {
    return this.fetch + this.http
  },
}

let installed = false
export function installNetCounter() {
  if (installed) return
  installed = true
  const realFetch = globalThis.fetch
  globalThis.fetch = function countedFetch(...args) {
    net.fetch++
    return realFetch.apply(this, args)
  }
  for (const mod of [http, https]) {
    const realRequest = mod.request
    mod.request = function countedRequest(...args) {
      net.http++
      return realRequest.apply(this, args)
    }
  }
}

export function snapshot() {
  return { fetch: net.fetch, http: net.http }
}

export function since(before) {
  return {
    fetch: net.fetch - before.fetch,
    http: net.http - before.http,
    total: net.fetch - before.fetch + net.http - before.http,
  }
}
