import { constants, PerformanceObserver } from 'node:perf_hooks';

/** v8js.gc.type values (semconv) by the kind Node reports in a 'gc' entry's detail. */
const GC_TYPES: ReadonlyMap<number, string> = new Map([
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

/** The semconv `v8js.gc.type` of a GC kind number; unknown kinds are `other`. */
export function gcType(kind: number | undefined): string {
  return (kind !== undefined && GC_TYPES.get(kind)) || 'other';
}

/**
 * Records every GC pause, as V8 reports it through a PerformanceObserver: Node delivers the entries
 * asynchronously after the GC, so recording never runs inside the pause.
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
      for (const entry of list.getEntries()) {
        const detail = (entry as { detail?: { kind?: number } }).detail;
        this.#record(entry.duration / 1000, gcType(detail?.kind));
      }
    });
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  /** Stops observing. */
  stop(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }
}
