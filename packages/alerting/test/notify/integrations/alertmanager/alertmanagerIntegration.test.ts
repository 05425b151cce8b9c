import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startAlertmanager } from '../../../../../../test/kit/alertmanager.ts';
import { createNotifier } from '../../../../src/notify/notifier.ts';
import { alert, ev, resolved, withSeverity } from '../../helpers/alerts.ts';
import { config, memoryLogger } from '../../helpers/notifierHarness.ts';

interface AmAlert {
  labels: Record<string, string>;
  status: { state: string };
  endsAt: string;
}

/** A real Alertmanager whose one receiver drops everything: the tests read its API, not its posts. */
const startBlackholeAlertmanager = () =>
  startAlertmanager({ config: 'route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n' });

async function activeAlerts(url: string): Promise<AmAlert[]> {
  const res = await fetch(`${url}/api/v2/alerts?active=true&silenced=true&inhibited=true`);
  return ((await res.json()) as AmAlert[]).filter((a) => Date.parse(a.endsAt) > Date.now());
}

test('a real Alertmanager sees the alert, one alert per severity change, and its resolve', async (t) => {
  const am = await startBlackholeAlertmanager();
  const stateDir = await mkdtemp(join(tmpdir(), 'gs-am-state-'));
  const notifier = createNotifier({
    config: config({
      receivers: [{ name: 'am', alertmanager: { urls: [am.url], resend_interval: '1m' } }],
      route: { receiver: 'am' },
    }),
    stateDir,
    query: async () => [],
    log: memoryLogger(),
  });
  t.after(async () => {
    await notifier.close();
    await am.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  const a = alert({ alertname: 'ApiErrors', service_name: 'api', severity: 'warning' });
  await notifier.handle([ev('firing', a, Date.now())], [a]);
  await notifier.drained();
  let got = await activeAlerts(am.url);
  assert.deepEqual(
    got.map((x) => x.labels.severity),
    ['warning'],
  );

  const c = withSeverity(a, 'critical');
  await notifier.handle([ev('escalated', c, Date.now(), 'warning')], [c]);
  await notifier.drained();
  got = await activeAlerts(am.url);
  assert.deepEqual(
    got.map((x) => x.labels.severity),
    ['critical'],
    'the warning alert was ended as the critical one started',
  );

  const r = resolved(c, Date.now());
  await notifier.handle([ev('resolved', r, Date.now())], []);
  await notifier.drained();
  assert.deepEqual(await activeAlerts(am.url), []);
  assert.match(notifier.metrics(), /alerting_notifications_sent_total\{[^}]*integration="alertmanager"\} 3/);
});

test('an alert that ended while the service was down is ended in Alertmanager at the first cycle after restart', async (t) => {
  const am = await startBlackholeAlertmanager();
  const stateDir = await mkdtemp(join(tmpdir(), 'gs-am-state-'));
  const cfg = config({
    // A long resend interval: without the saved record, Alertmanager would hold the alert 4 of them.
    receivers: [{ name: 'am', alertmanager: { urls: [am.url], resend_interval: '10m' } }],
    route: { receiver: 'am' },
  });
  const start = () => createNotifier({ config: cfg, stateDir, query: async () => [], log: memoryLogger() });
  let notifier = start();
  t.after(async () => {
    await notifier.close();
    await am.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  const a = alert({ alertname: 'DiskFull', service_name: 'db', severity: 'critical' });
  await notifier.handle([ev('firing', a, Date.now())], [a]);
  await notifier.drained();
  assert.deepEqual(
    (await activeAlerts(am.url)).map((x) => x.labels.alertname),
    ['DiskFull'],
  );
  await notifier.close();

  // The engine restarts without the alert (it resolved, or its rule was removed, meanwhile).
  notifier = start();
  await notifier.handle([], []);
  await notifier.drained();
  assert.deepEqual(await activeAlerts(am.url), [], 'ended now, not 40 minutes from now');
});
