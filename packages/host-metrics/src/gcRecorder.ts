import { GCProfiler } from 'node:v8';

/** v8js.gc.type values (semconv) by the GC type name V8's GCProfiler reports. */
const GC_TYPES: ReadonlyMap<string, string> = new Map([
  ['Scavenge', 'minor'],
  ['MinorMarkSweep', 'minor'],
  ['MinorMarkCompact', 'minor'],
  ['MarkSweepCompact', 'major'],
  ['IncrementalMarking', 'incremental'],
  ['ProcessWeakCallbacks', 'weakcb'],
]);

/** The semconv `v8js.gc.type` of a GCProfiler type name; unknown names are `other`. */
export function gcType(name: string | undefined): string {
  return (name !== undefined && GC_TYPES.get(name)) || 'other';
}

const SELF_FLUSH_MS = 15_000;

interface GcStatistic {
  readonly gcType?: string;
  /** Pause in microseconds. */
  readonly cost?: number;
}

/**
 * Records every GC pause, read from V8's GCProfiler at collection time (`flush`).
 *
 * Why not a PerformanceObserver('gc'): Node builds a performance entry per GC and delivers it
 * later, so under load each entry survived a scavenge or two and V8 kept a heap 10 MB larger
 * (28 MB against 18 MB in bench/instrumentation/rss.mjs). GCProfiler keeps its records in C++
 * and hands them over in one piece when asked, so nothing is allocated per GC.
 */
export class GcRecorder {
  readonly #record: (seconds: number, type: string) => void;
  #profiler: GCProfiler | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(record: (seconds: number, type: string) => void) {
    this.#record = record;
  }

  /** Starts profiling; calling it twice has no further effect. */
  start(): void {
    if (this.#profiler) return;
    this.#profiler = new GCProfiler();
    this.#profiler.start();
    // V8 keeps ~4 KB of statistics per GC until they are read: when nothing collects for a long
    // time (no scrapes, a long OTLP interval), read them every 15 s anyway so memory stays bounded.
    this.#timer = setInterval(() => this.flush(), SELF_FLUSH_MS);
    this.#timer.unref();
  }

  /** Records the pauses since the last flush (called at each collection). */
  flush(): void {
    const profiler = this.#profiler;
    if (!profiler) return;
    const result = profiler.stop() as { statistics?: readonly GcStatistic[] } | undefined;
    profiler.start();
    for (const s of result?.statistics ?? []) {
      if (typeof s.cost === 'number' && s.cost >= 0) this.#record(s.cost / 1e6, gcType(s.gcType));
    }
  }

  /** Stops profiling. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#profiler?.stop();
    this.#profiler = undefined;
  }
}
