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

/** One level of {@link Instrument}'s positional index: the next value's level, or the series. */
type IndexNode = Map<string, IndexNode | Series>;

/**
 * A lean aggregator for one instrument: a map from attribute set to series, cumulative
 * temporality, with a cardinality limit. Recording is a map lookup and a few additions,
 * which is what keeps the per-request cost within budget (see docs/PERFORMANCE.md).
 */
export class Instrument {
  readonly descriptor: InstrumentDescriptor;
  readonly series = new Map<string, Series>();
  /**
   * Series by their positional values, one map level per attribute. Only series of their own are
   * indexed, never the overflow series: past the limit, new attribute sets add nothing here.
   */
  private readonly index: IndexNode[] = []; // one tree per number of values given
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

  /**
   * Fast path: attribute values in `attributeKeys` order; '' leaves an attribute out. A known
   * series is found through {@link index} one value at a time, so a request builds no key string:
   * its values are the same string objects each time (methods, status texts, the route the
   * normaliser already hashed), and V8 keeps a string's hash, so each step is a cached lookup.
   */
  seriesFor(values: readonly string[]): Series {
    let node = this.index[values.length];
    if (node === undefined) return this.lookup(values);
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      const next = node.get(values[i]!);
      if (next === undefined) return this.lookup(values);
      node = next as IndexNode;
    }
    return (node.get(values[last] ?? '') as Series | undefined) ?? this.lookup(values);
  }

  private lookup(values: readonly string[]): Series {
    const key = values.join('\u0000');
    let s = this.series.get(key);
    if (!s) {
      const attributes: Record<string, string> = {};
      const keys = this.descriptor.attributeKeys;
      for (let i = 0; i < keys.length; i++) {
        const v = values[i];
        if (v) attributes[keys[i]!] = v;
      }
      s = this.create(key, attributes);
    }
    if (s.attributes !== OVERFLOW_ATTRIBUTES) this.indexSeries(values, s);
    return s;
  }

  private indexSeries(values: readonly string[], s: Series): void {
    let node = this.index[values.length];
    if (node === undefined) {
      node = new Map();
      this.index[values.length] = node;
    }
    const last = values.length - 1;
    for (let i = 0; i < last; i++) {
      let next = node.get(values[i]!) as IndexNode | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(values[i]!, next);
      }
      node = next;
    }
    node.set(values[last] ?? '', s);
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

  /** Drops every series. */
  clear(): void {
    this.series.clear();
    this.index.length = 0;
  }

  /** Collections of an observable instrument so far; a series remembers the last that saw it. */
  private collection = 0;
  private readonly observedIn = new WeakMap<Series, number>();

  /** Starts a collection of an observable instrument (see {@link endCollection}). */
  beginCollection(): void {
    this.collection++;
  }

  /** An observable's series as its callback observes it in this collection. */
  observed(attributes: Attributes | undefined): Series {
    const s = this.seriesForAttributes(attributes);
    this.observedIn.set(s, this.collection);
    return s;
  }

  /**
   * Drops the series that no callback observed in this collection. Series observed again are
   * kept, with their label text: clearing them all made every collection allocate each of them
   * (and its text) anew, and what lives from one scrape to the next survives the young
   * generation, which V8 then grows (docs/performance/instrumentation.md).
   */
  endCollection(): void {
    let dropped = false;
    for (const [key, s] of this.series)
      if (this.observedIn.get(s) !== this.collection) {
        this.series.delete(key);
        dropped = true;
      }
    if (dropped) this.index.length = 0;
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
