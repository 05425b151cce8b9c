/** The attribute set of the series that collects everything past a cardinality limit. */
export const OVERFLOW_ATTRIBUTES = Object.freeze({ 'otel.metric.overflow': true });
