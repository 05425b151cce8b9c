import type { InstrumentKind } from '@golden-signals/conventions';
import type {
  Attributes,
  BatchObservableCallback,
  BatchObservableResult,
  Counter,
  Gauge,
  Histogram,
  Meter,
  MeterProvider,
  MetricOptions,
  Observable,
  ObservableCallback,
  ObservableResult,
  UpDownCounter,
} from '@opentelemetry/api';
import { type Instrument, Instrument as InstrumentClass } from './instrument.ts';
import type { Registry } from './registry.ts';
import { newSeries, type Series } from './series.ts';

/**
 * The OpenTelemetry metrics API served by the lean registry, so that host metrics, business
 * metrics and the app's own `metrics.getMeter()` instruments are exported with ours without
 * loading the SDK at startup. Views, exemplars and exponential histograms are not supported;
 * histograms use the `advice.explicitBucketBoundaries` or the SDK's default boundaries.
 */
export class RegistryMeterProvider implements MeterProvider {
  private readonly registry: Registry;
  private readonly onClash: ClashHandler;
  private readonly meters = new Map<string, RegistryMeter>();
  constructor(registry: Registry, onClash: ClashHandler = () => {}) {
    this.registry = registry;
    this.onClash = onClash;
  }
  getMeter(name = ''): Meter {
    // One namespace: Prometheus has no instrumentation scope, and names are unique by convention.
    // Our own packages' meters may use golden-signals' names; nobody else's may.
    let meter = this.meters.get(name);
    if (!meter) {
      const ours = name.startsWith('@golden-signals/');
      meter = new RegistryMeter(this.registry, ours, (n, why) => this.onClash(n, why, name));
      if (this.meters.size < 100) this.meters.set(name, meter);
    }
    return meter;
  }
}

/** Told once per name when an app instrument cannot have the name it asked for. */
export type ClashHandler = (name: string, why: string, meter: string) => void;

/** Default explicit boundaries of the OpenTelemetry SDK, for histograms with no advice. */
const SDK_DEFAULT_BOUNDARIES = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

class RegistryMeter implements Meter {
  private readonly registry: Registry;
  private readonly batch = new Map<BatchObservableCallback, () => Promise<void>>();
  private readonly ours: boolean;
  private readonly onClash: (name: string, why: string) => void;

  constructor(registry: Registry, ours: boolean, onClash: (name: string, why: string) => void) {
    this.registry = registry;
    this.ours = ours;
    this.onClash = onClash;
  }

  /**
   * The registry's instrument of that name, or, when the name is golden-signals' own or taken by
   * an instrument of another kind or buckets, a detached one: the app's calls still succeed (they
   * used to throw a TypeError into the app, or write into our histogram) but are not exported.
   */
  private instrument(name: string, kind: InstrumentKind, monotonic: boolean, o?: MetricOptions): Instrument {
    const descriptor = {
      name,
      unit: o?.unit ?? '',
      description: o?.description ?? '',
      kind,
      monotonic,
      boundaries:
        kind === 'histogram' ? (o?.advice?.explicitBucketBoundaries ?? SDK_DEFAULT_BOUNDARIES) : undefined,
      attributeKeys: [],
    };
    const existing = this.registry.peek(name);
    const why =
      !this.ours && this.registry.reserved.has(name)
        ? "the name is one of golden-signals' own instruments"
        : existing && !sameShape(existing, descriptor)
          ? `an instrument of that name already exists as a ${existing.descriptor.kind}`
          : undefined;
    if (why === undefined) return this.registry.get(descriptor);
    this.onClash(name, why);
    return new DetachedInstrument(descriptor, Number.POSITIVE_INFINITY, Date.now());
  }

  createCounter(name: string, o?: MetricOptions): Counter {
    const inst = this.instrument(name, 'counter', true, o);
    return {
      add(value: number, attributes?: Attributes) {
        // The API spec: a counter ignores negative increments instead of going backwards.
        if (!(value >= 0)) return;
        inst.add(inst.seriesForAttributes(attributes), value);
      },
    };
  }

