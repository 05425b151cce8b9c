import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

/** V8 and event-loop state at one collection. */
export interface RuntimeReading {
  /** Event-loop utilization since the previous collection, 0..1. */
  readonly eluSinceLast: number;
  /** Cumulative event-loop seconds active and idle since the loop started. */
  readonly loopActive: number;
  readonly loopIdle: number;
  readonly heapSpaces: ReadonlyArray<{ readonly name: string; readonly used: number; readonly size: number }>;
  readonly heapMax: number;
  /** Active resources by type (`TCPServerWrap`, `Timeout`, `FSReqCallback`, ...). */
  readonly activeResources: ReadonlyMap<string, number>;
}

/**
 * Reads the runtime; remembers the last event-loop sample to compute utilization per collection.
 * The first collection reports utilization since the loop started: host metrics are usually
 * started lazily, right after loading modules, and a baseline taken then would report that burst
 * of loading (utilization ~1 over a few milliseconds) as the app's state.
 */
export class RuntimeReader {
  #lastElu: EventLoopUtilization | undefined;

  /** Everything the runtime says now. */
  read(): RuntimeReading {
    const elu = performance.eventLoopUtilization();
    const delta = this.#lastElu ? performance.eventLoopUtilization(elu, this.#lastElu) : elu;
    this.#lastElu = elu;
    const activeResources = new Map<string, number>();
    for (const type of process.getActiveResourcesInfo()) {
      activeResources.set(type, (activeResources.get(type) ?? 0) + 1);
    }
    return {
      eluSinceLast: delta.utilization,
      loopActive: elu.active / 1000,
      loopIdle: elu.idle / 1000,
      heapSpaces: getHeapSpaceStatistics().map((s) => ({
        name: s.space_name,
        used: s.space_used_size,
        size: s.space_size,
      })),
      heapMax: getHeapStatistics().heap_size_limit,
      activeResources,
    };
  }
}
