import { RUNTIME_PAUSE_BUCKETS } from './buckets.ts';
import { instrument } from './instrument.ts';

/**
 * Host, container (cgroup) and runtime metrics behind the saturation signal.
 *
 * Names follow the OpenTelemetry semantic conventions where one exists (system.*, process.*,
 * nodejs.*, v8js.*). Our own names: `system.cpu.load_average.*` (as the OpenTelemetry Collector's
 * hostmetrics receiver names them), `cgroup.*`, `process.unix.file_descriptor.limit`,
 * `nodejs.eventloop.delay` (a histogram, where semconv only has per-process percentile gauges that
 * cannot be aggregated across pods), `nodejs.active_resources` and `v8js.memory.heap.max`.
 *
 * Container limits are `cgroup.*`, not semconv's `container.*`: cAdvisor already exports
 * `container_memory_usage_bytes` and friends from outside the container into the same Prometheus,
 * and two families with one name but different meanings and labels break queries.
 *
 * Semconv's `*.count` gauges (`process.thread.count`, `process.unix.file_descriptor.count`,
 * `system.cpu.logical.count`) are renamed (`process.threads`, `process.unix.file_descriptors`,
 * `system.cpus`): their Prometheus names would end in `_count`, which Prometheus reserves for
 * histograms and summaries (`promtool check metrics` rejects them).
 */
export const HOST_ATTR = {
  CPU_MODE: 'cpu.mode',
  MEMORY_STATE: 'system.memory.state',
  NETWORK_DIRECTION: 'network.io.direction',
  NETWORK_INTERFACE: 'network.interface.name',
  DEVICE: 'system.device',
  DISK_DIRECTION: 'disk.io.direction',
  FS_MOUNTPOINT: 'system.filesystem.mountpoint',
  FS_TYPE: 'system.filesystem.type',
  FS_STATE: 'system.filesystem.state',
  GC_TYPE: 'v8js.gc.type',
  HEAP_SPACE: 'v8js.heap.space.name',
  EVENTLOOP_STATE: 'nodejs.eventloop.state',
  RESOURCE_TYPE: 'nodejs.resource.type',
} as const;

// ---- system ---------------------------------------------------------------------------------

/** Host CPU time by mode (user, system, nice, idle, iowait, irq, softirq, steal), all CPUs summed. */
export const SYSTEM_CPU_TIME = instrument({
  name: 'system.cpu.time',
  unit: 's',
  kind: 'counter',
  description: 'Host CPU time by mode, summed over all CPUs.',
  attributes: [HOST_ATTR.CPU_MODE],
});

/**
 * Logical CPUs this process may run on (honours CPU affinity). Semconv calls it
 * `system.cpu.logical.count`; see {@link HOST_ATTR} for why `.count` names are renamed.
 */
export const SYSTEM_CPU_COUNT = instrument({
  name: 'system.cpus',
  unit: '{cpu}',
  kind: 'gauge',
  description: 'Logical CPUs available to the process.',
  attributes: [],
});

/** Load average over 1 minute (runnable plus uninterruptible tasks). */
export const SYSTEM_LOAD_1M = instrument({
  name: 'system.cpu.load_average.1m',
  unit: '{thread}',
  kind: 'gauge',
  description: 'Host load average over 1 minute.',
  attributes: [],
});

/** Load average over 5 minutes. */
export const SYSTEM_LOAD_5M = instrument({
  name: 'system.cpu.load_average.5m',
  unit: '{thread}',
  kind: 'gauge',
  description: 'Host load average over 5 minutes.',
  attributes: [],
});

/** Load average over 15 minutes. */
export const SYSTEM_LOAD_15M = instrument({
  name: 'system.cpu.load_average.15m',
  unit: '{thread}',
  kind: 'gauge',
  description: 'Host load average over 15 minutes.',
  attributes: [],
});

/** Host memory by state: used (total - available), free, cached, buffers. */
export const SYSTEM_MEMORY_USAGE = instrument({
  name: 'system.memory.usage',
  unit: 'By',
  kind: 'gauge',
  description: 'Host memory by state (used = total - available).',
  attributes: [HOST_ATTR.MEMORY_STATE],
});

/** Host memory installed (MemTotal). */
export const SYSTEM_MEMORY_LIMIT = instrument({
  name: 'system.memory.limit',
  unit: 'By',
  kind: 'gauge',
  description: 'Total host memory.',
  attributes: [],
});

/** Network bytes by interface and direction (loopback excluded). */
export const SYSTEM_NETWORK_IO = instrument({
  name: 'system.network.io',
  unit: 'By',
  kind: 'counter',
  description: 'Network bytes by interface and direction.',
  attributes: [HOST_ATTR.NETWORK_INTERFACE, HOST_ATTR.NETWORK_DIRECTION],
});

