/**
 * A real Alertmanager on 127.0.0.1 for tests and benchmarks (the shared test kit): one start-up
 * (config file, storage, a free port, clustering off, readiness) instead of one per caller.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary } from './binaries.ts';
import { killChild } from './children.ts';
import { poll } from './poll.ts';
import { freePort } from './ports.ts';

/** What {@link startAlertmanager} runs. */
export interface AlertmanagerOptions {
  /** The text of its alertmanager.yml. */
  readonly config: string;
  /**
   * Where the config and the storage go. By default a fresh temporary folder that `stop()`
   * removes; a folder given here belongs to the caller and is left in place.
   */
  readonly dir?: string;
  /** The binary; by default the kit's `alertmanager` (`ALERTMANAGER_BIN`, else PATH). */
  readonly bin?: string;
  /** How long it may take to answer /-/ready (default 15 s). */
  readonly readyTimeoutMs?: number;
}

/** A started Alertmanager. */
export interface RunningAlertmanager {
  /** Its base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Its web port, for a Prometheus `alertmanagers` target. */
  readonly port: number;
  /** The process. */
  readonly child: ChildProcess;
  /** Stops it (if still running) and removes the folder it made. */
  stop(): Promise<void>;
}

/** Starts Alertmanager and resolves once it is ready; throws (leaving nothing running) when it is not. */
export async function startAlertmanager(opts: AlertmanagerOptions): Promise<RunningAlertmanager> {
  const ownDir = opts.dir === undefined;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), 'gs-am-')));
  const cfg = join(dir, 'alertmanager.yml');
  await writeFile(cfg, opts.config);
  const port = await freePort();
  const child = spawn(
    opts.bin ?? binary('alertmanager'),
    [
      `--config.file=${cfg}`,
      `--storage.path=${dir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Clustering off: a test's instance must not gossip with another one on the machine.
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await killChild(child);
    if (ownDir) await rm(dir, { recursive: true, force: true });
  };
  const ready = await poll(
    'alertmanager to become ready',
    // An exited child answers false at once rather than waiting out the timeout.
    async () => (child.exitCode !== null || (await fetch(`${url}/-/ready`)).ok ? true : undefined),
    opts.readyTimeoutMs ?? 15_000,
    100,
  ).catch(() => false);
  if (!ready || child.exitCode !== null) {
    await stop();
    throw new Error('alertmanager did not become ready');
  }
  return { url, port, child, stop };
}
