import { PRODUCTS } from './catalog.ts';
import type { Faults } from './incident.ts';

/** Options of {@link TrafficGenerator}. */
export interface TrafficOptions {
  /** Base URL of the shop, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** Shopping journeys started per second (each is 4-6 requests and ends in a checkout). Default 5. */
  readonly journeysPerSecond?: number;
  /** Journeys in flight at most; a slow shop then gets fewer, as with real users giving up. Default 100. */
  readonly maxInFlight?: number;
  /** Per-request timeout, ms. Default 10 000. */
  readonly timeoutMs?: number;
}

/** What the generator has seen so far. */
export interface TrafficStats {
  requests: number;
  /** Responses with status >= 500, and requests that got no response. */
  failures: number;
  checkouts: number;
  purchases: number;
}

/**
 * Plays customers against the shop: browse the catalogue, look at a product, sometimes sign up,
 * add to cart, check out, look at orders. Each journey uses its own cart id, so concurrent
 * journeys never empty each other's carts (which would turn into 4xx noise).
 */
export class TrafficGenerator {
  readonly stats: TrafficStats = { requests: 0, failures: 0, checkouts: 0, purchases: 0 };
  readonly #opts: Required<TrafficOptions>;
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #journeys = 0;
  #controller = new AbortController();

  constructor(opts: TrafficOptions) {
    this.#opts = { journeysPerSecond: 5, maxInFlight: 100, timeoutMs: 10_000, ...opts };
  }

  /** Starts journeys at the configured rate (ticks of 100 ms, so traffic is smooth in 1 s scrapes). */
  start(): void {
    if (this.#timer) return;
    this.#controller = new AbortController();
    let owed = 0;
    this.#timer = setInterval(() => {
      owed += this.#opts.journeysPerSecond / 10;
      for (; owed >= 1; owed--) {
        if (this.#inFlight.size >= this.#opts.maxInFlight) continue;
        const p = this.#journey().finally(() => this.#inFlight.delete(p));
        this.#inFlight.add(p);
      }
    }, 100);
  }

  /** Stops starting journeys, aborts those in flight and waits for them to settle. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#controller.abort();
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Tells the shop how bad to be (its loopback-only admin endpoint). */
  async setFaults(faults: Faults): Promise<void> {
    const res = await fetch(`${this.#opts.baseUrl}/admin/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`shop refused faults: HTTP ${res.status} ${await res.text()}`);
  }

  async #journey(): Promise<void> {
    const n = ++this.#journeys;
    const cart = `v${n}`;
    const product = PRODUCTS[n % PRODUCTS.length]!;
    try {
      await this.#call('GET', '/api/products');
      await this.#call('GET', `/api/products/${product.id}`);
      if (n % 10 === 0) await this.#call('POST', '/api/signup', { name: `visitor ${n}` });
      if (n % 3 === 0) await this.#call('GET', `/api/users/u${(n % 50) + 1}`);
      await this.#call('POST', `/api/cart/${cart}`, { productId: product.id, quantity: 1 + (n % 3) });
      this.stats.checkouts++;
      const status = await this.#call('POST', `/api/checkout/${cart}`);
      if (status === 201) this.stats.purchases++;
      if (n % 4 === 0) await this.#call('GET', `/api/orders/${cart}`);
    } catch {
      // Aborted on stop, or the shop is gone: counted in #call; nothing else to do.
    }
  }

  async #call(method: string, path: string, body?: unknown): Promise<number> {
    this.stats.requests++;
    try {
      const res = await fetch(this.#opts.baseUrl + path, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        signal: AbortSignal.any([this.#controller.signal, AbortSignal.timeout(this.#opts.timeoutMs)]),
      });
      await res.arrayBuffer();
      if (res.status >= 500) this.stats.failures++;
      return res.status;
    } catch (err) {
      this.stats.failures++;
      throw err;
    }
  }
}
