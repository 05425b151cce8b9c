import { OVERFLOW_VALUE } from '@golden-signals/conventions';
import type { AttributeValue, WarnOnce } from './types.ts';

/**
 * Keys that name one customer, order or session. One label value per customer is one series per
 * customer: unbounded memory in the app and in Prometheus. They are refused even when allow-listed.
 */
const IDENTIFIER_KEY = /(^|[._-])(ids?|uuid|guid|email|session|token|phone|ip|user|customer|order)$/i;
/** The camelCase spellings (`userId`, `orderID`), case-sensitive so that `paid` stays allowed. */
const IDENTIFIER_KEY_CAMEL = /[a-z](Id|ID|Ids|IDs|Uuid|Email)$/;

/** Keys the recorder sets itself, so an attribute may not override them. */
const RESERVED_KEYS = new Set(['event', 'service_name', 'service.name', 'currency']);

/** Longest attribute value kept; longer ones are free text, not a category. */
const MAX_VALUE_LENGTH = 100;

/**
 * Filters event attributes down to an allow-list, with a limit of distinct values per key: past
 * the limit a value reads `_overflow` (the value the route normaliser uses too), so a key fed with
 * 10,000 distinct values costs at most `maxValues + 1` series per event.
 */
export class AttributeGuard {
  private readonly allowed = new Map<string, Set<string>>();
  private readonly maxValues: number;
  private readonly warn: WarnOnce;

  /** `internal` keys are always allowed (the recorder's own, like `error.type`). */
  constructor(keys: readonly string[], maxValues: number, warn: WarnOnce, internal: readonly string[] = []) {
    this.maxValues = maxValues;
    this.warn = warn;
    for (const key of internal) this.allowed.set(key, new Set());
    for (const key of keys) {
      if (typeof key !== 'string' || key.length === 0 || key.length > 64) {
        warn(
          'business:attribute-key',
          `business attribute key ${JSON.stringify(key)} is not a short string; ignored`,
        );
      } else if (RESERVED_KEYS.has(key)) {
        warn(`business:reserved:${key}`, `business attribute key '${key}' is reserved; ignored`);
      } else if (IDENTIFIER_KEY.test(key) || IDENTIFIER_KEY_CAMEL.test(key)) {
        warn(
          `business:identifier:${key}`,
          `business attribute key '${key}' looks like an identifier; ids never become labels (one series per customer), so it is ignored`,
        );
      } else {
        this.allowed.set(key, new Set());
      }
    }
  }

  /** The allow-listed, bounded attributes of `attributes` (an empty object when none survive). */
  clean(attributes: Record<string, AttributeValue | undefined>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const key of Object.keys(attributes)) {
      const raw = attributes[key];
      if (raw === undefined) continue;
      const seen = this.allowed.get(key);
      if (!seen) {
        this.warn(
          'business:attribute-not-allowed',
          `business attribute '${key}' is not allow-listed (configureBusinessMetrics({ attributes })); it and other unlisted keys are dropped`,
        );
        continue;
      }
      out[key] = this.bound(key, seen, raw);
    }
    return out;
  }

  private bound(key: string, seen: Set<string>, raw: AttributeValue): string {
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
      this.warn(
        'business:attribute-type',
        `business attribute '${key}' has a ${typeof raw} value; counted as ${OVERFLOW_VALUE}`,
      );
      return OVERFLOW_VALUE;
    }
    const value = String(raw);
    if (seen.has(value)) return value;
    if (value.length > MAX_VALUE_LENGTH) {
      this.warn(
        'business:attribute-long',
        `business attribute '${key}' has a value over ${MAX_VALUE_LENGTH} characters; counted as ${OVERFLOW_VALUE}`,
      );
      return OVERFLOW_VALUE;
    }
    if (seen.size >= this.maxValues) {
      this.warn(
        `business:attribute-overflow:${key}`,
        `business attribute '${key}' reached ${this.maxValues} distinct values; new values are counted as ${OVERFLOW_VALUE}`,
      );
      return OVERFLOW_VALUE;
    }
    seen.add(value);
    return value;
  }
}
