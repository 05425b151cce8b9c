import { ATTR, OVERFLOW_VALUE } from '@golden-signals/conventions';
import type { Instrument } from '@golden-signals/instrumentation';
import { AttributeGuard } from './attributeGuard.ts';
import { isEventName } from './eventName.ts';
import type { AttributeValue, BusinessMetricsOptions, TrackOptions, WarnOnce } from './types.ts';

type Series = ReturnType<Instrument['seriesFor']>;

/** ISO 4217 alphabetic codes: three letters. Lower case is accepted and upper-cased. */
const CURRENCY = /^[A-Za-z]{3}$/;

/** Attribute combinations whose series are cached (the rest take the slower, still bounded path). */
const MAX_ATTRIBUTE_CACHE = 1000;

/** Defaults of {@link BusinessMetricsOptions}. */
export const BUSINESS_DEFAULTS = {
  maxAttributeValues: 20,
  maxEventNames: 100,
  maxCurrencies: 20,
} as const;

/**
 * Records business events and revenue into the two conventions counters
 * (`business_events_total{event}`, `business_revenue_total{currency}`), guarding them against bad
 * input: invalid names and values are dropped, new names past the limit fold into `_overflow`, and
 * each kind of problem is reported once through `warn`. Nothing here throws on bad input.
 *
 * The common call (a known name, no attributes) is one map lookup and an addition: the series of
 * each valid name is cached (bench/business-metrics measures it).
 */
export class BusinessRecorder {
  private readonly events: Instrument;
  private readonly revenue: Instrument;
  private readonly warn: WarnOnce;
  private readonly maxEventNames: number;
  private readonly maxCurrencies: number;
  private readonly guard: AttributeGuard;
  /** Accepted event names (at most maxEventNames). */
  private readonly names = new Set<string>();
  /** Series without attributes of each accepted name: the hot path's one lookup. */
  private readonly byName = new Map<string, Series>();
  /** Revenue series by currency as given (`usd` and `USD` share one series). */
  private readonly byCurrency = new Map<string, Series>();
  private readonly currencies = new Set<string>();
  private readonly byAttributes = new Map<string, Series>();

  constructor(events: Instrument, revenue: Instrument, warn: WarnOnce, options: BusinessMetricsOptions = {}) {
    this.events = events;
    this.revenue = revenue;
    this.warn = warn;
    this.maxEventNames = positive(options.maxEventNames, BUSINESS_DEFAULTS.maxEventNames);
    this.maxCurrencies = positive(options.maxCurrencies, BUSINESS_DEFAULTS.maxCurrencies);
    const maxValues = positive(options.maxAttributeValues, BUSINESS_DEFAULTS.maxAttributeValues);
    this.guard = new AttributeGuard(options.attributes ?? [], maxValues, warn, [ATTR.ERROR_TYPE]);
  }

  /** Counts one `name` event, and its revenue when `options.value` is given. */
  record(name: string, options?: TrackOptions): void {
    if (options?.attributes) {
      const series = this.seriesWithAttributes(name, options.attributes);
      if (series) this.events.add(series, 1);
    } else {
      const series = this.byName.get(name) ?? this.seriesOf(name);
      if (series) this.events.add(series, 1);
    }
    if (options && options.value !== undefined) this.addRevenue(name, options.value, options.currency);
  }

  /** Counts a failed action as `<name>_failed` with its `error.type` (bounded like any attribute). */
  recordFailure(name: string, errorType: string): void {
    const attributes: Record<string, AttributeValue> = { [ATTR.ERROR_TYPE]: errorType };
    this.record(name, { attributes });
  }

