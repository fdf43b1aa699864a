/**
 * In-process single flight: while a refresh for one account runs, every other caller for that
 * account gets the same promise instead of starting a second refresh. Across processes the
 * adapter's compare-and-swap takes over (see access-token.ts).
 */
export class SingleFlight<T> {
  readonly #running = new Map<string, Promise<T>>()

  run(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.#running.get(key)
    if (running) return running
    const promise = fn().finally(() => this.#running.delete(key))
    this.#running.set(key, promise)
    return promise
  }
}
