import type { InstrumentKind } from '@golden-signals/conventions';
import type { Attributes } from '@opentelemetry/api';
import { OVERFLOW_ATTRIBUTES } from './overflow.ts';
import { attributesKey, newSeries, type Series } from './series.ts';

/** What an instrument is, independent of how it was created (conventions spec or OTel API). */
export interface InstrumentDescriptor {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly kind: InstrumentKind;
  /** True for counters whose value only grows (exported with `_total`). */
  readonly monotonic: boolean;
  readonly boundaries?: readonly number[];
  /** Attribute keys in order, for the positional fast path. */
  readonly attributeKeys: readonly string[];
}

/**
 * A lean aggregator for one instrument: a map from attribute set to series, cumulative
 * temporality, with a cardinality limit. Recording is a map lookup and a few additions,
 * which is what keeps the per-request cost within budget (see docs/PERFORMANCE.md).
 */
export class Instrument {
  readonly descriptor: InstrumentDescriptor;
  readonly series = new Map<string, Series>();
  readonly startTime: number;
  private readonly limit: number;
  private overflowed = false;
  /** Observable instruments hold only what their callbacks observed at the last collection. */
  observable = false;
  /** Called once when the cardinality limit is first reached. */
  onOverflow?: (name: string, limit: number) => void;

  constructor(descriptor: InstrumentDescriptor, limit: number, startTime: number) {
    this.descriptor = descriptor;
    this.limit = limit;
    this.startTime = startTime;
  }

  /** Fast path: attribute values in `attributeKeys` order; '' leaves an attribute out. */
  seriesFor(values: readonly string[]): Series {
    const key = values.join('\u0000');
    const found = this.series.get(key);
    if (found) return found;
    const attributes: Record<string, string> = {};
    const keys = this.descriptor.attributeKeys;
    for (let i = 0; i < keys.length; i++) {
      const v = values[i];
      if (v) attributes[keys[i]!] = v;
    }
    return this.create(key, attributes);
  }

  /** OpenTelemetry API path: any attribute object. */
  seriesForAttributes(attributes: Attributes | undefined): Series {
    const key = attributesKey(attributes);
    return this.series.get(key) ?? this.create(key, { ...attributes });
  }

  /** Adds to a counter or up-down counter. */
  add(series: Series, value: number): void {
    series.value += value;
  }

  /** Records one observation into a histogram series. */
  observe(series: Series, value: number): void {
    const b = this.descriptor.boundaries!;
    let i = 0;
    while (i < b.length && value > b[i]!) i++;
    series.counts![i]!++;
    series.value += value;
    series.count++;
    if (value < series.min) series.min = value;
    if (value > series.max) series.max = value;
  }

  /** Drops every series (observable instruments start each collection afresh). */
  clear(): void {
    this.series.clear();
  }

  private create(key: string, attributes: Attributes): Series {
    if (this.series.size >= this.limit - 1) {
      // Past the limit every new attribute set shares one overflow series, as the
      // OpenTelemetry metrics SDK spec prescribes (attribute otel.metric.overflow=true);
      // the overflow series counts towards the limit.
      if (!this.overflowed) {
        this.overflowed = true;
        this.onOverflow?.(this.descriptor.name, this.limit);
      }
      const ov = this.series.get('\u0002overflow');
      if (ov) return ov;
      key = '\u0002overflow';
      attributes = OVERFLOW_ATTRIBUTES;
    }
    const s = newSeries(attributes, this.descriptor.boundaries?.length);
    this.series.set(key, s);
    return s;
  }
}