/** Network errors by interface and direction. */
export const SYSTEM_NETWORK_ERRORS = instrument({
  name: 'system.network.errors',
  unit: '{error}',
  kind: 'counter',
  description: 'Network errors by interface and direction.',
  attributes: [HOST_ATTR.NETWORK_INTERFACE, HOST_ATTR.NETWORK_DIRECTION],
});

/** Dropped packets by interface and direction. */
export const SYSTEM_NETWORK_DROPPED = instrument({
  name: 'system.network.packet.dropped',
  unit: '{packet}',
  kind: 'counter',
  description: 'Dropped packets by interface and direction.',
  attributes: [HOST_ATTR.NETWORK_INTERFACE, HOST_ATTR.NETWORK_DIRECTION],
});

/** Disk bytes read and written, per whole disk (partitions and loop/ram devices skipped). */
export const SYSTEM_DISK_IO = instrument({
  name: 'system.disk.io',
  unit: 'By',
  kind: 'counter',
  description: 'Disk bytes by device and direction.',
  attributes: [HOST_ATTR.DEVICE, HOST_ATTR.DISK_DIRECTION],
});

/** Disk read and write operations completed, per whole disk. */
export const SYSTEM_DISK_OPERATIONS = instrument({
  name: 'system.disk.operations',
  unit: '{operation}',
  kind: 'counter',
  description: 'Disk operations by device and direction.',
  attributes: [HOST_ATTR.DEVICE, HOST_ATTR.DISK_DIRECTION],
});

/** Time the disk had I/O in flight: its rate is the disk's busy fraction. */
export const SYSTEM_DISK_IO_TIME = instrument({
  name: 'system.disk.io_time',
  unit: 's',
  kind: 'counter',
  description: 'Time the disk was busy with I/O.',
  attributes: [HOST_ATTR.DEVICE],
});

/** Filesystem bytes by state (used, free, reserved) per real mount. */
export const SYSTEM_FILESYSTEM_USAGE = instrument({
  name: 'system.filesystem.usage',
  unit: 'By',
  kind: 'gauge',
  description: 'Filesystem bytes by state per mount.',
  attributes: [HOST_ATTR.DEVICE, HOST_ATTR.FS_MOUNTPOINT, HOST_ATTR.FS_TYPE, HOST_ATTR.FS_STATE],
});

/** Filesystem size per real mount. */
export const SYSTEM_FILESYSTEM_LIMIT = instrument({
  name: 'system.filesystem.limit',
  unit: 'By',
  kind: 'gauge',
  description: 'Filesystem size per mount.',
  attributes: [HOST_ATTR.DEVICE, HOST_ATTR.FS_MOUNTPOINT, HOST_ATTR.FS_TYPE],
});

// ---- cgroup (container limits, read from inside) -------------------------------------------------

/** CPUs the cgroup may use (quota / period); absent when no quota is set. */
export const CGROUP_CPU_LIMIT = instrument({
  name: 'cgroup.cpu.limit',
  unit: '{cpu}',
  kind: 'gauge',
  description: 'CPU limit of the container (quota / period).',
  attributes: [],
});

/** CPU time used by every process in the cgroup. */
export const CGROUP_CPU_TIME = instrument({
  name: 'cgroup.cpu.time',
  unit: 's',
  kind: 'counter',
  description: 'CPU time used by the container.',
  attributes: [],
});

/** Time the cgroup was throttled for exceeding its CPU quota. */
export const CGROUP_CPU_THROTTLED_TIME = instrument({
  name: 'cgroup.cpu.throttled.time',
  unit: 's',
  kind: 'counter',
  description: 'Time the container was throttled by its CPU quota.',
  attributes: [],
});

/** Scheduler periods in which the cgroup was throttled. */
export const CGROUP_CPU_THROTTLED_PERIODS = instrument({
  name: 'cgroup.cpu.throttled.periods',
  unit: '{period}',
  kind: 'counter',
  description: 'CPU periods in which the container was throttled.',
  attributes: [],
});

/** Memory limit of the cgroup; absent when unlimited. */
export const CGROUP_MEMORY_LIMIT = instrument({
  name: 'cgroup.memory.limit',
  unit: 'By',
  kind: 'gauge',
  description: 'Memory limit of the container.',
  attributes: [],
});

/** Memory charged to the cgroup, page cache included. */
export const CGROUP_MEMORY_USAGE = instrument({
  name: 'cgroup.memory.usage',
  unit: 'By',
  kind: 'gauge',
  description: 'Memory charged to the container, page cache included.',
  attributes: [],
});

/** Usage minus inactive page cache: what the OOM killer and the kubelet look at. */
export const CGROUP_MEMORY_WORKING_SET = instrument({
  name: 'cgroup.memory.working_set',
  unit: 'By',
  kind: 'gauge',
  description: 'Container memory working set (usage - inactive file cache).',
  attributes: [],
});

