import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';

/** v8js.gc.type values (semconv) by the kind Node reports on a `gc` performance entry. */
const GC_TYPES: ReadonlyMap<number, string> = new Map([
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

/** The semconv `v8js.gc.type` of a `gc` entry's kind; unknown kinds are `other`. */
export function gcType(kind: number | undefined): string {
  return (kind !== undefined && GC_TYPES.get(kind)) || 'other';
}

/**
 * Records every GC pause from Node's `gc` performance entries, as they are delivered.
 *
 * What it costs, and why it is off by default (docs/performance/instrumentation.md): with an
 * observer attached, V8 grows its young generation to the maximum (16.8 MB to 33.6 MB in
 * bench/instrumentation/rss.mjs, 1M requests), about +17 MB of RSS. The growth stops at V8's cap.
 * V8's `GCProfiler`, tried before, is worse: its records come back as JSON that we had to restart
 * it to read, and RSS kept growing (+19 to +49 MB over the same run, +170 MB when read every
 * second).
 */
export class GcRecorder {
  readonly #record: (seconds: number, type: string) => void;
  #observer: PerformanceObserver | undefined;

  constructor(record: (seconds: number, type: string) => void) {
    this.#record = record;
  }

  /** Starts observing; calling it twice has no further effect. */
  start(): void {
    if (this.#observer) return;
    this.#observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.#recordEntry(entry);
    });
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  /** Stops observing. */
  stop(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  #recordEntry(entry: PerformanceEntry): void {
    const kind = (entry as PerformanceEntry & { detail?: { kind?: number } | null }).detail?.kind;
    if (entry.duration >= 0) this.#record(entry.duration / 1000, gcType(kind));
  }
}
