import {
  ATTR,
  CGROUP_CPU_LIMIT,
  CGROUP_CPU_THROTTLED_PERIODS,
  CGROUP_CPU_THROTTLED_TIME,
  CGROUP_CPU_TIME,
  CGROUP_MEMORY_LIMIT,
  CGROUP_MEMORY_USAGE,
  CGROUP_MEMORY_WORKING_SET,
  HOST_ATTR,
  type InstrumentSpec,
  NODEJS_ACTIVE_RESOURCES,
  NODEJS_EVENTLOOP_TIME,
  NODEJS_EVENTLOOP_UTILIZATION,
  PROCESS_CPU_TIME,
  PROCESS_FDS,
  PROCESS_FDS_LIMIT,
  PROCESS_MEMORY_USAGE,
  PROCESS_THREADS,
  PROCESS_UPTIME,
  SATURATION,
  SYSTEM_CPU_COUNT,
  SYSTEM_CPU_TIME,
  SYSTEM_DISK_IO,
  SYSTEM_DISK_IO_TIME,
  SYSTEM_DISK_OPERATIONS,
  SYSTEM_FILESYSTEM_LIMIT,
  SYSTEM_FILESYSTEM_USAGE,
  SYSTEM_LOAD_1M,
  SYSTEM_LOAD_5M,
  SYSTEM_LOAD_15M,
  SYSTEM_MEMORY_LIMIT,
  SYSTEM_MEMORY_USAGE,
  SYSTEM_NETWORK_DROPPED,
  SYSTEM_NETWORK_ERRORS,
  SYSTEM_NETWORK_IO,
  V8JS_HEAP_LIMIT,
  V8JS_HEAP_MAX,
  V8JS_HEAP_USED,
} from '@golden-signals/conventions';
import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import type { HostSnapshot } from './hostCollector.ts';
import { CPU_MODES } from './parsers/parseProcStat.ts';
import type { HostMetricGroup } from './types.ts';

/** The observable instruments of each group (histograms are recorded elsewhere, as they happen). */
export const GROUP_INSTRUMENTS: Readonly<Record<HostMetricGroup, readonly InstrumentSpec[]>> = {
  system: [
    SYSTEM_CPU_TIME,
    SYSTEM_CPU_COUNT,
    SYSTEM_LOAD_1M,
    SYSTEM_LOAD_5M,
    SYSTEM_LOAD_15M,
    SYSTEM_MEMORY_USAGE,
    SYSTEM_MEMORY_LIMIT,
  ],
  network: [SYSTEM_NETWORK_IO, SYSTEM_NETWORK_ERRORS, SYSTEM_NETWORK_DROPPED],
  disk: [SYSTEM_DISK_IO, SYSTEM_DISK_OPERATIONS, SYSTEM_DISK_IO_TIME],
  filesystem: [SYSTEM_FILESYSTEM_USAGE, SYSTEM_FILESYSTEM_LIMIT],
  cgroup: [
    CGROUP_CPU_LIMIT,
    CGROUP_CPU_TIME,
    CGROUP_CPU_THROTTLED_TIME,
    CGROUP_CPU_THROTTLED_PERIODS,
    CGROUP_MEMORY_LIMIT,
    CGROUP_MEMORY_USAGE,
    CGROUP_MEMORY_WORKING_SET,
  ],
  process: [
    PROCESS_CPU_TIME,
    PROCESS_MEMORY_USAGE,
    PROCESS_FDS,
    PROCESS_FDS_LIMIT,
    PROCESS_THREADS,
    PROCESS_UPTIME,
  ],
  runtime: [
    NODEJS_EVENTLOOP_UTILIZATION,
    NODEJS_EVENTLOOP_TIME,
    NODEJS_ACTIVE_RESOURCES,
    V8JS_HEAP_USED,
    V8JS_HEAP_LIMIT,
    V8JS_HEAP_MAX,
  ],
  saturation: [SATURATION],
};

