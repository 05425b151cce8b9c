import { setTimeout as sleep } from 'node:timers/promises';
import { measure } from '@golden-signals/instrumentation';
import type { Faults } from './incident.ts';

/** A payment the gateway refused or timed out on; its class name becomes `error_type`. */
export class PaymentGatewayError extends Error {
  override readonly name = 'PaymentGatewayError';
}

/**
 * Stands in for the shop's database and payment gateway: every call waits like a network round
 * trip would and is timed with `measure()`, so `operation_duration_seconds` shows the seed's
 * "DB call" next to the HTTP signals. The payment call obeys the injected {@link Faults}.
 */
export class FakeDb {
  #faults: Faults;
  readonly #random: () => number;

  constructor(faults: Faults, random: () => number = Math.random) {
    this.#faults = faults;
    this.#random = random;
  }

  get faults(): Faults {
    return this.#faults;
  }

  set faults(f: Faults) {
    this.#faults = f;
  }

  /** A read or write of `name` (e.g. `db.products.find`) taking 2-8 ms, returning `fn()`. */
  query<T>(name: string, fn: () => T): Promise<T> {
    return measure(name, async () => {
      await sleep(2 + this.#random() * 6);
      return fn();
    });
  }

  /** Charges a card: ~30 ms normally; slower and failing as the faults say. */
  charge(amount: number): Promise<{ readonly id: string; readonly amount: number }> {
    const { latencyMs, errorRatio } = this.#faults;
    return measure('payments.charge', async () => {
      const jitter = 0.75 + this.#random() * 0.5;
      await sleep((20 + this.#random() * 20 + latencyMs) * jitter);
      if (this.#random() < errorRatio) throw new PaymentGatewayError('payment gateway timed out');
      return { id: `ch_${Date.now().toString(36)}`, amount };
    });
  }
}
