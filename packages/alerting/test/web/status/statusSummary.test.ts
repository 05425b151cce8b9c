import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert } from '../../../src/alert.ts';
import { alertViews, signalOf } from '../../../src/web/status/alertViews.ts';
import { businessQueries, errorRatio, stepFor } from '../../../src/web/status/statusQueries.ts';
import { buildSummary, businessCards, signalCards } from '../../../src/web/status/statusSummary.ts';

function alert(name: string, state: Alert['state'], severity: string, extra: Partial<Alert> = {}): Alert {
  return {
    fingerprint: `${name}-${severity}`,
    labels: { alertname: name, service_name: 'shop', severity },
    annotations: { summary: `${name} summary` },
    state,
    severity,
    reasons: [`value >= ${severity}`],
    value: 0.3,
    activeAt: 1000,
    ...extra,
  };
}

test('an alert is filed under the signal its label names, else the one its name suggests', () => {
  assert.equal(signalOf({ alertname: 'Whatever', signal: 'traffic' }), 'traffic');
  assert.equal(signalOf({ alertname: 'HTTPLatencyP99' }), 'latency');
  assert.equal(signalOf({ alertname: 'HTTPErrorRatio' }), 'errors');
  assert.equal(signalOf({ alertname: 'MemorySaturation' }), 'saturation');
  assert.equal(signalOf({ alertname: 'EventLoopDelay' }), 'saturation');
  assert.equal(signalOf({ alertname: 'AlertingDataSourceDown' }), undefined);
});

test('alerts are listed firing before pending, critical first, oldest first, without resolved ones', () => {
  const rows = alertViews([
    alert('HTTPLatencyP99', 'firing', 'warning', { activeAt: 1 }),
    alert('HTTPErrorRatio', 'pending', 'critical'),
    alert('MemorySaturation', 'firing', 'critical', { activeAt: 5 }),
    alert('Old', 'resolved', 'critical'),
    alert('ApdexLow', 'firing', 'critical', { activeAt: 2 }),
  ]);
  assert.deepEqual(
    rows.map((r) => r.alertname),
    ['ApdexLow', 'MemorySaturation', 'HTTPLatencyP99', 'HTTPErrorRatio'],
  );
  assert.equal(rows[0]!.service, 'shop');
  assert.deepEqual(rows[0]!.reasons, ['value >= critical']);
});

test('a signal card takes the colour of its loudest firing alert and ignores pending ones', () => {
  const cards = signalCards(
    {
      rate: [{ labels: { service_name: 'shop' }, value: 12.5 }],
      errorRatio: [{ labels: { service_name: 'shop' }, value: 0.051 }],
      p99: [{ labels: { service_name: 'shop' }, value: 1.25 }],
      p95: [{ labels: { service_name: 'shop' }, value: 0.08 }],
      p50: [{ labels: { service_name: 'shop' }, value: Number.NaN }],
      saturation: [
        { labels: { service_name: 'shop', resource: 'memory' }, value: 0.76 },
        { labels: { service_name: 'shop', resource: 'cpu' }, value: 0.5 },
      ],
    },
    alertViews([
      alert('HTTPErrorRatio', 'firing', 'warning'),
      alert('CheckoutErrors', 'firing', 'critical'),
      alert('HTTPLatencyP99', 'pending', 'critical'),
    ]),
  );
  const by = Object.fromEntries(cards.map((c) => [c.signal, c]));
  assert.equal(by.errors!.state, 'critical');
  assert.equal(by.errors!.firing, 2);
  assert.equal(by.latency!.state, 'ok');
  assert.equal(by.latency!.pending, 1);
  assert.deepEqual(by.latency!.lines, ['shop: p99 1.25 s · p95 80 ms · p50 –']);
  assert.deepEqual(by.traffic!.lines, ['shop: 12.5 req/s']);
  assert.deepEqual(by.errors!.lines, ['shop: 5.1 % of requests fail']);
  assert.deepEqual(by.saturation!.lines, ['shop: cpu 50 % · memory 76 %']);
});

test('revenue today is compared with yesterday by the same hour, and conversions are over page views', () => {
  const b = businessCards({
    revenueToday: [{ labels: { currency: 'USD' }, value: 12450 }],
    revenueYesterday: [{ labels: { currency: 'USD' }, value: 11890 }],
    pageViews: [{ labels: {}, value: 10 }],
    signups: [{ labels: {}, value: 0.23 }],
    purchases: [{ labels: {}, value: 0.18 }],
  });
  assert.equal(b.revenue[0]!.currency, 'USD');
  assert.ok(Math.abs(b.revenue[0]!.change! - 0.0471) < 0.001);
  assert.ok(Math.abs(b.signupRate! - 0.023) < 1e-9);
  assert.ok(Math.abs(b.purchaseRate! - 0.018) < 1e-9);
  assert.ok(Math.abs(b.purchasesPerMinute! - 10.8) < 1e-9);
});

test('business cards stay empty rather than invent numbers when Prometheus has none', () => {
  const b = businessCards({
    revenueToday: [],
    revenueYesterday: undefined,
    pageViews: [],
    signups: undefined,
  });
  assert.deepEqual(b, { revenue: [] });
});

test('the summary reports a Prometheus failure and lists history newest first', () => {
  const s = buildSummary({
    now: 10_000,
    lastCycleAt: 9_000,
    window: '30s',
    alerts: [],
    history: [
      { at: 1, kind: 'firing', fingerprint: 'a', labels: {}, severity: 'warning', value: 1, reasons: [] },
      { at: 2, kind: 'resolved', fingerprint: 'a', labels: {}, severity: 'warning', value: 0, reasons: [] },
    ],
    notifications: [],
    silences: [
      {
        id: 's1',
        matchers: [{ name: 'alertname', type: '=', value: 'X' }],
        startsAt: 0,
        endsAt: 5_000,
        createdBy: 'ana',
        comment: 'deploy',
      },
    ],
    cards: {},
    business: {},
    prometheusError: 'connect ECONNREFUSED',
  });
  assert.deepEqual(s.prometheus, { ok: false, error: 'connect ECONNREFUSED' });
  assert.deepEqual(
    s.history.map((h) => h.kind),
    ['resolved', 'firing'],
  );
  assert.equal(s.silences[0]!.state, 'expired');
  assert.deepEqual(s.silences[0]!.matchers, ['alertname="X"']);
});

test('queries: the error ratio is 0 rather than absent when nothing failed, and steps stay near 240 points', () => {
  assert.match(errorRatio('30s'), /or 0 \* sum by \(service_name\)/);
  assert.equal(stepFor(900), 4);
  assert.equal(stepFor(60), 1);
  assert.match(businessQueries(10, '5m').revenueToday ?? '', /\[60s\]/);
  assert.match(businessQueries(3600, '5m').revenueYesterday ?? '', /\[3600s\] offset 1d/);
});
