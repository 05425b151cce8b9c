import { join } from 'node:path';
import type { FileSource, FsStats } from '../fileSource.ts';
import { type Mount, parseMountinfo } from '../parsers/parseMountinfo.ts';

/** Usage of one real mount. */
export interface FilesystemReading {
  readonly mount: Mount;
  readonly stats: FsStats;
}

/**
 * Lists real mounts from /proc/self/mountinfo (cached for `cacheMs`, since mounts change rarely and
 * the file grows with every container bind mount) and statfs()es each at every collection.
 */
export class FilesystemReader {
  readonly #files: FileSource;
  readonly #procRoot: string;
  readonly #cacheMs: number;
  readonly #now: () => number;
  #mounts: Mount[] | undefined;
  #readAt = Number.NEGATIVE_INFINITY;

  constructor(files: FileSource, procRoot: string, cacheMs: number, now: () => number = Date.now) {
    this.#files = files;
    this.#procRoot = procRoot;
    this.#cacheMs = cacheMs;
    this.#now = now;
  }

  /** Usage per real mount, or `undefined` without mountinfo. */
  read(): FilesystemReading[] | undefined {
    const now = this.#now();
    if (now - this.#readAt >= this.#cacheMs) {
      const text = this.#files.readText(join(this.#procRoot, 'self/mountinfo'));
      this.#mounts = text === undefined ? undefined : parseMountinfo(text);
      this.#readAt = now;
    }
    if (!this.#mounts) return undefined;
    const result: FilesystemReading[] = [];
    for (const mount of this.#mounts) {
      const stats = this.#files.statfs(mount.mountpoint);
      // Size 0 means a file system with no blocks of its own (autofs placeholders, some FUSE).
      if (stats && stats.size > 0) result.push({ mount, stats });
    }
    return result;
  }
}
