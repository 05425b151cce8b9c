/**
 * The alerting service as users run it (`golden-signals-alerting run`, a real process) with no
 * rules and an unreachable Prometheus: enough for its HTTP API (silences, reload, status page).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startListening } from '../../helpers/runProcess.ts';

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
  const started = startListening(join(dir, 'alerting.yml'), {
    env: { ...process.env, ...env },
    timeoutMs: 20_000,
  });
  const { url, child, logs } = await started.catch(async (err) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  return { url, dir, logs, stop };
}
