import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type HistoryEvent, incidentVerdict, undelivered } from '../../src/runner/incidentVerdict.ts';

const ev = (
  at: number,
  kind: HistoryEvent['kind'],
  severity: string,
  alertname = 'CheckoutErrorRatio',
): HistoryEvent => ({
  at,
  kind,
  severity,
  fingerprint: 'f',
  labels: { alertname, service_name: 'demo-shop' },
  value: 0.1,
  reasons: [],
});

test('the incident passes when the alert is paged at warning, escalates to critical, then resolves', () => {
  const v = incidentVerdict(
    [
      ev(1, 'firing', 'info'),
      ev(2, 'escalated', 'warning'),
      ev(3, 'escalated', 'critical'),
      ev(4, 'deescalated', 'warning'),
      ev(5, 'resolved', 'warning'),
    ],
    'CheckoutErrorRatio',
    0,
  );
  assert.equal(v.done, true);
  assert.equal(v.paged?.at, 2);
  assert.equal(v.resolved?.at, 5);
});

test('an incident that never escalated fails with that reason', () => {
  const v = incidentVerdict(
    [ev(1, 'firing', 'warning'), ev(5, 'resolved', 'warning')],
    'CheckoutErrorRatio',
    0,
  );
  assert.equal(v.done, false);
  assert.deepEqual(v.missing, ['CheckoutErrorRatio fired at warning but never escalated to critical']);
});

test('events of other alerts and from before the run do not count', () => {
  const v = incidentVerdict(
    [
      ev(1, 'firing', 'warning'),
      ev(2, 'escalated', 'critical', 'Other'),
      ev(20, 'escalated', 'critical'),
      ev(30, 'resolved', 'critical'),
    ],
    'CheckoutErrorRatio',
    10,
  );
  assert.deepEqual(v.missing, ['CheckoutErrorRatio never fired at warning']);
});

test('delivery is judged on notifications Slack accepted', () => {
  const line = (kind: string, status = 'sent') => ({ kind, status, alertnames: ['CheckoutErrorRatio'] });
  assert.deepEqual(
    undelivered([line('firing'), line('escalated'), line('resolved')], 'CheckoutErrorRatio'),
    [],
  );
  assert.deepEqual(
    undelivered([line('firing'), line('escalated'), line('resolved', 'failed')], 'CheckoutErrorRatio'),
    ['the resolve was not delivered to Slack'],
  );
});
