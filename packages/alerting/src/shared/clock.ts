import { performance } from 'node:perf_hooks';

/**
 * Time and timers behind one interface, so retry, rate limit and grouping run on a fake clock in
 * tests. Two times: `now` is the wall clock (epoch ms) for what people read and for absolute
 * times (silences, mute windows, the notification log across restarts); `monotonic` never steps
 * and is what every wait, deadline and rate limit measures, so an NTP step or `date -s` of an
 * hour neither holds a page for that hour nor fires it early.
 */
export interface Clock {
  /** Wall clock, epoch ms. */
  now(): number;
  /** Monotonic ms from an arbitrary origin (performance.now); only differences mean anything. */
  monotonic(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: Date.now, performance.now and setTimeout (libuv timers are monotonic). */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      const onAbort = () => {
        clearTimeout(t);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
