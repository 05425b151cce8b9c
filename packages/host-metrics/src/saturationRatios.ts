import type { SaturationResource } from '@golden-signals/conventions';
import type { CgroupReading } from './cgroup/readCgroup.ts';
import type { FilesystemReading } from './collectors/readFilesystems.ts';
import type { HostMemory } from './collectors/readSystem.ts';

/** What saturation is computed from; every field is optional, and a missing one omits its ratio. */
export interface SaturationInput {
  /** Process CPU seconds used since the previous collection, and the wall seconds elapsed. */
  readonly processCpu?: { readonly cpuSeconds: number; readonly elapsedSeconds: number };
  /** Logical CPUs of the host available to the process. */
  readonly hostCpus?: number;
  readonly cgroup?: CgroupReading;
  readonly hostMemory?: HostMemory;
  readonly fds?: number;
  readonly fdLimit?: number;
  readonly filesystems?: readonly FilesystemReading[];
  /** Event-loop utilization since the previous collection. */
  readonly eventLoopUtilization?: number;
}

/** One value of the saturation family. */
export interface SaturationRatio {
  readonly resource: SaturationResource;
  readonly value: number;
  /** Only for `disk`. */
  readonly mountpoint?: string;
}

/** Ratios are 0..1 everywhere, even when counters race (a CPU sample landing late can exceed 1). */
function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

function cpuRatio(input: SaturationInput): number | undefined {
  const { processCpu, hostCpus, cgroup } = input;
  if (!processCpu || processCpu.elapsedSeconds <= 0) return undefined;
  const host = hostCpus && hostCpus > 0 ? hostCpus : undefined;
  const quota = cgroup?.cpuLimit;
  const cpus = quota !== undefined ? Math.min(quota, host ?? quota) : host;
  if (cpus === undefined) return undefined;
  return processCpu.cpuSeconds / (processCpu.elapsedSeconds * cpus);
}

/**
 * Memory against the container limit when one is set and is below the host's memory (a limit above
 * it cannot be reached), using the working set as the OOM killer does; else host memory in use
 * (total - available) over total.
 */
function memoryRatio({ cgroup, hostMemory }: SaturationInput): number | undefined {
  const limit = cgroup?.memoryLimit;
  const used = cgroup?.memoryWorkingSet ?? cgroup?.memoryUsage;
  if (limit !== undefined && used !== undefined && (!hostMemory || limit < hostMemory.total)) {
    return used / limit;
  }
  if (hostMemory && hostMemory.total > 0) return (hostMemory.total - hostMemory.available) / hostMemory.total;
  return undefined;
}

/**
 * Computes the saturation family from one collection's readings. Disk uses df's formula, used over
 * (used + available): the blocks reserved for root are not available to the app.
 */
export function saturationRatios(input: SaturationInput): SaturationRatio[] {
  const ratios: SaturationRatio[] = [];
  const push = (resource: SaturationResource, value: number | undefined, mountpoint?: string): void => {
    if (value === undefined || !Number.isFinite(value)) return;
    ratios.push(
      mountpoint === undefined
        ? { resource, value: clamp(value) }
        : { resource, value: clamp(value), mountpoint },
    );
  };
  push('cpu', cpuRatio(input));
  push('memory', memoryRatio(input));
  for (const { mount, stats } of input.filesystems ?? []) {
    const used = stats.size - stats.free;
    push('disk', used + stats.available > 0 ? used / (used + stats.available) : undefined, mount.mountpoint);
  }
  if (input.fds !== undefined && input.fdLimit) push('fds', input.fds / input.fdLimit);
  push('event_loop', input.eventLoopUtilization);
  return ratios;
}
