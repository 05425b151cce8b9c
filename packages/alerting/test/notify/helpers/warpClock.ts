import type { Clock } from '../../../src/shared/clock.ts';
import { settle } from './fakeClock.ts';

/**
 * A clock whose time jumps from timer to timer (in {@link WarpClock.advance}) as soon as the process is quiet, so minutes of
 * retries, Retry-After waits and group intervals take a fraction of a second against real HTTP
 * servers. "Quiet" means no fetch in flight (counted by wrapping `globalThis.fetch`) and a few
 * event-loop turns without new work. Wall and monotonic time move together.
 */
export class WarpClock implements Clock {
  #now: number;
  readonly #start: number;
  #timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  #seq = 0;
  #inFlight = 0;
  #closed = false;
  readonly #realFetch = globalThis.fetch;

  constructor(start = Date.UTC(2026, 0, 5, 12, 0, 0)) {
    this.#now = start;
    this.#start = start;
    const real = this.#realFetch;
    globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
      this.#inFlight++;
      try {
        const res = await real(...args);
        // The body is read by the caller; count it as in flight until then.
        const text = await res.text();
        return new Response(text, { status: res.status, headers: res.headers });
      } finally {
        this.#inFlight--;
      }
    }) as typeof fetch;
  }

  now(): number {
    return this.#now;
  }

  monotonic(): number {
    return this.#now - this.#start;
  }

  /** Virtual ms since the clock was made. */
  elapsed(): number {
    return this.#now - this.#start;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fire: resolve };
      this.#timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Stops warping and gives `fetch` back. */
  close(): void {
    this.#closed = true;
    globalThis.fetch = this.#realFetch;
  }

  async #quiet(): Promise<void> {
    for (let calm = 0; calm < 3; ) {
      await settle(3);
      await new Promise((r) => setTimeout(r, 3));
      calm = this.#inFlight === 0 ? calm + 1 : 0;
    }
  }

  /** Moves virtual time forward by `ms`, firing each due timer once the process is quiet. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await this.#quiet();
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (this.#closed || !next || next.at > end) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.fire();
    }
    this.#now = end;
    await this.#quiet();
  }
}
