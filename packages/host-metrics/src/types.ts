/**
 * Groups of metrics `startHostMetrics` can collect. All are on by default.
 * - `system`: host CPU time, CPU count, load average, host memory;
 * - `network`: bytes, errors and drops per interface (/proc/net/dev);
 * - `disk`: bytes, operations and busy time per whole disk (/proc/diskstats);
 * - `filesystem`: usage and size per real mount (statfs);
 * - `cgroup`: container CPU and memory limits, usage and throttling;
 * - `process`: CPU time, RSS, open fds and their soft limit, threads, uptime;
 * - `runtime`: event-loop delay histogram and utilization, V8 heap, active resources, and GC
 *   pauses when `gcPauses` is on;
 * - `saturation`: the `saturation` family (cpu, memory, disk, fds, event_loop), 0..1.
 */
export type HostMetricGroup =
  | 'system'
  | 'network'
  | 'disk'
  | 'filesystem'
  | 'cgroup'
  | 'process'
  | 'runtime'
  | 'saturation';

/** Every group, in the order they are collected. */
export const HOST_METRIC_GROUPS: readonly HostMetricGroup[] = [
  'system',
  'network',
  'disk',
  'filesystem',
  'cgroup',
  'process',
  'runtime',
  'saturation',
];

/** Options of {@link startHostMetrics}. The roots exist so tests can point at fixture trees. */
export interface HostMetricsOptions {
  /** Groups to collect; default all of {@link HOST_METRIC_GROUPS}. */
  groups?: readonly HostMetricGroup[];
  /** Where procfs is mounted; default `/proc`. */
  procRoot?: string;
  /** Where sysfs is mounted; default `/sys` (used to tell whole disks from partitions). */
  sysRoot?: string;
  /** Where the cgroup hierarchies are mounted; default `/sys/fs/cgroup`. */
  cgroupRoot?: string;
  /**
   * How often the event-loop delay is sampled, in milliseconds; default 20. Each sample is one
   * timer callback and one histogram record (about a microsecond), so 50 per second cost ~0.005%.
   */
  eventLoopSampleIntervalMs?: number;
  /**
   * Records every GC pause as the `v8js.gc.duration` histogram (in the `runtime` group); default
   * false. Off by default because observing GCs makes V8 grow its young generation to the maximum,
   * about +17 MB of RSS in a busy process; event-loop delay already shows what pauses cost.
   */
  gcPauses?: boolean;
  /** How long the mount list is reused before /proc/self/mountinfo is read again; default 60 000 ms. */
  mountCacheMs?: number;
  /**
   * Receives one line per missing or unreadable source (then never again for that source).
   * Default: OpenTelemetry's `diag.debug`, so the app's diag logger decides whether it is shown.
   */
  debug?: (message: string) => void;
}

/** What {@link startHostMetrics} returns. */
export interface HostMetricsHandle {
  /** Stops sampling and unregisters every callback; idempotent. */
  stop(): void;
}
