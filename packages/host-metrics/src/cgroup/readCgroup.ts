import { join } from 'node:path';
import type { FileSource } from '../fileSource.ts';
import { parseKeyValues } from '../parsers/parseKeyValues.ts';
import type { CgroupLocation } from './resolveCgroup.ts';

/** What the cgroup says about CPU and memory; a field is absent when unknown or unlimited. */
export interface CgroupReading {
  /** CPUs the quota allows (quota / period). */
  cpuLimit?: number;
  /** CPU seconds used by the whole cgroup. */
  cpuTime?: number;
  throttledTime?: number;
  throttledPeriods?: number;
  memoryLimit?: number;
  memoryUsage?: number;
  /** Usage minus inactive file cache. */
  memoryWorkingSet?: number;
}

/**
 * cgroup v1 writes "no limit" as the largest page-aligned 64-bit value (9223372036854771712 on
 * 4 KiB pages); anything from 2^62 up means unlimited.
 */
const V1_UNLIMITED = 2 ** 62;

function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

function workingSet(usage: number | undefined, inactiveFile: number | undefined): number | undefined {
  if (usage === undefined) return undefined;
  return Math.max(0, usage - (inactiveFile ?? 0));
}

/** Reads cgroup v2 files (kernel Documentation/admin-guide/cgroup-v2.rst). */
function readV2(files: FileSource, dir: string): CgroupReading {
  const reading: CgroupReading = {};
  const cpuMax = files.readText(join(dir, 'cpu.max'))?.trim().split(/\s+/);
  if (cpuMax && cpuMax[0] !== 'max') {
    const quota = Number(cpuMax[0]);
    const period = Number(cpuMax[1]);
    if (quota > 0 && period > 0) reading.cpuLimit = quota / period;
  }
  const cpuStat = parseKeyValues(files.readText(join(dir, 'cpu.stat')) ?? '');
  const usage = cpuStat.get('usage_usec');
  if (usage !== undefined) reading.cpuTime = usage / 1e6;
  const throttled = cpuStat.get('throttled_usec');
  if (throttled !== undefined) reading.throttledTime = throttled / 1e6;
  const periods = cpuStat.get('nr_throttled');
  if (periods !== undefined) reading.throttledPeriods = periods;

  const memMax = files.readText(join(dir, 'memory.max'))?.trim();
  if (memMax !== undefined && memMax !== 'max') {
    const limit = num(memMax);
    if (limit !== undefined && limit > 0) reading.memoryLimit = limit;
  }
  const current = num(files.readText(join(dir, 'memory.current')));
  if (current !== undefined) {
    reading.memoryUsage = current;
    const stat = parseKeyValues(files.readText(join(dir, 'memory.stat')) ?? '');
    reading.memoryWorkingSet = workingSet(current, stat.get('inactive_file'));
  }
  return reading;
}

/** Reads cgroup v1 files (kernel Documentation/admin-guide/cgroup-v1/). */
function readV1(files: FileSource, location: Extract<CgroupLocation, { version: 1 }>): CgroupReading {
  const { cpuDir, cpuacctDir, memoryDir } = location;
  const reading: CgroupReading = {};
  if (cpuDir !== undefined) {
    const quota = Number(files.readText(join(cpuDir, 'cpu.cfs_quota_us'))?.trim());
    const period = Number(files.readText(join(cpuDir, 'cpu.cfs_period_us'))?.trim());
    if (quota > 0 && period > 0) reading.cpuLimit = quota / period;
    const stat = parseKeyValues(files.readText(join(cpuDir, 'cpu.stat')) ?? '');
    const throttled = stat.get('throttled_time');
    if (throttled !== undefined) reading.throttledTime = throttled / 1e9;
    const periods = stat.get('nr_throttled');
    if (periods !== undefined) reading.throttledPeriods = periods;
  }
  if (cpuacctDir !== undefined) {
    const usage = num(files.readText(join(cpuacctDir, 'cpuacct.usage')));
    if (usage !== undefined) reading.cpuTime = usage / 1e9;
  }
  if (memoryDir !== undefined) {
    const limit = num(files.readText(join(memoryDir, 'memory.limit_in_bytes')));
    if (limit !== undefined && limit > 0 && limit < V1_UNLIMITED) reading.memoryLimit = limit;
    const usage = num(files.readText(join(memoryDir, 'memory.usage_in_bytes')));
    if (usage !== undefined) {
      reading.memoryUsage = usage;
      const stat = parseKeyValues(files.readText(join(memoryDir, 'memory.stat')) ?? '');
      reading.memoryWorkingSet = workingSet(
        usage,
        stat.get('total_inactive_file') ?? stat.get('inactive_file'),
      );
    }
  }
  return reading;
}

/** Reads the current limits and usage of a resolved cgroup. */
export function readCgroup(files: FileSource, location: CgroupLocation): CgroupReading {
  return location.version === 2 ? readV2(files, location.dir) : readV1(files, location);
}