  /**
   * Creates the series of `names` (and the revenue series of `currencies`) at 0, so that the first
   * real event is an increase Prometheus' rate() can see, and funnel rules read 0 rather than
   * nothing before the first event.
   */
  declare(names: readonly string[], currencies: readonly string[] = []): void {
    for (const name of names) {
      const series = this.byName.get(name) ?? this.seriesOf(name);
      if (series) this.events.add(series, 0);
    }
    for (const currency of currencies) {
      const series = this.currencySeries(currency);
      if (series) this.revenue.add(series, 0);
    }
  }

  private addRevenue(name: string, value: unknown, currency: string | undefined): void {
    if (typeof value !== 'number' || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
      this.warn(
        'business:value',
        `business event '${name}' has value ${String(value)}; revenue must be a finite number >= 0, so it is dropped (the event still counts)`,
      );
      return;
    }
    if (currency === undefined || currency === '') {
      this.warn(
        'business:currency-missing',
        `business event '${name}' has a value but no currency; its revenue is dropped (the event still counts)`,
      );
      return;
    }
    const series = this.byCurrency.get(currency) ?? this.currencySeries(currency);
    if (series) this.revenue.add(series, value);
  }

  private currencySeries(currency: string): Series | undefined {
    if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
      this.warn(
        'business:currency-invalid',
        `currency ${JSON.stringify(currency)} is not an ISO 4217 code like USD; its revenue is dropped`,
      );
      return undefined;
    }
    const code = currency.toUpperCase();
    if (!this.currencies.has(code)) {
      if (this.currencies.size >= this.maxCurrencies) {
        this.warn(
          'business:currency-limit',
          `more than ${this.maxCurrencies} currencies; revenue in ${code} and any further new currency is dropped`,
        );
        return undefined;
      }
      this.currencies.add(code);
    }
    const series = this.revenue.seriesFor([code]);
    this.byCurrency.set(currency, series);
    return series;
  }

  /**
   * The series of `name` with `attributes`. Cached by the raw input: the guard's answer for a given
   * input never changes (allowed values stay allowed, a full key stays full), and the cache stops
   * growing at MAX_ATTRIBUTE_CACHE entries so that 10,000 distinct inputs cannot grow it.
   */
  private seriesWithAttributes(
    name: string,
    attributes: Record<string, AttributeValue | undefined>,
  ): Series | undefined {
    let key = name;
    for (const k in attributes) key += `\u0000${k}\u0001${String(attributes[k])}`;
    const cached = this.byAttributes.get(key);
    if (cached) return cached;
    const event = this.accept(name);
    if (!event) return undefined;
    const series = this.events.seriesForAttributes({
      ...this.guard.clean(attributes),
      [ATTR.BUSINESS_EVENT]: event,
    });
    if (this.byAttributes.size < MAX_ATTRIBUTE_CACHE && event !== OVERFLOW_VALUE)
      this.byAttributes.set(key, series);
    return series;
  }

  /** Validates a name not seen yet; caches its series when it is accepted under its own name. */
  private seriesOf(name: string): Series | undefined {
    const event = this.accept(name);
    if (!event) return undefined;
    const series = this.events.seriesFor([event]);
    // Overflowing names are not cached: 10,000 distinct names must not grow this map.
    if (event !== OVERFLOW_VALUE) this.byName.set(name, series);
    return series;
  }

  /** The event label for `name`: itself, `_overflow` past the limit, or undefined when invalid. */
  private accept(name: string): string | undefined {
    if (this.names.has(name)) return name;
    if (!isEventName(name)) {
      this.warn(
        'business:event-name',
        `business event name ${JSON.stringify(String(name)).slice(0, 80)} is invalid (expected [a-z][a-z0-9_]*, at most 64 characters); such events are dropped`,
      );
      return undefined;
    }
    if (this.names.size >= this.maxEventNames) {
      this.warn(
        'business:event-limit',
        `more than ${this.maxEventNames} distinct business event names; '${name}' and further new names are counted as ${OVERFLOW_VALUE}`,
      );
      return OVERFLOW_VALUE;
    }
    this.names.add(name);
    return name;
  }
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback;
}
