/**
 * The engine as users run it (`golden-signals-alerting run`, a real process) against a real
 * Prometheus scraping a tiny exposition server whose value the test controls. Short intervals
 * (1s evaluation, 2s for, 3s data-source grace) keep it to seconds.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { poll } from '../../../../test/kit/poll.ts';
import { loadState } from '../../src/store/stateStore.ts';
import { startGaugeServer } from '../helpers/gaugeServer.ts';
import { startPrometheus } from '../helpers/prometheus.ts';
import { startListening } from '../helpers/runProcess.ts';

interface ApiAlert {
  labels: Record<string, string>;
  state: string;
  severity: string;
  activeAt: string;
  fingerprint: string;
  reasons: string[];
}

const startEngine = (config: string) => startListening(config, { timeoutMs: 15_000 });

async function alerts(url: string): Promise<ApiAlert[]> {
  const body = (await (await fetch(`${url}/api/v1/alerts`)).json()) as { data: { alerts: ApiAlert[] } };
  return body.data.alerts;
}

function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  return poll(what, fn, timeoutMs);
}

const alertNamed = (name: string, pred: (a: ApiAlert) => boolean) => async (url: string) =>
  (await alerts(url)).find((a) => a.labels.alertname === name && pred(a));

test('the engine escalates one alert, survives kill -9, resolves below recover and holds state when Prometheus stops', async (t) => {
  const gauge = await startGaugeServer();
  t.after(() => gauge.close());
  gauge.set('checkout_error_ratio', 0.03, { service_name: 'shop' });
  const prom = await startPrometheus({ targets: [gauge.target] });
  t.after(() => prom.stop());
  const dir = await mkdtemp(join(tmpdir(), 'gs-alerting-'));
  // One hook, in this order: the engine writes its state into `dir` until it is gone.
  let current: ChildProcess | undefined;
  t.after(async () => {
    const child = current;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  });
  await writeFile(
    join(dir, 'rules.yml'),
    `groups:
  - name: shop
    rules:
      - record: job:up:sum
        expr: sum(up)
      - alert: CheckoutErrorRate
        expr: max by (service_name) (checkout_error_ratio)
        for: 2s
        severity:
          thresholds: { critical: 0.10, warning: 0.05, info: 0.02 }
          recover: 0.015
        annotations:
          summary: 'checkout errors {{ $value | humanizePercentage }} on {{ $labels.service_name }}'
`,
  );
  const config = join(dir, 'alerting.yml');
  await writeFile(
    config,
    `prometheus: { url: ${prom.url}, timeout: 5s }
evaluation_interval: 1s
rule_files: [ rules.yml ]
state_dir: ./data
listen: 127.0.0.1:0
datasource_down_grace: 3s
`,
  );
  await prom.waitFor('checkout_error_ratio');
  let engine = await startEngine(config);
  current = engine.child;
  const checkout = (pred: (a: ApiAlert) => boolean) => alertNamed('CheckoutErrorRate', pred);

  const info = await waitFor('info firing', () => checkout((a) => a.state === 'firing')(engine.url));
  assert.equal(info.severity, 'info');
  gauge.set('checkout_error_ratio', 0.07, { service_name: 'shop' });
  await waitFor('warning', () => checkout((a) => a.severity === 'warning')(engine.url));
  gauge.set('checkout_error_ratio', 0.2, { service_name: 'shop' });
  const critical = await waitFor('critical', () => checkout((a) => a.severity === 'critical')(engine.url));
  assert.equal(critical.fingerprint, info.fingerprint, 'one alert, escalated');
  assert.equal(critical.activeAt, info.activeAt, 'escalation never resets activeAt');
  const history = (await (await fetch(`${engine.url}/api/v1/history`)).json()) as {
    data: { events: Array<{ kind: string; fingerprint: string }> };
  };
  const mine = history.data.events.filter((e) => e.fingerprint === info.fingerprint).map((e) => e.kind);
  assert.deepEqual(mine, ['firing', 'escalated', 'escalated']);

  // A cycle updates the alerts the API shows, hands the events to the notifier, and only then
  // saves the state; a kill -9 in between restores `warning`. That is right for the pager: the
  // notifier's log already holds what it was told (critical), and the first cycle after the
  // restart re-evaluates the still-critical value before handing anything over, so no page is
  // lost and none is sent twice (its dedup compares against the told severity). This test is
  // about what the state file restores, so it kills only once the file says critical.
  await waitFor('critical saved', async () => {
    const saved = (await loadState(join(dir, 'data'))).state.alerts;
    return saved.some((a) => a.fingerprint === info.fingerprint && a.severity === 'critical') || undefined;
  });
  engine.child.kill('SIGKILL');
  await new Promise((r) => engine.child.once('exit', r));
  engine = await startEngine(config);
  current = engine.child;
  const restored = await waitFor('restored alert', () => checkout((a) => a.state === 'firing')(engine.url));
  assert.equal(restored.activeAt, info.activeAt, 'activeAt survives kill -9');
  assert.equal(restored.severity, 'critical');

  gauge.set('checkout_error_ratio', 0.018, { service_name: 'shop' });
  const held = await waitFor('held in recover band', () =>
    checkout((a) => a.severity === 'info')(engine.url),
  );
  assert.match(held.reasons.join(' '), /held: value 0.018/);
  gauge.set('checkout_error_ratio', 0.01, { service_name: 'shop' });
  await waitFor('resolved', async () => ((await alerts(engine.url)).length === 0 ? true : undefined));
  const after = (await (await fetch(`${engine.url}/api/v1/history`)).json()) as {
    data: { events: Array<{ kind: string; fingerprint: string }> };
  };
  assert.deepEqual(
    after.data.events.filter((e) => e.fingerprint === info.fingerprint).map((e) => e.kind),
    ['firing', 'escalated', 'escalated', 'deescalated', 'resolved'],
    'nothing was paged again after the restart',
  );

  gauge.set('checkout_error_ratio', 0.2, { service_name: 'shop' });
  const refired = await waitFor('fired again', () => checkout((a) => a.state === 'firing')(engine.url));
  await prom.kill();
  const down = await waitFor('AlertingDataSourceDown', () =>
    alertNamed(DS, (a) => a.state === 'firing')(engine.url),
  );
  assert.equal(down.severity, 'critical');
  const still = await checkout(() => true)(engine.url);
  assert.equal(still?.state, 'firing', 'no false resolve while Prometheus is down');
  assert.equal(still?.activeAt, refired.activeAt);
  const metrics = await (await fetch(`${engine.url}/metrics`)).text();
  assert.match(metrics, /golden_signals_alerting_datasource_up 0/);
  assert.match(
    metrics,
    /golden_signals_alerting_rule_evaluation_failures_total\{rule_group="shop",reason="unreachable"\} \d+/,
  );
});

const DS = 'AlertingDataSourceDown';
