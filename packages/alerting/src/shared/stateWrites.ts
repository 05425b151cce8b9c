/**
 * The health of the state directories, as the writes into them find it. A full disk or a
 * read-only file system while running is a degraded mode, not a crash: pages still go out (only
 * their durability is lost), `/healthz` answers 503 naming the error, and
 * `alerting_state_write_failures_total` counts the failed writes. The first write that succeeds
 * again ends the mode. {@link writeFileAtomic} reports every write here.
 */
import { mkdir, stat, unlink } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';

interface RootState {
  failures: number;
  byCode: Map<string, number>;
  /** The error of the last write, while the last write failed. */
  error?: string;
}

/** Failed and successful writes per state root (`state_dir`), and what they say about it. */
export class StateWrites {
  readonly #roots = new Map<string, RootState>();

  /** Starts tracking writes under `dir` (a state_dir). Idempotent. */
  track(dir: string): void {
    const d = resolve(dir);
    if (!this.#roots.has(d)) this.#roots.set(d, { failures: 0, byCode: new Map() });
  }

  /** Records the outcome of one write to `path` (untracked paths are ignored). */
  report(path: string, err?: unknown): void {
    const root = this.#rootOf(path);
    if (!root) return;
    if (!err) {
      delete root.error;
      return;
    }
    const e = err as NodeJS.ErrnoException;
    const code = e.code ?? 'unknown';
    root.failures++;
    root.byCode.set(code, (root.byCode.get(code) ?? 0) + 1);
    root.error = `${code}: ${e.message}`;
  }

  /** The error that makes `dir` unhealthy, or undefined while its writes succeed. */
  unhealthy(dir: string): string | undefined {
    return this.#roots.get(resolve(dir))?.error;
  }

  /** The first tracked directory whose last write failed, with its error. */
  anyUnhealthy(): { dir: string; error: string } | undefined {
    for (const [dir, r] of this.#roots) if (r.error) return { dir, error: r.error };
    return undefined;
  }

  /** Failed writes under `dir` since the process started. */
  failures(dir: string): number {
    return this.#roots.get(resolve(dir))?.failures ?? 0;
  }

  /** Failed writes by error code, summed over every tracked directory. */
  failuresByCode(): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.#roots.values()) for (const [c, n] of r.byCode) out.set(c, (out.get(c) ?? 0) + n);
    return out;
  }

  #rootOf(path: string): RootState | undefined {
    const p = resolve(path);
    let best: string | undefined;
    for (const d of this.#roots.keys()) {
      const rel = relative(d, p);
      const inside = rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
      if (inside && (!best || d.length > best.length)) best = d;
    }
    return best ? this.#roots.get(best) : undefined;
  }
}

/** The process' one registry: state dirs are per process, and every writer reports here. */
export const stateWrites = new StateWrites();

/**
 * Checks at start-up that `dir` can be written (creates it if missing, writes and removes a
 * probe file). Throws an Error that says what to fix: starting on a read-only or full state_dir
 * would run without durable state from the first minute, which is a decision for an operator.
 */
export async function probeStateDir(dir: string): Promise<void> {
  // Imported here: atomicFile.ts imports this module.
  const { writeFileAtomic } = await import('./atomicFile.ts');
  const probe = resolve(dir, '.write-probe');
  try {
    // Recursive mkdir reports EROFS as ENOENT on some kernels: only create what is missing.
    if (
      !(await stat(dir).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    )
      await mkdir(dir, { recursive: true });
    await writeFileAtomic(probe, `${process.pid}\n`);
    await unlink(probe);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'EROFS'
        ? 'the file system is read-only'
        : e.code === 'ENOSPC'
          ? 'the disk is full'
          : e.code === 'EACCES' || e.code === 'EPERM'
            ? 'permission denied'
            : e.message;
    throw Object.assign(
      new Error(
        `state_dir ${dir} is not writable: ${why} (${e.code ?? 'error'}). The service keeps alert state, ` +
          'silences and the notification outbox there; make it writable or point state_dir elsewhere.',
      ),
      { exitCode: 1 },
    );
  }
}
