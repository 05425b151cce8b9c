import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stateWrites } from './stateWrites.ts';

/**
 * Writes `data` to `path` so that a crash (even kill -9 or power loss) leaves either the old file
 * or the new one, never a torn mix: write a temp file in the same directory, fsync it, rename it
 * over the target (atomic on POSIX), then fsync the directory so the rename itself is durable.
 * Any failure (ENOSPC, EROFS) removes the temp file before it is thrown, so a full disk does not
 * fill up further with empty `.tmp` files; the outcome is reported to {@link stateWrites}.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await write(path, data);
    stateWrites.report(path);
  } catch (err) {
    stateWrites.report(path, err);
    throw err;
  }
}

async function write(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w', 0o600);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } catch {
    // Some filesystems refuse fsync on a directory (EINVAL); the rename is still atomic there.
  } finally {
    await dh.close();
  }
}
