import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary } from '../../../../../test/kit/binaries.ts';
import { freePort } from '../../../../../test/kit/ports.ts';

/** A real Alertmanager (Debian's, or `ALERTMANAGER_BIN`) on 127.0.0.1, clustering off. */
export async function startAlertmanager(): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gs-am-'));
  const cfg = join(dir, 'alertmanager.yml');
  await writeFile(cfg, 'route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n');
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary('alertmanager'),
    [
      `--config.file=${cfg}`,
      `--storage.path=${dir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error('alertmanager did not become ready');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
