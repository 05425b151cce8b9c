/**
 * The alerting service as users run it (`golden-signals-alerting run`, a real process) with no
 * rules and an unreachable Prometheus: enough for its HTTP API (silences, reload, status page).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../../src/cli.ts');

/** A running service: its base URL, and stop() which kills it and removes its directory. */
export interface Service {
  readonly url: string;
  readonly dir: string;
  logs(): string;
  stop(): Promise<void>;
}

/** Starts the service; `env` adds variables (GOLDEN_SIGNALS_ALERTING_TOKEN...). */
export async function startService(env: Record<string, string> = {}): Promise<Service> {
  const dir = await mkdtemp(join(tmpdir(), 'gs-web-'));
  await writeFile(join(dir, 'rules.yml'), 'groups: []\n');
  await writeFile(
    join(dir, 'alerting.yml'),
    'prometheus: { url: http://127.0.0.1:9, timeout: 1s }\nevaluation_interval: 1s\nrule_files: [ rules.yml ]\nstate_dir: ./data\nlisten: 127.0.0.1:0\n',
  );
  const child: ChildProcess = spawn(process.execPath, [CLI, 'run', '--config', join(dir, 'alerting.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let logs = '';
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${logs}`)), 20_000);
    child.stderr?.on('data', (d: Buffer) => {
      logs += d.toString();
      const m = /"msg":"listening","url":"([^"]+)"/.exec(logs);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited ${code}:\n${logs}`));
    });
  }).catch(async (err) => {
    await stop();
    throw err;
  });
  return { url, dir, logs: () => logs, stop };
}
