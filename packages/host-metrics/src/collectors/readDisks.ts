import { join } from 'node:path';
import type { FileSource } from '../fileSource.ts';
import { type DiskCounters, parseDiskstats } from '../parsers/parseDiskstats.ts';

/**
 * Reads /proc/diskstats, keeping whole disks only: a partition's I/O is already in its disk's
 * counters, so counting both would double it. Whole disks are the ones listed in /sys/block; the
 * answer per device is cached for the life of the process (devices rarely come and go, and a new
 * one is looked up once).
 */
export class DiskReader {
  readonly #files: FileSource;
  readonly #procRoot: string;
  readonly #sysRoot: string;
  readonly #wholeDisk = new Map<string, boolean>();
  #sysBlockKnown: boolean | undefined;

  constructor(files: FileSource, procRoot: string, sysRoot: string) {
    this.#files = files;
    this.#procRoot = procRoot;
    this.#sysRoot = sysRoot;
  }

  /** Counters per whole disk, or `undefined` without /proc/diskstats. */
  read(): DiskCounters[] | undefined {
    const text = this.#files.readText(join(this.#procRoot, 'diskstats'));
    if (text === undefined) return undefined;
    this.#sysBlockKnown ??= this.#files.countEntries(join(this.#sysRoot, 'block')) !== undefined;
    return parseDiskstats(text).filter((disk) => this.#isWholeDisk(disk.device));
  }

  #isWholeDisk(device: string): boolean {
    // Without /sys/block every device is kept: better a double count than no disk at all.
    if (!this.#sysBlockKnown) return true;
    let whole = this.#wholeDisk.get(device);
    if (whole === undefined) {
      whole = this.#files.exists(join(this.#sysRoot, 'block', device, 'stat'));
      this.#wholeDisk.set(device, whole);
    }
    return whole;
  }
}
