/**
 * The status page asks the real notification pipeline which alerts it hides: a silence created
 * through the silences API marks its alert `silenced`, an inhibit rule's firing source marks its
 * target `inhibited`, and neither colours the signal card.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Alert } from '../../../src/alert.ts';
import { createNotifier } from '../../../src/notify/notifier.ts';
import { handleStatusPage } from '../../../src/web/status/statusPage.ts';
import { alert, ev } from '../../notify/helpers/alerts.ts';
import { startApi } from '../../notify/helpers/api.ts';
import { config, memoryLogger } from '../../notify/helpers/notifierHarness.ts';

test('silenced and inhibited alerts are marked on the status page and leave the card uncoloured', async (t) => {
  const stateDir = await mkdtemp(join(tmpdir(), 'gs-muted-'));
  t.after(() => rm(stateDir, { recursive: true, force: true }));
  const notifier = createNotifier({
    config: config({
      receivers: [{ name: 'hook', webhook: { url: 'http://127.0.0.1:9/hook' } }],
      route: { receiver: 'hook', group_wait: '1h' },
      inhibit_rules: [
        {
          source_matchers: ['alertname="HTTPErrorRatio"', 'severity="critical"'],
          target_matchers: ['alertname="HTTPLatencyP99"'],
          equal: ['service_name'],
        },
      ],
    }),
    stateDir,
    query: async () => [],
    log: memoryLogger(),
  });
  t.after(() => notifier.close());
  const errors = alert({ alertname: 'HTTPErrorRatio', service_name: 'checkout', severity: 'critical' });
  const latency = alert({ alertname: 'HTTPLatencyP99', service_name: 'checkout', severity: 'warning' });
  const memory = alert({ alertname: 'MemorySaturation', service_name: 'search', severity: 'critical' });
  const active: Alert[] = [errors, latency, memory];
  await startApi(notifier, async (api) => {
    const res = await fetch(`${api}/api/v1/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        matchers: ['alertname="MemorySaturation"'],
        duration: '1h',
        createdBy: 'ana',
        comment: 'resize in progress',
      }),
    });
    assert.equal(res.status, 200, await res.text());
  });
  await notifier.handle(
    active.map((a) => ev('firing', a, Date.now())),
    active,
  );
  const server = createServer((req, res) => {
    const ctx = {
      engine: { alerts: () => active, history: () => [], lastCycleAt: () => Date.now() },
      notifier,
    };
    void handleStatusPage(req, res, new URL(req.url ?? '/', 'http://127.0.0.1'), ctx);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const summary = (await (
    await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/status/api/summary`)
  ).json()) as {
    alerts: Array<{ alertname: string; muted?: string }>;
    signals: Array<{ signal: string; state: string; firing: number; muted: number }>;
  };
  const muted = Object.fromEntries(summary.alerts.map((a) => [a.alertname, a.muted ?? 'heard']));
  assert.deepEqual(muted, {
    HTTPErrorRatio: 'heard',
    HTTPLatencyP99: 'inhibited',
    MemorySaturation: 'silenced',
  });
  const card = Object.fromEntries(summary.signals.map((s) => [s.signal, s]));
  assert.equal(card.saturation?.state, 'unknown', 'the silenced critical does not paint saturation red');
  assert.equal(card.saturation?.muted, 1);
  assert.equal(card.latency?.firing, 0);
  assert.equal(card.errors?.state, 'critical');
});
