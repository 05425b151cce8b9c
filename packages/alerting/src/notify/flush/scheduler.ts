import type { Clock } from '../../shared/clock.ts';
import type { NotifyLogger } from '../types.ts';

/** What the scheduler asks of the runner it drives. */
export interface SchedulerHooks {
  /** How long until anything may change (group flushes, silences starting or ending), in ms. */
  nextDelays(): Array<number | undefined>;
  /** Runs as the timer fires, before the flush is queued. */
  woke(): void;
  /** The step the timer queues. */
  flush(): Promise<void>;
}

/**
 * The pipeline's serial lock and its one timer: every step (a cycle's alerts, a flush, a silence
 * change) runs after the previous one finished, so a flush never sees half an update; the timer
 * wakes at the earliest next change between evaluation cycles.
 */
export class FlushScheduler {
  readonly #clock: Clock;
  readonly #log: NotifyLogger;
  readonly #hooks: SchedulerHooks;
  #lock: Promise<void> = Promise.resolve();
  #wake: AbortController | undefined;
  #closed = false;

  constructor(clock: Clock, log: NotifyLogger, hooks: SchedulerHooks) {
    this.#clock = clock;
    this.#log = log;
    this.#hooks = hooks;
  }

  /** True once {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Runs `fn` after every step queued before it; a failure is logged, never thrown. */
  serial(fn: () => Promise<void>): Promise<void> {
    const run = this.#lock.then(fn).catch((err: Error) => {
      this.#log.error('notification pipeline step failed', { error: err.message });
    });
    this.#lock = run;
    return run;
  }

  /** Resolves when no step is running or queued. */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.#lock) {
      seen = this.#lock;
      await seen;
    }
  }

  /** Stops the timer; queued steps still run. */
  close(): void {
    this.#closed = true;
    this.#wake?.abort();
  }

  /** (Re)arms the timer for the earliest next change. */
  schedule(): void {
    this.#wake?.abort();
    if (this.#closed) return;
    const delays = this.#hooks.nextDelays().filter((x): x is number => x !== undefined);
    if (!delays.length) return;
    const wake = new AbortController();
    this.#wake = wake;
    this.#clock.sleep(Math.max(0, Math.min(...delays)), wake.signal).then(
      () => {
        if (this.#wake !== wake) return;
        this.#hooks.woke();
        void this.serial(() => this.#hooks.flush());
      },
      () => {},
    );
  }
}
