import type { Clock } from '../../../src/shared/clock.ts';

/** A clock that only moves when the test says so; timers fire in time order during `advance`. */
export class FakeClock implements Clock {
  #now: number;
  #timers: Array<{ at: number; fire: () => void; seq: number }> = [];
  #seq = 0;
  /** Awaited after each timer fires, so work it started finishes before time moves on. */
  settleWith: () => Promise<void> = async () => {};

  constructor(start = Date.UTC(2026, 0, 5, 12, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Moves with `advance` only (this fake clock's wall time never steps on its own). */
  monotonic(): number {
    return this.#now;
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

  /** Moves time forward by `ms`, firing due timers in order and letting their work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await this.waitIdle();
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers[0];
      if (this.halted() || !next || next.at > end) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.fire();
      await this.afterFire();
    }
    this.#now = end;
    await this.waitIdle();
  }

  /** Waits before each timer and at the end of `advance`, so the work already started runs first. */
  protected async waitIdle(): Promise<void> {
    await settle();
  }

  /** Runs right after each timer fires: its work settles, then {@link FakeClock.settleWith}. */
  protected async afterFire(): Promise<void> {
    await settle();
    await this.settleWith();
  }

  /** True once timers must no longer fire (a subclass that stops time says so). */
  protected halted(): boolean {
    return false;
  }
}

/** Lets pending promise chains (and short real I/O such as file writes) run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}
