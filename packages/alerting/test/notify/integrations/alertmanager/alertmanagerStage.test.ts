import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postableAlerts } from '../../../../src/notify/integrations/alertmanager/alertmanagerIntegration.ts';
import { AlertmanagerStage } from '../../../../src/notify/integrations/alertmanager/alertmanagerStage.ts';
import { alert, withSeverity } from '../../helpers/alerts.ts';

const T0 = Date.UTC(2026, 0, 5, 12);

test('a firing alert is re-posted every resend_interval and not in between', () => {
  const stage = new AlertmanagerStage(60_000);
  const posted = new Map();
  const a = alert({ alertname: 'X', service_name: 's' });
  assert.equal(stage.plan(posted, [a], [], T0).length, 1);
  assert.equal(stage.plan(posted, [a], [], T0 + 30_000).length, 0);
  assert.equal(stage.plan(posted, [a], [], T0 + 60_000).length, 1);
});

test('an alert no longer visible is posted once as ended', () => {
  const stage = new AlertmanagerStage(60_000);
  const posted = new Map();
  const a = alert({ alertname: 'X', service_name: 's' });
  stage.plan(posted, [a], [], T0);
  const out = stage.plan(posted, [], [], T0 + 1000);
  assert.equal(out.length, 1);
  assert.equal(out[0]?.alert.state, 'resolved');
  assert.equal(stage.plan(posted, [], [], T0 + 2000).length, 0);
});

test('a severity change posts the old-severity alert ended now and the new one starting now', () => {
  const a = withSeverity(alert({ alertname: 'X', service_name: 's' }), 'critical');
  const body = postableAlerts(
    {
      id: '1',
      kind: 'escalated',
      receiver: 'am',
      groupKey: 'g',
      groupLabels: {},
      createdAt: T0,
      alerts: [{ alert: a, previousSeverity: 'warning' }],
    },
    T0,
    60_000,
  );
  assert.deepEqual(
    body.map((b) => [b.labels.severity, b.endsAt]),
    [
      ['warning', new Date(T0).toISOString()],
      ['critical', new Date(T0 + 240_000).toISOString()],
    ],
  );
  assert.equal(body[1]?.startsAt, new Date(T0).toISOString());
});
