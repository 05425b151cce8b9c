import { FakeClock, settle } from './fakeClock.ts';

/**
 * A clock whose time jumps from timer to timer (in {@link FakeClock.advance}) as soon as the process is quiet, so minutes of
 * retries, Retry-After waits and group intervals take a fraction of a second against real HTTP
 * servers. "Quiet" means no fetch in flight (counted by wrapping `globalThis.fetch`) and a few
 * event-loop turns without new work. Wall and monotonic time move together.
 */
export class WarpClock extends FakeClock {
  readonly #start: number;
  #inFlight = 0;
  #closed = false;
  readonly #realFetch = globalThis.fetch;

  constructor(start = Date.UTC(2026, 0, 5, 12, 0, 0)) {
    super(start);
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

  override monotonic(): number {
    return this.now() - this.#start;
  }

  /** Virtual ms since the clock was made. */
  elapsed(): number {
    return this.now() - this.#start;
  }

  /** Stops warping and gives `fetch` back. */
  close(): void {
    this.#closed = true;
    globalThis.fetch = this.#realFetch;
  }

  /** Quiet: no fetch in flight for three rounds of event-loop turns and a 3 ms timer. */
  protected override async waitIdle(): Promise<void> {
    for (let calm = 0; calm < 3; ) {
      await settle(3);
      await new Promise((r) => setTimeout(r, 3));
      calm = this.#inFlight === 0 ? calm + 1 : 0;
    }
  }

  /**
   * Nothing: the wait for quiet before the next timer covers the work this one started.
   * `settleWith` (which the notifier harness sets on every FakeClock) is not awaited here.
   */
  protected override async afterFire(): Promise<void> {}

  protected override halted(): boolean {
    return this.#closed;
  }
}
