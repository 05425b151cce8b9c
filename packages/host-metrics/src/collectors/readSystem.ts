import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { FileSource } from '../fileSource.ts';
import { parseKeyValues } from '../parsers/parseKeyValues.ts';
import { type LoadAverage, parseLoadavg } from '../parsers/parseLoadavg.ts';
import { type CpuTimes, parseProcStat } from '../parsers/parseProcStat.ts';

/** Host memory in bytes, from /proc/meminfo. */
export interface HostMemory {
  readonly total: number;
  /** MemAvailable: what can be allocated without swapping, the kernel's own estimate. */
  readonly available: number;
  readonly free: number;
  readonly cached: number;
  readonly buffers: number;
}

/** Host-wide CPU, load and memory. */
export interface SystemReading {
  readonly cpuCount: number;
  readonly cpuTimes?: CpuTimes;
  readonly load?: LoadAverage;
  readonly memory?: HostMemory;
}

/** Parses /proc/meminfo into {@link HostMemory}; `undefined` without MemTotal and MemAvailable (kernels < 3.14). */
export function parseMeminfo(text: string): HostMemory | undefined {
  const kv = parseKeyValues(text);
  const total = kv.get('MemTotal');
  const available = kv.get('MemAvailable');
  if (!total || available === undefined) return undefined;
  return {
    total,
    available: Math.min(available, total),
    free: kv.get('MemFree') ?? 0,
    cached: kv.get('Cached') ?? 0,
    buffers: kv.get('Buffers') ?? 0,
  };
}

/** Reads host CPU times, load average and memory from procfs. */
export function readSystem(files: FileSource, procRoot: string): SystemReading {
  const stat = files.readText(join(procRoot, 'stat'));
  const loadavg = files.readText(join(procRoot, 'loadavg'));
  const meminfo = files.readText(join(procRoot, 'meminfo'));
  const cpuTimes = stat === undefined ? undefined : parseProcStat(stat);
  const load = loadavg === undefined ? undefined : parseLoadavg(loadavg);
  const memory = meminfo === undefined ? undefined : parseMeminfo(meminfo);
  if (stat !== undefined && !cpuTimes) files.report(join(procRoot, 'stat'), 'no aggregate cpu line');
  if (loadavg !== undefined && !load) files.report(join(procRoot, 'loadavg'), 'unexpected format');
  if (meminfo !== undefined && !memory) files.report(join(procRoot, 'meminfo'), 'no MemTotal/MemAvailable');
  return {
    cpuCount: availableParallelism(),
    ...(cpuTimes && { cpuTimes }),
    ...(load && { load }),
    ...(memory && { memory }),
  };
}
