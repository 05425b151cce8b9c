/**
 * Field settings shared by the panel builders: what a panel shows when its query has no series,
 * and the currency unit of revenue panels.
 */

/**
 * True when the queries count events (a rate or increase of a counter) and nothing else: such a
 * counter has no series until its first event, so "no data" there means zero, not "unknown".
 * Quantiles and ratios stay "no data": without traffic they are undefined, not 0.
 */
export function countsEvents(exprs: readonly string[]): boolean {
  return (
    exprs.length > 0 &&
    exprs.every(
      (e) => /\b(rate|increase)\([^()]*?(_total|_count)\b/.test(e) && !/histogram_quantile|\s\/\s/.test(e),
    )
  );
}

/** Grafana's unit ids for the ISO 4217 codes it knows; other codes fall back to a plain number. */
const CURRENCIES = [
  'USD',
  'EUR',
  'GBP',
  'JPY',
  'CHF',
  'SEK',
  'NOK',
  'DKK',
  'PLN',
  'CZK',
  'INR',
  'BRL',
  'ZAR',
  'KRW',
  'TRY',
  'ILS',
];

/** The pseudo-unit panel builders accept for amounts of money, one series per `currency` label. */
export const CURRENCY = 'currency';

/**
 * For a `currency` panel: each series whose name carries a currency code (the legend holds
 * `{{currency}}`) gets that currency's unit; codes are matched case-insensitively, since the
 * recorder keeps them as given.
 */
export function currencyOverrides(): Array<{
  matcher: { id: string; options: string };
  properties: Array<{ id: string; value: string }>;
}> {
  return CURRENCIES.map((code) => ({
    matcher: { id: 'byRegexp', options: `/(^|\\W)${code}(\\W|$)/i` },
    properties: [{ id: 'unit', value: `currency${code}` }],
  }));
}