/** Creates the observable instrument a spec describes. */
export function createObservable(meter: Meter, spec: InstrumentSpec): Observable {
  const options = { description: spec.description, unit: spec.unit };
  if (spec.kind === 'counter') return meter.createObservableCounter(spec.name, options);
  if (spec.kind === 'updowncounter') return meter.createObservableUpDownCounter(spec.name, options);
  return meter.createObservableGauge(spec.name, options);
}

/** Observes values into the batch, skipping instruments of disabled groups and insane values. */
class Observer {
  readonly #result: BatchObservableResult;
  readonly #instruments: ReadonlyMap<InstrumentSpec, Observable>;

  constructor(result: BatchObservableResult, instruments: ReadonlyMap<InstrumentSpec, Observable>) {
    this.#result = result;
    this.#instruments = instruments;
  }

  observe(spec: InstrumentSpec, value: number | undefined, attributes?: Attributes): void {
    const instrument = this.#instruments.get(spec);
    // Every value here is a count, a size, a time or a ratio: negative or NaN means a bad read.
    if (!instrument || value === undefined || !Number.isFinite(value) || value < 0) return;
    this.#result.observe(instrument, value, attributes);
  }
}

function observeHost(o: Observer, s: HostSnapshot): void {
  const sys = s.system;
  if (sys) {
    o.observe(SYSTEM_CPU_COUNT, sys.cpuCount);
    for (const mode of CPU_MODES)
      o.observe(SYSTEM_CPU_TIME, sys.cpuTimes?.[mode], { [HOST_ATTR.CPU_MODE]: mode });
    o.observe(SYSTEM_LOAD_1M, sys.load?.m1);
    o.observe(SYSTEM_LOAD_5M, sys.load?.m5);
    o.observe(SYSTEM_LOAD_15M, sys.load?.m15);
    const mem = sys.memory;
    if (mem) {
      o.observe(SYSTEM_MEMORY_LIMIT, mem.total);
      o.observe(SYSTEM_MEMORY_USAGE, mem.total - mem.available, { [HOST_ATTR.MEMORY_STATE]: 'used' });
      o.observe(SYSTEM_MEMORY_USAGE, mem.free, { [HOST_ATTR.MEMORY_STATE]: 'free' });
      o.observe(SYSTEM_MEMORY_USAGE, mem.cached, { [HOST_ATTR.MEMORY_STATE]: 'cached' });
      o.observe(SYSTEM_MEMORY_USAGE, mem.buffers, { [HOST_ATTR.MEMORY_STATE]: 'buffers' });
    }
  }
  for (const n of s.network ?? []) {
    const rx = { [HOST_ATTR.NETWORK_INTERFACE]: n.name, [HOST_ATTR.NETWORK_DIRECTION]: 'receive' };
    const tx = { [HOST_ATTR.NETWORK_INTERFACE]: n.name, [HOST_ATTR.NETWORK_DIRECTION]: 'transmit' };
    o.observe(SYSTEM_NETWORK_IO, n.rxBytes, rx);
    o.observe(SYSTEM_NETWORK_IO, n.txBytes, tx);
    o.observe(SYSTEM_NETWORK_ERRORS, n.rxErrors, rx);
    o.observe(SYSTEM_NETWORK_ERRORS, n.txErrors, tx);
    o.observe(SYSTEM_NETWORK_DROPPED, n.rxDropped, rx);
    o.observe(SYSTEM_NETWORK_DROPPED, n.txDropped, tx);
  }
  for (const d of s.disks ?? []) {
    const read = { [HOST_ATTR.DEVICE]: d.device, [HOST_ATTR.DISK_DIRECTION]: 'read' };
    const write = { [HOST_ATTR.DEVICE]: d.device, [HOST_ATTR.DISK_DIRECTION]: 'write' };
    o.observe(SYSTEM_DISK_IO, d.readBytes, read);
    o.observe(SYSTEM_DISK_IO, d.writeBytes, write);
    o.observe(SYSTEM_DISK_OPERATIONS, d.readOps, read);
    o.observe(SYSTEM_DISK_OPERATIONS, d.writeOps, write);
    o.observe(SYSTEM_DISK_IO_TIME, d.ioTime, { [HOST_ATTR.DEVICE]: d.device });
  }
  for (const { mount, stats } of s.filesystems ?? []) {
    const attrs = {
      [HOST_ATTR.DEVICE]: mount.device,
      [HOST_ATTR.FS_MOUNTPOINT]: mount.mountpoint,
      [HOST_ATTR.FS_TYPE]: mount.fsType,
    };
    o.observe(SYSTEM_FILESYSTEM_LIMIT, stats.size, attrs);
    o.observe(SYSTEM_FILESYSTEM_USAGE, stats.size - stats.free, { ...attrs, [HOST_ATTR.FS_STATE]: 'used' });
    o.observe(SYSTEM_FILESYSTEM_USAGE, stats.available, { ...attrs, [HOST_ATTR.FS_STATE]: 'free' });
    o.observe(SYSTEM_FILESYSTEM_USAGE, stats.free - stats.available, {
      ...attrs,
      [HOST_ATTR.FS_STATE]: 'reserved',
    });
  }
  const cg = s.cgroup;
  if (cg) {
    o.observe(CGROUP_CPU_LIMIT, cg.cpuLimit);
    o.observe(CGROUP_CPU_TIME, cg.cpuTime);
    o.observe(CGROUP_CPU_THROTTLED_TIME, cg.throttledTime);
    o.observe(CGROUP_CPU_THROTTLED_PERIODS, cg.throttledPeriods);
    o.observe(CGROUP_MEMORY_LIMIT, cg.memoryLimit);
    o.observe(CGROUP_MEMORY_USAGE, cg.memoryUsage);
    o.observe(CGROUP_MEMORY_WORKING_SET, cg.memoryWorkingSet);
  }
}

