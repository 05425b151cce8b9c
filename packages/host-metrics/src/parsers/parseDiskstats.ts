/** Counters of one block device from /proc/diskstats. */
export interface DiskCounters {
  readonly device: string;
  readonly readOps: number;
  readonly writeOps: number;
  readonly readBytes: number;
  readonly writeBytes: number;
  /** Seconds with I/O in flight. */
  readonly ioTime: number;
}

/** Sectors in /proc/diskstats are always 512 bytes, whatever the device's block size. */
const SECTOR_BYTES = 512;

/** Devices that are never a real disk's I/O: loop, ram, zram, floppy, optical. */
const VIRTUAL_DEVICE = /^(loop|ram|zram|fd|sr)\d+$/;

/**
 * Parses /proc/diskstats (kernel Documentation/admin-guide/iostats.rst: field 4 reads completed,
 * 6 sectors read, 8 writes completed, 10 sectors written, 13 ms doing I/O, counting from 1 at the
 * major number), skipping virtual devices.
 */
export function parseDiskstats(text: string): DiskCounters[] {
  const result: DiskCounters[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    const device = f[2];
    if (f.length < 14 || !device || VIRTUAL_DEVICE.test(device)) continue;
    const n = (i: number): number => Number(f[i]);
    const counters = {
      device,
      readOps: n(3),
      readBytes: n(5) * SECTOR_BYTES,
      writeOps: n(7),
      writeBytes: n(9) * SECTOR_BYTES,
      ioTime: n(12) / 1000,
    };
    if (
      [counters.readOps, counters.readBytes, counters.writeOps, counters.writeBytes, counters.ioTime].every(
        Number.isFinite,
      )
    ) {
      result.push(counters);
    }
  }
  return result;
}
