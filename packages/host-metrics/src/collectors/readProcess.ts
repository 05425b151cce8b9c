import { join } from 'node:path';
import type { FileSource } from '../fileSource.ts';
import { parseKeyValues } from '../parsers/parseKeyValues.ts';
import { parseOpenFilesSoftLimit } from '../parsers/parseLimits.ts';

/** This process's resources. */
export interface ProcessReading {
  /** CPU seconds in user mode. */
  readonly userCpu: number;
  /** CPU seconds in kernel mode. */
  readonly systemCpu: number;
  readonly rss: number;
  readonly uptime: number;
  readonly fds?: number;
  readonly fdLimit?: number;
  readonly threads?: number;
}

/**
 * Reads CPU time, RSS and uptime from Node (any platform) and open fds, their soft limit and
 * threads from procfs (Linux). The fd count lists /proc/self/fd, which costs a microsecond or so
 * per open fd; the soft limit can change at run time (setrlimit), so it is read every time too.
 */
export function readProcess(files: FileSource, procRoot: string): ProcessReading {
  const cpu = process.cpuUsage();
  const fds = files.countEntries(join(procRoot, 'self/fd'));
  const limits = files.readText(join(procRoot, 'self/limits'));
  const fdLimit = limits === undefined ? undefined : parseOpenFilesSoftLimit(limits);
  const status = files.readText(join(procRoot, 'self/status'));
  const threads = status === undefined ? undefined : parseKeyValues(status).get('Threads');
  return {
    userCpu: cpu.user / 1e6,
    systemCpu: cpu.system / 1e6,
    rss: process.memoryUsage.rss(),
    uptime: process.uptime(),
    ...(fds !== undefined && { fds }),
    ...(fdLimit !== undefined && { fdLimit }),
    ...(threads !== undefined && { threads }),
  };
}
