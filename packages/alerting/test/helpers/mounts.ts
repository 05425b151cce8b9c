/**
 * Small real file-system faults for state-dir tests: a tiny tmpfs that can be filled to ENOSPC,
 * and a read-only bind mount (EROFS). Needs root (mount); `available()` says whether it works here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A mounted directory and how to undo it. */
export interface Mount {
  readonly dir: string;
  /** Writes until the file system is full (ENOSPC). */
  fill(): void;
  /** Removes the filler: space is back. */
  free(): void;
  unmount(): void;
}

function run(args: string[]): void {
  execFileSync('mount', args, { stdio: 'ignore' });
}

/** True when this process may mount (root in a container that allows it). */
export function canMount(): boolean {
  try {
    const m = smallTmpfs();
    m.unmount();
    return true;
  } catch {
    return false;
  }
}

/** A tmpfs of `size` (default 64k). */
export function smallTmpfs(size = '64k'): Mount {
  const dir = mkdtempSync(join(tmpdir(), 'gs-tmpfs-'));
  run(['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  return {
    dir,
    fill() {
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' });
      } catch {
        // dd exits non-zero at ENOSPC: that is the point
      }
      // tmpfs keeps a few bytes of slack in partial pages: fill those too.
      for (let i = 0; i < 64; i++) {
        try {
          writeFileSync(join(dir, `crumb-${i}`), 'x'.repeat(512));
        } catch {
          break;
        }
      }
    },
    free() {
      rmSync(filler, { force: true });
      for (let i = 0; i < 64; i++) rmSync(join(dir, `crumb-${i}`), { force: true });
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `source` bind-mounted read-only at a new directory. */
export function readOnlyBind(source: string): Mount {
  const dir = mkdtempSync(join(tmpdir(), 'gs-ro-'));
  run(['--bind', source, dir]);
  run(['-o', 'remount,bind,ro', dir]);
  return {
    dir,
    fill() {},
    free() {},
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