// ---- process -------------------------------------------------------------------------------

/** CPU time of this process by mode (user, system). */
export const PROCESS_CPU_TIME = instrument({
  name: 'process.cpu.time',
  unit: 's',
  kind: 'counter',
  description: 'CPU time of the process by mode.',
  attributes: [HOST_ATTR.CPU_MODE],
});

/** Resident set size. */
export const PROCESS_MEMORY_USAGE = instrument({
  name: 'process.memory.usage',
  unit: 'By',
  kind: 'gauge',
  description: 'Resident set size of the process.',
  attributes: [],
});

/** Open file descriptors (semconv `process.unix.file_descriptor.count`, renamed: see {@link HOST_ATTR}). */
export const PROCESS_FDS = instrument({
  name: 'process.unix.file_descriptors',
  unit: '{file_descriptor}',
  kind: 'gauge',
  description: 'Open file descriptors of the process.',
  attributes: [],
});

/** Soft limit on open file descriptors (`ulimit -n`). */
export const PROCESS_FDS_LIMIT = instrument({
  name: 'process.unix.file_descriptor.limit',
  unit: '{file_descriptor}',
  kind: 'gauge',
  description: 'Soft limit on open file descriptors.',
  attributes: [],
});

/** OS threads of the process (semconv `process.thread.count`, renamed: see {@link HOST_ATTR}). */
export const PROCESS_THREADS = instrument({
  name: 'process.threads',
  unit: '{thread}',
  kind: 'gauge',
  description: 'Threads of the process.',
  attributes: [],
});

/** Seconds since the process started. */
export const PROCESS_UPTIME = instrument({
  name: 'process.uptime',
  unit: 's',
  kind: 'gauge',
  description: 'Time since the process started.',
  attributes: [],
});

// ---- Node.js runtime -------------------------------------------------------------------------

/** Event-loop delay: how late a timer fired, as a histogram (aggregatable across processes). */
export const NODEJS_EVENTLOOP_DELAY = instrument({
  name: 'nodejs.eventloop.delay',
  unit: 's',
  kind: 'histogram',
  description: 'How late the event loop ran a timer, sampled at a fixed interval.',
  attributes: [],
  buckets: RUNTIME_PAUSE_BUCKETS,
});

/** Event-loop utilization since the previous collection (busy time over elapsed time). */
export const NODEJS_EVENTLOOP_UTILIZATION = instrument({
  name: 'nodejs.eventloop.utilization',
  unit: '1',
  kind: 'gauge',
  description: 'Event-loop utilization since the previous collection, 0..1.',
  attributes: [],
});

/** Cumulative event-loop time by state (active, idle): rate() gives utilization over any window. */
export const NODEJS_EVENTLOOP_TIME = instrument({
  name: 'nodejs.eventloop.time',
  unit: 's',
  kind: 'counter',
  description: 'Cumulative event-loop time by state.',
  attributes: [HOST_ATTR.EVENTLOOP_STATE],
});

/** Resources keeping the event loop alive (process.getActiveResourcesInfo), by type. */
export const NODEJS_ACTIVE_RESOURCES = instrument({
  name: 'nodejs.active_resources',
  unit: '{resource}',
  kind: 'gauge',
  description: 'Active libuv handles and requests by type.',
  attributes: [HOST_ATTR.RESOURCE_TYPE],
});

/** Garbage-collection pauses by kind (major, minor, incremental, weakcb). */
export const V8JS_GC_DURATION = instrument({
  name: 'v8js.gc.duration',
  unit: 's',
  kind: 'histogram',
  description: 'Garbage-collection pauses by kind.',
  attributes: [HOST_ATTR.GC_TYPE],
  buckets: RUNTIME_PAUSE_BUCKETS,
});

/** V8 heap bytes in use, by heap space. */
export const V8JS_HEAP_USED = instrument({
  name: 'v8js.memory.heap.used',
  unit: 'By',
  kind: 'gauge',
  description: 'V8 heap bytes in use by space.',
  attributes: [HOST_ATTR.HEAP_SPACE],
});

/** V8 heap bytes reserved, by heap space (semconv's `limit`: what the space has allocated). */
export const V8JS_HEAP_LIMIT = instrument({
  name: 'v8js.memory.heap.limit',
  unit: 'By',
  kind: 'gauge',
  description: 'V8 heap bytes allocated by space.',
  attributes: [HOST_ATTR.HEAP_SPACE],
});

/** The V8 heap ceiling (`--max-old-space-size`): past it the process dies. */
export const V8JS_HEAP_MAX = instrument({
  name: 'v8js.memory.heap.max',
  unit: 'By',
  kind: 'gauge',
  description: 'Maximum size the V8 heap may grow to.',
  attributes: [],
});
