/**
 * Names of the business recording rules that @golden-signals/business-metrics generates from a
 * funnel spec into deploy/prometheus/rules/business.yml, following Prometheus'
 * `level:metric:operations` convention (https://prometheus.io/docs/practices/rules/).
 *
 * Every family is recorded over each window of {@link BUSINESS_RULE_WINDOWS}; the suffix is the
 * window (`...:ratio_rate5m`, `...:ratio_rate1h`, `...:ratio_rate1d`). Funnels and steps are user
 * data, so they are labels (`funnel`, `from_step`, `to_step`), not parts of the name: dashboards
 * and the alerting engine import these names and select by label.
 *
 * Levels: `service` aggregates by `service_name`; `service_event` adds `event`; `service_currency`
 * adds `currency`; `service_funnel` adds `funnel`, `from_step` and `to_step`.
 */

/** The windows every business family is recorded over: now, this hour, today. */
export const BUSINESS_RULE_WINDOWS = ['5m', '1h', '1d'] as const;

/** One of {@link BUSINESS_RULE_WINDOWS}. */
export type BusinessRuleWindow = (typeof BUSINESS_RULE_WINDOWS)[number];

/** `{ '5m': '<prefix>5m', '1h': '<prefix>1h', '1d': '<prefix>1d' }`, typed to the literal names. */
function perWindow<P extends string>(prefix: P): { readonly [W in BusinessRuleWindow]: `${P}${W}` } {
  return { '5m': `${prefix}5m`, '1h': `${prefix}1h`, '1d': `${prefix}1d` };
}

/** Labels the business recording rules add (besides `service_name`, `event` and `currency`). */
export const BUSINESS_RULE_LABELS = {
  /** The funnel's name from the spec, e.g. `shop`. */
  FUNNEL: 'funnel',
  /** The earlier step (event) of a conversion or abandonment. */
  FROM_STEP: 'from_step',
  /** The later step (event) of a conversion or abandonment. */
  TO_STEP: 'to_step',
} as const;

/** Business recording rule names, per window. Ratios are 0..1; rates are per second. */
export const BUSINESS_RULES = {
  /** Events per second by service and event (the seed's signup_rate and purchase_rate are `event="signup"`/`"purchase"`). */
  EVENT_RATE: perWindow('service_event:business_events:rate'),
  /** Conversion between consecutive funnel steps, 0..1: `to_step` events per `from_step` event. */
  STEP_CONVERSION: perWindow('service_funnel:business_step_conversion:ratio_rate'),
  /** Conversion from a funnel's first step to its last, 0..1. */
  FUNNEL_CONVERSION: perWindow('service_funnel:business_funnel_conversion:ratio_rate'),
  /** Abandonment, 0..1: 1 - `to_step`/`from_step` (cart abandonment is add_to_cart -> purchase). */
  ABANDONMENT: perWindow('service_funnel:business_abandonment:ratio_rate'),
  /** Revenue per second by service and currency (major units, e.g. USD). */
  REVENUE_RATE: perWindow('service_currency:business_revenue:rate'),
  /** Average order value: revenue per purchase event, by service and currency. */
  AVERAGE_ORDER_VALUE: perWindow('service_currency:business_order_value:avg_rate'),
  /** Failed requests per second on the checkout route(s), by service (0 when none failed). */
  CHECKOUT_ERROR_RATE: perWindow('service:business_checkout_errors:rate'),
  /**
   * Revenue at risk per second, by service and currency: failed checkout requests per second times
   * the average order value over the last day (a day, so that the value is still known when a
   * broken checkout has stopped purchases altogether). The alerting engine raises severity on it.
   */
  REVENUE_AT_RISK: perWindow('service_currency:business_revenue_at_risk:rate'),
} as const;

/** Any business recording rule name. */
export type BusinessRuleName = {
  [F in keyof typeof BUSINESS_RULES]: (typeof BUSINESS_RULES)[F][BusinessRuleWindow];
}[keyof typeof BUSINESS_RULES];
