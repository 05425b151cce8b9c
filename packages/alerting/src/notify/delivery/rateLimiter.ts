import type { RateLimit } from '../types.ts';

/**
 * A token bucket per webhook: `perSecond` tokens a second, at most `burst` saved up. Slack
 * allows about one message per second per incoming webhook with short bursts; a 429 empties the
 * bucket until the server's Retry-After has passed.
 */
export class RateLimiter {
  readonly #rate: number;
  readonly #burst: number;
  #tokens: number;
  #at: number;
  #blockedUntil = 0;

  constructor(limit: RateLimit, now: number) {
    this.#rate = limit.perSecond / 1000;
    this.#burst = limit.burst;
    this.#tokens = limit.burst;
    this.#at = now;
  }

  /** Takes a token if one is free and returns 0, or how long to wait; `now` is monotonic ms (Clock.monotonic). */
  take(now: number): number {
    if (now < this.#blockedUntil) return this.#blockedUntil - now;
    this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#at) * this.#rate);
    this.#at = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - this.#tokens) / this.#rate);
  }

  /** The server said "not before `until`" (429 Retry-After): nothing is sent until then. */
  block(until: number): void {
    this.#blockedUntil = Math.max(this.#blockedUntil, until);
    this.#tokens = 0;
  }
}
