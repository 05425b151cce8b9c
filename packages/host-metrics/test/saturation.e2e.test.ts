import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { NODEJS_EVENTLOOP_DELAY, SATURATION } from '@golden-signals/conventions';
import { fixture } from './helpers/sdk.ts';

// The preload exactly as users load it: the bundled CommonJS entry.
const REGISTER = new URL('../../instrumentation/dist/register.cjs', import.meta.url).pathname;
const SERVICE = 'saturation-e2e';
const children: ChildProcess[] = [];
let dir: string;
let appPort: number;
let promPort: number;
let app: ChildProcess;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function start(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.resume();
  child.stderr?.resume();
  children.push(child);
  return child;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The single value of an instant PromQL query, or undefined when it has no result yet. */
async function query(promql: string): Promise<number | undefined> {
  const url = `http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(promql)}`;
  const body = (await (await fetch(url)).json()) as { data: { result: Array<{ value: [number, string] }> } };
  const value = body.data.result[0]?.value[1];
  return value === undefined ? undefined : Number(value);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gs-saturation-'));
  [appPort, promPort] = [await freePort(), await freePort()];
  app = start(process.execPath, ['--require', REGISTER, fixture('busyApp.cjs')], {
    ...process.env,
    OTEL_SERVICE_NAME: SERVICE,
    OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    OTEL_EXPORTER_PROMETHEUS_PORT: String(appPort),
  });
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: app
    static_configs: [{ targets: ['127.0.0.1:${appPort}'] }]
`,
  );
  start('/usr/bin/prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${promPort}`,
    '--log.level=warn',
  ]);
});

after(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const sat = `${SATURATION.prometheus}{service_name="${SERVICE}",resource="event_loop"}`;

test('a busy loop drives saturation_ratio{resource="event_loop"} and the delay histogram up in Prometheus', async () => {
  // The first window covers the app's startup, so wait for an idle one rather than take the first.
  const idle = await waitFor('an idle event-loop ratio in Prometheus', async () => {
    const v = await query(sat);
    return v !== undefined && v < 0.5 ? v : undefined;
  });
  assert.ok(idle >= 0);
  app.kill('SIGUSR2');
  const busy = await waitFor('a busy ratio', async () => {
    const v = await query(sat);
    return v !== undefined && v > 0.6 ? v : undefined;
  });
  assert.ok(busy <= 1);
  const h = NODEJS_EVENTLOOP_DELAY.prometheus;
  // Delays over 50 ms only happen while the loop spins for 90 ms at a time.
  const slow = await waitFor('slow delay samples', async () => {
    const v = await query(
      `${h}_count{service_name="${SERVICE}"} - ignoring(le) ${h}_bucket{service_name="${SERVICE}",le="0.05"}`,
    );
    return v !== undefined && v > 0 ? v : undefined;
  });
  assert.ok(slow > 0);
});

test('promtool check metrics finds nothing to complain about in the exposition', async () => {
  const text = await (await fetch(`http://127.0.0.1:${appPort}/metrics`)).text();
  assert.match(text, /saturation_ratio\{/);
  const problems = await new Promise<string>((resolve) => {
    const child = execFile('/usr/bin/promtool', ['check', 'metrics'], (_err, stdout, stderr) =>
      resolve(stdout + stderr),
    );
    child.stdin?.end(text);
  });
  assert.equal(problems.trim(), '');
});
