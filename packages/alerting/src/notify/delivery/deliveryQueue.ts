import type { Clock } from '../../shared/clock.ts';
import type { Outbox, OutboxEntry } from '../stores/outbox.ts';
import type { DeliveryResult, Integration, NotifyLogger } from '../types.ts';
import type { RateLimiter } from './rateLimiter.ts';
import { backoffMs } from './retryPolicy.ts';

/** How one queue reports what happened (metrics, recent log, notification log). */
export interface DeliveryEvents {
  sent(e: OutboxEntry): void;
  failed(e: OutboxEntry, reason: string): void;
  retry(e: OutboxEntry, reason: string): void;
}

/** What a {@link DeliveryQueue} sends through, and how hard it tries. */
export interface DeliveryQueueOptions {
  readonly integration: Integration;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly outbox: Outbox;
  readonly log: NotifyLogger;
  readonly events: DeliveryEvents;
  readonly retryDeadlineMs: number;
  readonly timeoutMs: number;
  readonly random?: () => number;
}

/**
 * Sends the notifications of one integration in order, one at a time: waits for the rate
 * limiter, honours 429 Retry-After, retries 5xx and network errors with backoff and jitter until
 * the deadline, and gives up at once on answers a retry cannot fix (4xx). In-order and
 * head-of-line blocking on purpose: a resolve must not overtake its page, and when the endpoint
 * is down or rate-limiting there is nothing to gain from sending something else meanwhile.
 */
export class DeliveryQueue {
  readonly #o: DeliveryQueueOptions;
  readonly #queue: OutboxEntry[] = [];
  readonly #stop = new AbortController();
  #running: Promise<void> | undefined;
  #idle: Array<() => void> = [];

  constructor(o: DeliveryQueueOptions) {
    this.#o = o;
  }

  get depth(): number {
    return this.#queue.length;
  }

  /** Queues an entry that is already in the outbox. */
  push(e: OutboxEntry): void {
    this.#queue.push(e);
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
      for (const f of this.#idle.splice(0)) f();
    });
  }

  /** Resolves when the queue is empty (or closed). */
  drained(): Promise<void> {
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops sending; what is left stays in the outbox for the next start. */
  async close(): Promise<void> {
    this.#stop.abort(new Error('notifier closed'));
    await this.#running;
  }

  async #run(): Promise<void> {
    while (this.#queue.length && !this.#stop.signal.aborted) {
      const e = this.#queue[0] as OutboxEntry;
      try {
        await this.#deliver(e);
      } catch {
        return; // aborted by close(): the entry stays in the outbox
      }
      this.#queue.shift();
      await this.#o.outbox.remove(e);
    }
  }

  /** Resolves when `e` was delivered or given up; throws only when the queue is closed. */
  async #deliver(queued: OutboxEntry): Promise<void> {
    const { clock, limiter, integration, events, log } = this.#o;
    let e = queued;
    const signal = this.#stop.signal;
    // Monotonic: a wall-clock step must not give up a retry early or stretch the deadline.
    const started = clock.monotonic();
    let attempt = 0;
    for (;;) {
      let wait = limiter.take(clock.monotonic());
      while (wait > 0) {
        await clock.sleep(wait, signal);
        wait = limiter.take(clock.monotonic());
      }
      attempt++;
      const result = await this.#attempt(e);
      if (signal.aborted) throw signal.reason;
      if (result.ok) return events.sent(e);
      if (!result.retryable) {
        log.error('notification rejected; not retrying', {
          receiver: e.notification.receiver,
          integration: integration.kind,
          target: integration.safeTarget,
          reason: result.reason,
          kind: e.notification.kind,
        });
        return events.failed(e, result.reason);
      }
      const delay = result.retryAfterMs ?? backoffMs(attempt, this.#o.random);
      if (result.retryAfterMs !== undefined) limiter.block(clock.monotonic() + delay);
      if (clock.monotonic() + delay - started > this.#o.retryDeadlineMs) {
        log.error('notification not delivered before the retry deadline; giving up', {
          receiver: e.notification.receiver,
          integration: integration.kind,
          target: integration.safeTarget,
          reason: result.reason,
          attempts: attempt,
        });
        return events.failed(e, 'deadline');
      }
      events.retry(e, result.reason);
      // The receiver may have shown the post it never answered: the resend says "(repeat)".
      if (unknownOutcome(result.reason) && !e.notification.repeat)
        e = { ...e, notification: { ...e.notification, repeat: true } };
      if (result.retryAfterMs === undefined) await clock.sleep(delay, signal);
    }
  }

  async #attempt(e: OutboxEntry): Promise<DeliveryResult> {
    const timeout = AbortSignal.timeout(this.#o.timeoutMs);
    const signal = AbortSignal.any([this.#stop.signal, timeout]);
    try {
      await this.#o.outbox.markSending(e);
      const result = await this.#o.integration.send(e.notification, signal);
      // The server answered "not posted": a resend after a crash is then no repeat, and on-call
      // must not read "(repeat)" on a page they never saw. Only an unknown outcome keeps the mark.
      if (!result.ok && !unknownOutcome(result.reason)) await this.#o.outbox.clearSending(e);
      return result;
    } catch (err) {
      // Integrations should not throw, but a bug in one must not stall the queue forever.
      const reason = timeout.aborted ? 'timeout' : 'network';
      this.#o.log.warn('delivery attempt threw', { reason, error: (err as Error).message });
      return { ok: false, retryable: true, reason };
    }
  }
}

/**
 * Timeouts and network errors after the request may have left: the message may have reached
 * the receiver. A refused connection never carried it.
 */
function unknownOutcome(reason: string): boolean {
  return reason === 'timeout' || (reason.startsWith('network') && reason !== 'network_ECONNREFUSED');
}
