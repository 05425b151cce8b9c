import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { NODEJS_EVENTLOOP_DELAY, SATURATION } from '@golden-signals/conventions';
import { peerBinary } from '../../../test/helpers/peerBinaries.ts';
import { freePort, type RunningPrometheus, startPrometheus } from '../../alerting/test/helpers/prometheus.ts';
import { fixture } from './helpers/sdk.ts';

// The preload exactly as users load it: the bundled CommonJS entry.
const REGISTER = new URL('../../instrumentation/dist/register.cjs', import.meta.url).pathname;
const SERVICE = 'saturation-e2e';
let appPort: number;
let app: ChildProcess;
let prom: RunningPrometheus;

before(async () => {
  appPort = await freePort();
  app = spawn(process.execPath, ['--require', REGISTER, fixture('busyApp.cjs')], {
    env: {
      ...process.env,
      OTEL_SERVICE_NAME: SERVICE,
      OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
      OTEL_EXPORTER_PROMETHEUS_PORT: String(appPort),
    },
    stdio: 'ignore',
  });
  prom = await startPrometheus({ targets: [`127.0.0.1:${appPort}`] });
});

after(async () => {
  app.kill('SIGKILL');
  await prom.stop();
});

const sat = `${SATURATION.prometheus}{service_name="${SERVICE}",resource="event_loop"}`;

test('a busy loop drives saturation_ratio{resource="event_loop"} and the delay histogram up in Prometheus', async () => {
  // The first window covers the app's startup, so wait for an idle one rather than take the first.
  const idle = await prom.waitFor(sat, (v) => v < 0.5);
  assert.ok(idle >= 0);
  app.kill('SIGUSR2');
  const busy = await prom.waitFor(sat, (v) => v > 0.6);
  assert.ok(busy <= 1);
  const h = NODEJS_EVENTLOOP_DELAY.prometheus;
  // Delays over 50 ms only happen while the loop spins for 90 ms at a time.
  const slow = await prom.waitFor(
    `${h}_count{service_name="${SERVICE}"} - ignoring(le) ${h}_bucket{service_name="${SERVICE}",le="0.05"}`,
    (v) => v > 0,
  );
  assert.ok(slow > 0);
});

test('promtool check metrics finds nothing to complain about in the exposition', async () => {
  const text = await (await fetch(`http://127.0.0.1:${appPort}/metrics`)).text();
  assert.match(text, /saturation_ratio\{/);
  const problems = await new Promise<string>((resolve) => {
    const child = execFile(peerBinary('promtool'), ['check', 'metrics'], (_err, stdout, stderr) =>
      resolve(stdout + stderr),
    );
    child.stdin?.end(text);
  });
  assert.equal(problems.trim(), '');
});
