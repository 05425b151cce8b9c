import { join } from 'node:path';
import type { CgroupReading } from './cgroup/readCgroup.ts';
import { readCgroup } from './cgroup/readCgroup.ts';
import { type CgroupLocation, resolveCgroup } from './cgroup/resolveCgroup.ts';
import { DiskReader } from './collectors/readDisks.ts';
import { FilesystemReader, type FilesystemReading } from './collectors/readFilesystems.ts';
import { type ProcessReading, readProcess } from './collectors/readProcess.ts';
import { RuntimeReader, type RuntimeReading } from './collectors/readRuntime.ts';
import { readSystem, type SystemReading } from './collectors/readSystem.ts';
import type { FileSource } from './fileSource.ts';
import type { DiskCounters } from './parsers/parseDiskstats.ts';
import { type InterfaceCounters, parseNetDev } from './parsers/parseNetDev.ts';
import { type SaturationRatio, saturationRatios } from './saturationRatios.ts';
import type { HostMetricGroup } from './types.ts';

/** Everything one collection read; a group that was not collected, or could not be, is absent. */
export interface HostSnapshot {
  system?: SystemReading;
  network?: InterfaceCounters[];
  disks?: DiskCounters[];
  filesystems?: FilesystemReading[];
  cgroup?: CgroupReading;
  process?: ProcessReading;
  runtime?: RuntimeReading;
  saturation?: SaturationRatio[];
}

/** Where to read from. */
export interface HostCollectorRoots {
  readonly procRoot: string;
  readonly sysRoot: string;
  readonly cgroupRoot: string;
  readonly mountCacheMs: number;
}

/** The groups saturation is computed from. */
const SATURATION_SOURCES: readonly HostMetricGroup[] = [
  'system',
  'filesystem',
  'cgroup',
  'process',
  'runtime',
];

/**
 * Reads every enabled group at each collection and keeps what deltas need (the previous process CPU
 * time and the last event-loop sample). Synchronous by design: see {@link FileSource}.
 */
export class HostCollector {
  readonly #files: FileSource;
  readonly #roots: HostCollectorRoots;
  readonly #reads: ReadonlySet<HostMetricGroup>;
  readonly #saturation: boolean;
  readonly #disks: DiskReader;
  readonly #filesystems: FilesystemReader;
  readonly #runtime = new RuntimeReader();
  #cgroup: CgroupLocation | undefined | null = null;
  #lastCpu: { cpuSeconds: number; at: number };

  constructor(files: FileSource, roots: HostCollectorRoots, groups: readonly HostMetricGroup[]) {
    this.#files = files;
    this.#roots = roots;
    this.#saturation = groups.includes('saturation');
    this.#reads = new Set([...groups, ...(this.#saturation ? SATURATION_SOURCES : [])]);
    this.#disks = new DiskReader(files, roots.procRoot, roots.sysRoot);
    this.#filesystems = new FilesystemReader(files, roots.procRoot, roots.mountCacheMs);
    // Like event-loop utilization, the first CPU ratio covers the whole life of the process
    // (performance.now() counts from process start), not the burst of loading host-metrics itself.
    this.#lastCpu = { cpuSeconds: 0, at: 0 };
  }

  /** Reads everything now. */
  collect(): HostSnapshot {
    const snapshot: HostSnapshot = {};
    const { procRoot } = this.#roots;
    if (this.#reads.has('system')) snapshot.system = readSystem(this.#files, procRoot);
    if (this.#reads.has('network')) {
      const text = this.#files.readText(join(procRoot, 'net/dev'));
      if (text !== undefined) snapshot.network = parseNetDev(text);
    }
    if (this.#reads.has('disk')) snapshot.disks = this.#disks.read();
    if (this.#reads.has('filesystem')) snapshot.filesystems = this.#filesystems.read();
    if (this.#reads.has('cgroup')) snapshot.cgroup = this.#readCgroup();
    if (this.#reads.has('process')) snapshot.process = readProcess(this.#files, procRoot);
    if (this.#reads.has('runtime')) snapshot.runtime = this.#runtime.read();
    if (this.#saturation) snapshot.saturation = this.#saturationOf(snapshot);
    return snapshot;
  }

  #readCgroup(): CgroupReading | undefined {
    if (this.#cgroup === null) {
      this.#cgroup = resolveCgroup(this.#files, this.#roots.procRoot, this.#roots.cgroupRoot);
    }
    return this.#cgroup ? readCgroup(this.#files, this.#cgroup) : undefined;
  }

  #saturationOf(snapshot: HostSnapshot): SaturationRatio[] {
    const now = performance.now();
    const proc = snapshot.process;
    let processCpu: { cpuSeconds: number; elapsedSeconds: number } | undefined;
    if (proc) {
      const cpuSeconds = proc.userCpu + proc.systemCpu;
      processCpu = {
        cpuSeconds: cpuSeconds - this.#lastCpu.cpuSeconds,
        elapsedSeconds: (now - this.#lastCpu.at) / 1000,
      };
      this.#lastCpu = { cpuSeconds, at: now };
    }
    return saturationRatios({
      ...(processCpu && { processCpu }),
      ...(snapshot.system && { hostCpus: snapshot.system.cpuCount }),
      ...(snapshot.system?.memory && { hostMemory: snapshot.system.memory }),
      ...(snapshot.cgroup && { cgroup: snapshot.cgroup }),
      ...(proc?.fds !== undefined && { fds: proc.fds }),
      ...(proc?.fdLimit !== undefined && { fdLimit: proc.fdLimit }),
      ...(snapshot.filesystems && { filesystems: snapshot.filesystems }),
      ...(snapshot.runtime && { eventLoopUtilization: snapshot.runtime.eluSinceLast }),
    });
  }
}