function observeProcess(o: Observer, s: HostSnapshot): void {
  const p = s.process;
  if (p) {
    o.observe(PROCESS_CPU_TIME, p.userCpu, { [HOST_ATTR.CPU_MODE]: 'user' });
    o.observe(PROCESS_CPU_TIME, p.systemCpu, { [HOST_ATTR.CPU_MODE]: 'system' });
    o.observe(PROCESS_MEMORY_USAGE, p.rss);
    o.observe(PROCESS_FDS, p.fds);
    o.observe(PROCESS_FDS_LIMIT, p.fdLimit);
    o.observe(PROCESS_THREADS, p.threads);
    o.observe(PROCESS_UPTIME, p.uptime);
  }
  const r = s.runtime;
  if (r) {
    o.observe(NODEJS_EVENTLOOP_UTILIZATION, r.eluSinceLast);
    o.observe(NODEJS_EVENTLOOP_TIME, r.loopActive, { [HOST_ATTR.EVENTLOOP_STATE]: 'active' });
    o.observe(NODEJS_EVENTLOOP_TIME, r.loopIdle, { [HOST_ATTR.EVENTLOOP_STATE]: 'idle' });
    for (const [type, count] of r.activeResources) {
      o.observe(NODEJS_ACTIVE_RESOURCES, count, { [HOST_ATTR.RESOURCE_TYPE]: type });
    }
    for (const space of r.heapSpaces) {
      o.observe(V8JS_HEAP_USED, space.used, { [HOST_ATTR.HEAP_SPACE]: space.name });
      o.observe(V8JS_HEAP_LIMIT, space.size, { [HOST_ATTR.HEAP_SPACE]: space.name });
    }
    o.observe(V8JS_HEAP_MAX, r.heapMax);
  }
  for (const ratio of s.saturation ?? []) {
    const attrs: Attributes = { [ATTR.RESOURCE]: ratio.resource };
    if (ratio.mountpoint !== undefined) attrs[ATTR.MOUNTPOINT] = ratio.mountpoint;
    o.observe(SATURATION, ratio.value, attrs);
  }
}

/** Observes a whole snapshot into one batch-callback result. */
export function observeSnapshot(
  result: BatchObservableResult,
  instruments: ReadonlyMap<InstrumentSpec, Observable>,
  snapshot: HostSnapshot,
): void {
  const o = new Observer(result, instruments);
  observeHost(o, snapshot);
  observeProcess(o, snapshot);
}