  createUpDownCounter(name: string, o?: MetricOptions): UpDownCounter {
    const inst = this.instrument(name, 'updowncounter', false, o);
    return {
      add(value: number, attributes?: Attributes) {
        if (Number.isFinite(value)) inst.add(inst.seriesForAttributes(attributes), value);
      },
    };
  }

  createHistogram(name: string, o?: MetricOptions): Histogram {
    const inst = this.instrument(name, 'histogram', false, o);
    return {
      record(value: number, attributes?: Attributes) {
        if (value >= 0 && Number.isFinite(value)) inst.observe(inst.seriesForAttributes(attributes), value);
      },
    };
  }

  createGauge(name: string, o?: MetricOptions): Gauge {
    const inst = this.instrument(name, 'gauge', false, o);
    return {
      record(value: number, attributes?: Attributes) {
        if (Number.isFinite(value)) inst.seriesForAttributes(attributes).value = value;
      },
    };
  }

  createObservableGauge(name: string, o?: MetricOptions): Observable {
    return new RegistryObservable(this.registry, this.instrument(name, 'gauge', false, o));
  }

  createObservableCounter(name: string, o?: MetricOptions): Observable {
    return new RegistryObservable(this.registry, this.instrument(name, 'counter', true, o));
  }

  createObservableUpDownCounter(name: string, o?: MetricOptions): Observable {
    return new RegistryObservable(this.registry, this.instrument(name, 'updowncounter', false, o));
  }

  addBatchObservableCallback(callback: BatchObservableCallback): void {
    const run = async () => {
      const result: BatchObservableResult = {
        observe(metric: Observable, value: number, attributes?: Attributes) {
          if (metric instanceof RegistryObservable && Number.isFinite(value)) metric.set(value, attributes);
        },
      };
      await callback(result);
    };
    this.batch.set(callback, run);
    this.registry.addCallback(run);
  }

  removeBatchObservableCallback(callback: BatchObservableCallback): void {
    const run = this.batch.get(callback);
    if (run) this.registry.removeCallback(run);
    this.batch.delete(callback);
  }
}

/** Same kind and, for histograms, the same number of buckets: the series can be shared. */
function sameShape(a: Instrument, d: { kind: InstrumentKind; boundaries?: readonly number[] }): boolean {
  return (
    a.descriptor.kind === d.kind && (a.descriptor.boundaries?.length ?? -1) === (d.boundaries?.length ?? -1)
  );
}

/** Accepts recordings and keeps none: the instrument of an app call whose name could not be had. */
class DetachedInstrument extends InstrumentClass {
  override seriesForAttributes(): Series {
    return newSeries({}, this.descriptor.boundaries?.length);
  }
}

/** An observable instrument: its series are replaced by what its callbacks observe each collection. */
class RegistryObservable implements Observable {
  readonly instrument: Instrument;
  private readonly registry: Registry;
  private readonly callbacks = new Map<ObservableCallback, () => Promise<void>>();

  constructor(registry: Registry, instrument: Instrument) {
    this.registry = registry;
    this.instrument = instrument;
    instrument.observable = true;
  }

  set(value: number, attributes?: Attributes): void {
    this.instrument.observed(attributes).value = value;
  }

  addCallback(callback: ObservableCallback): void {
    const result: ObservableResult = {
      observe: (value: number, attributes?: Attributes) => {
        if (Number.isFinite(value)) this.set(value, attributes);
      },
    };
    const run = async () => {
      await callback(result);
    };
    this.callbacks.set(callback, run);
    this.registry.addCallback(run);
  }

  removeCallback(callback: ObservableCallback): void {
    const run = this.callbacks.get(callback);
    if (run) this.registry.removeCallback(run);
    this.callbacks.delete(callback);
  }
}
