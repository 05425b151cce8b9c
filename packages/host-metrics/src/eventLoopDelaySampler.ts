/** The clock and timer a sampler uses; injectable so tests can drive it with a fake clock. */
export interface SamplerClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `tick` every `intervalMs` until the returned function is called. */
  every(intervalMs: number, tick: () => void): () => void;
}

/** The real clock: performance.now() and an unref'd interval, so sampling never keeps the app alive. */
export const REAL_CLOCK: SamplerClock = {
  now: () => performance.now(),
  every(intervalMs, tick) {
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/**
 * Samples event-loop delay: a timer due every `intervalMs` records how late it ran, in seconds.
 *
 * Why our own timer rather than perf_hooks.monitorEventLoopDelay: that one keeps an HDR histogram
 * whose bucket counts are not exposed (only percentiles), so turning it into OpenTelemetry
 * histogram buckets would mean replaying every sample at collection time, a cost that grows with
 * the scrape interval. Recording each sample as it happens spreads a ~1 µs cost evenly instead, and
 * the result is a real histogram that sums across processes. Both measure the same thing: the
 * lateness of a libuv timer.
 */
export class EventLoopDelaySampler {
  readonly #clock: SamplerClock;
  readonly #intervalMs: number;
  readonly #record: (delaySeconds: number) => void;
  #last = 0;
  #cancel: (() => void) | undefined;

  constructor(intervalMs: number, record: (delaySeconds: number) => void, clock: SamplerClock = REAL_CLOCK) {
    if (!(intervalMs >= 1)) throw new RangeError(`eventLoopSampleIntervalMs must be >= 1, got ${intervalMs}`);
    this.#intervalMs = intervalMs;
    this.#record = record;
    this.#clock = clock;
  }

  /** Starts sampling; calling it twice has no further effect. */
  start(): void {
    if (this.#cancel) return;
    this.#last = this.#clock.now();
    this.#cancel = this.#clock.every(this.#intervalMs, () => this.#tick());
  }

  /** Stops sampling. */
  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #tick(): void {
    const now = this.#clock.now();
    // Node reschedules an interval from when its callback ran, so the next tick is due one
    // interval after this one: lateness is what is left over.
    const delayMs = Math.max(0, now - this.#last - this.#intervalMs);
    this.#last = now;
    this.#record(delayMs / 1000);
  }
}
