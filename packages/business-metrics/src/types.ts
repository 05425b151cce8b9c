/** A label value: what an allow-listed attribute may carry. */
export type AttributeValue = string | number | boolean;

/** Options of {@link trackEvent}. */
export interface TrackOptions {
  /**
   * Money this event brought, in the currency's major unit (12.5 for 12.50 USD). Added to
   * `business_revenue_total{currency}`; needs `currency`. Negative or NaN values are dropped (the
   * event still counts) with one warning.
   */
  value?: number;
  /** ISO 4217 code (`USD`, `eur` is upper-cased). Required with `value`. */
  currency?: string;
  /**
   * Extra labels for `business_events_total`. Only keys allow-listed with
   * {@link configureBusinessMetrics} are kept; each key keeps at most `maxAttributeValues`
   * distinct values, later ones read `_overflow`. Never pass user or order ids.
   */
  attributes?: Record<string, AttributeValue | undefined>;
}

/** Options of {@link configureBusinessMetrics}; each has a safe default. */
export interface BusinessMetricsOptions {
  /**
   * Attribute keys allowed as labels on business events (default none). Keys that look like
   * identifiers (`user_id`, `orderId`, `email`, `session`...) are refused with a warning: one label
   * value per customer would mean one series per customer.
   */
  attributes?: readonly string[];
  /** Distinct values kept per attribute key before the rest read `_overflow` (default 20). */
  maxAttributeValues?: number;
  /** Distinct event names before new ones are counted as `_overflow` (default 100). */
  maxEventNames?: number;
  /** Distinct currencies before new ones are dropped (default 20). */
  maxCurrencies?: number;
}

/** What {@link BusinessRecorder} needs to tell someone, once per kind of problem. */
export type WarnOnce = (key: string, message: string) => void;
