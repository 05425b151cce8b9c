/**
 * A funnel spec: which business events exist, the funnels through them, and where revenue and
 * checkout errors come from. Written in YAML (deploy/business/funnels.yml) or in TypeScript with
 * {@link defineFunnels}; both shapes are the same, with snake_case keys like Prometheus files.
 */
export interface FunnelSpec {
  /**
   * Every event a funnel may name. Default: the standard events (page_view, signup, add_to_cart,
   * checkout, purchase). A step outside this list is a typo until it is declared here.
   */
  readonly events: readonly string[];
  readonly funnels: readonly Funnel[];
  /** Revenue rate, average order value and revenue at risk; omitted: no revenue rules. */
  readonly revenue?: RevenueSpec;
  /** Evaluation interval of the generated groups (e.g. `15s`); omitted: Prometheus' global one. */
  readonly interval?: string;
}

/** One funnel: steps in order; each step's conversion is measured against the previous one. */
export interface Funnel {
  /** `[a-z][a-z0-9_]*`, unique; the `funnel` label of its rules. */
  readonly name: string;
  /** Two or more distinct events, in the order customers pass them. */
  readonly steps: readonly string[];
  /** Abandonment to record: 1 - `to`/`from` (cart abandonment: add_to_cart -> purchase). */
  readonly abandonment?: { readonly from: string; readonly to: string };
}

/** Where money and checkout failures are measured. */
export interface RevenueSpec {
  /** The event that carries an order's revenue (default `purchase`). */
  readonly purchase_event: string;
  /**
   * The `http_route` of checkout requests, as a Prometheus regular expression (fully anchored),
   * e.g. `/checkout` or `/api/checkout|/api/orders`. Its failed requests put revenue at risk.
   */
  readonly checkout_route: string;
}

/** What {@link defineFunnels} accepts: defaults may be left out. */
export interface FunnelSpecInput {
  events?: readonly string[];
  funnels: ReadonlyArray<{
    name: string;
    steps: readonly string[];
    abandonment?: { from: string; to: string };
  }>;
  revenue?: { purchase_event?: string; checkout_route: string };
  interval?: string;
}
