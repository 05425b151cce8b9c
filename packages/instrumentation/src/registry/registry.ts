import type { InstrumentSpec } from '@golden-signals/conventions';
import { Instrument, type InstrumentDescriptor } from './instrument.ts';

/** A callback that has not answered by then is reported and skipped, so one hung reader cannot stop every scrape. */
const CALLBACK_TIMEOUT_MS = 5000;

/** Runs at collection time to fill observable instruments. May be async (reads files). */
export type CollectCallback = () => void | Promise<void>;

/** Options of the registry. */
export interface RegistryOptions {
  /** Maximum series per instrument before new attribute sets fold into one overflow series. */
  readonly cardinalityLimit: number;
  /** Told once per instrument when it overflows. */
  readonly onOverflow?: (name: string, limit: number) => void;
  /** Told when a collect callback throws; collection goes on without it. */
  readonly onCallbackError?: (err: unknown) => void;
}

/**
 * Every instrument of the process, whoever created it: golden-signals itself through
 * {@link Registry.fromSpec}, host metrics and user code through the OpenTelemetry API
 * (see meterProvider.ts). Exporters read it with {@link Registry.collect}.
 */
export class Registry {
  private readonly instruments = new Map<string, Instrument>();
  private readonly callbacks = new Set<CollectCallback>();
  private readonly beforeFirstCollect: Array<() => Promise<void>> = [];
  private readonly options: RegistryOptions;

  constructor(options: RegistryOptions) {
    this.options = options;
  }

  /** The instrument for a conventions spec, created on first use; its name is golden-signals' own. */
  fromSpec(spec: InstrumentSpec): Instrument {
    this.reserved.add(spec.name);
    return this.get({
      name: spec.name,
      unit: spec.unit,
      description: spec.description,
      kind: spec.kind,
      monotonic: spec.kind === 'counter',
      boundaries: spec.buckets,
      attributeKeys: spec.attributes,
    });
  }

  /** Names that golden-signals' own instruments (conventions specs) hold. */
  readonly reserved = new Set<string>();

  /** The instrument of that name, if one exists. */
  peek(name: string): Instrument | undefined {
    return this.instruments.get(name);
  }

  /** The instrument with this descriptor's name, created on first use (first descriptor wins). */
  get(descriptor: InstrumentDescriptor): Instrument {
    let inst = this.instruments.get(descriptor.name);
    if (!inst) {
      inst = new Instrument(descriptor, this.options.cardinalityLimit, Date.now());
      if (this.options.onOverflow) inst.onOverflow = this.options.onOverflow;
      this.instruments.set(descriptor.name, inst);
    }
    return inst;
  }

  /** Adds a callback run at every collection (observable instruments). */
  addCallback(cb: CollectCallback): void {
    this.callbacks.add(cb);
  }

  removeCallback(cb: CollectCallback): void {
    this.callbacks.delete(cb);
  }

  /**
   * Work deferred until something first reads the metrics (e.g. loading host metrics), so
   * that the preload adds almost nothing to the app's startup.
   */
  onFirstCollect(task: () => Promise<void>): void {
    this.beforeFirstCollect.push(task);
  }

  private lock: Promise<unknown> = Promise.resolve();

  /**
   * Collects, then lets `use` read the instruments before the next collection may start:
   * observable instruments are refilled by each collection, so two readers
   * (a scrape and an OTLP export) must not interleave.
   */
  read<T>(use: (instruments: Instrument[]) => T | Promise<T>): Promise<T> {
    const next = this.lock.then(async () => use(await this.collect()));
    this.lock = next.catch(() => {});
    return next;
  }

  /** Runs the callbacks, then returns every instrument that has series. */
  private async collect(): Promise<Instrument[]> {
    while (this.beforeFirstCollect.length > 0) {
      const task = this.beforeFirstCollect.shift()!;
      await task().catch((err: unknown) => this.options.onCallbackError?.(err));
    }
    for (const inst of this.instruments.values()) if (inst.observable) inst.beginCollection();
    for (const cb of this.callbacks) {
      try {
        await withTimeout(cb(), CALLBACK_TIMEOUT_MS);
      } catch (err) {
        this.options.onCallbackError?.(err);
      }
    }
    for (const inst of this.instruments.values()) if (inst.observable) inst.endCollection();
    const out: Instrument[] = [];
    for (const inst of this.instruments.values()) if (inst.series.size > 0) out.push(inst);
    return out;
  }
}

function withTimeout(work: void | Promise<void>, ms: number): Promise<void> | undefined {
  if (!(work instanceof Promise)) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`a metrics callback did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
