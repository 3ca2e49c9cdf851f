import type {Clock} from '../../src/deploy/http.js'

/**
 * A clock whose time passes only when the code under test sleeps, or when a request it is waiting on times out
 * (`elapseUntilAborted`), so that tests of timeouts, deadlines and Retry-After take no real time.
 */
export class FakeClock implements Clock {
  time = 1_000_000
  /** Every sleep asked for, in order. */
  readonly slept: number[] = []
  private timers: {at: number; controller: AbortController}[] = []

  now(): number {
    return this.time
  }

  async sleep(ms: number): Promise<void> {
    this.slept.push(ms)
    this.advance(ms)
  }

  timeout(ms: number): AbortSignal {
    const controller = new AbortController()
    this.timers.push({at: this.time + ms, controller})
    return controller.signal
  }

  advance(ms: number): void {
    this.time += ms
    const due = this.timers.filter((t) => t.at <= this.time)
    this.timers = this.timers.filter((t) => t.at > this.time)
    for (const timer of due) timer.controller.abort(new DOMException('The operation timed out.', 'TimeoutError'))
  }

  /** What a request that never answers looks like: time passes until its signal's timeout fires. */
  elapseUntilAborted(signal: AbortSignal): void {
    while (!signal.aborted) {
      const next = Math.min(...this.timers.map((t) => t.at))
      if (!Number.isFinite(next)) throw new Error('FakeClock: the signal has no timeout')
      this.advance(next - this.time)
    }
  }
}
