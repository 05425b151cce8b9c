import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert } from '../../src/alert.ts';
import { alert, ev, resolved, withSeverity } from './helpers/alerts.ts';
import { FakeClock } from './helpers/fakeClock.ts';
import { startHarness } from './helpers/notifierHarness.ts';
import { deliveredHeaders } from './helpers/slackPosts.ts';

const headers = (h: { sink: { delivered(): Array<{ body: unknown }> } }) => deliveredHeaders(h.sink);

test('100 alerts firing at once in 5 groups reach Slack as 5 messages after group_wait, none before', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  const alerts: Alert[] = [];
  for (let i = 0; i < 100; i++)
    alerts.push(alert({ alertname: 'HighErrorRate', service_name: `svc${i % 5}`, instance: `i${i}` }));
  await h.notifier.handle(
    alerts.map((a) => ev('firing', a, clock.now())),
    alerts,
  );
  await clock.advance(9_000);
  await h.notifier.drained();
  assert.equal(h.sink.requests.length, 0, 'nothing is sent during group_wait');
  await clock.advance(1_000);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 5);
  for (const hd of headers(h)) assert.match(hd, /^FIRING · warning · 20 alerts · HighErrorRate/);
});

test('an alert that keeps firing is repeated after repeat_interval and not before', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock, route: { repeat_interval: '10m' } });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'Slow', service_name: 'api' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 1);
  await clock.advance(9 * 60_000);
  await h.notifier.handle([], [a]);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 1, 'no repeat before repeat_interval');
  await clock.advance(60_000);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 2);
  assert.match(headers(h)[1] ?? '', /^STILL FIRING · warning · Slow \(api\)/);
});

test('an escalation is its own message naming the previous severity, and the resolve follows it', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'Errors', service_name: 'checkout', severity: 'warning' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  const c = withSeverity(a, 'critical');
  await h.notifier.handle([ev('escalated', c, clock.now(), 'warning')], [c]);
  await clock.advance(60_000);
  const r = resolved(c, clock.now());
  await h.notifier.handle([ev('resolved', r, clock.now())], []);
  await clock.advance(60_000);
  await h.notifier.drained();
  assert.deepEqual(headers(h), [
    'FIRING · warning · Errors (checkout)',
    'ESCALATED · warning → critical · Errors (checkout)',
    'RESOLVED · Errors (checkout)',
  ]);
});

test('min_severity: an info alert is not paged, its rise to warning is its first page, and an alert never paged gets no resolve', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock, slack: { min_severity: 'warning' } });
  t.after(() => h.cleanup());
  const info = alert({ alertname: 'Conv', service_name: 'shop', severity: 'info' });
  const quiet = alert({ alertname: 'Quiet', service_name: 'shop', severity: 'info' });
  await h.notifier.handle([ev('firing', info, clock.now()), ev('firing', quiet, clock.now())], [info, quiet]);
  await clock.advance(10_000);
  await h.notifier.drained();
  assert.equal(h.sink.requests.length, 0);
  const warn = withSeverity(info, 'warning');
  await h.notifier.handle([ev('escalated', warn, clock.now(), 'info')], [warn, quiet]);
  await clock.advance(60_000);
  const rq = resolved(quiet, clock.now());
  await h.notifier.handle([ev('resolved', rq, clock.now())], [warn]);
  await clock.advance(60_000);
  await h.notifier.drained();
  assert.deepEqual(headers(h), ['FIRING · warning · Conv (shop)']);
});

test('an inhibited warning is not paged while the critical alert of the same service fires', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({
    clock,
    extra: {
      inhibit_rules: [
        {
          source_matchers: ['severity="critical"'],
          target_matchers: ['severity=~"warning|info"'],
          equal: ['service_name'],
        },
      ],
    },
  });
  t.after(() => h.cleanup());
  const crit = alert({ alertname: 'Down', service_name: 'pay', severity: 'critical' });
  const warn = alert({ alertname: 'Slow', service_name: 'pay', severity: 'warning' });
  const other = alert({ alertname: 'Slow', service_name: 'cart', severity: 'warning' });
  const all = [crit, warn, other];
  await h.notifier.handle(
    all.map((a) => ev('firing', a, clock.now())),
    all,
  );
  await clock.advance(10_000);
  await h.notifier.drained();
  assert.deepEqual(headers(h).sort(), ['FIRING · critical · Down (pay)', 'FIRING · warning · Slow (cart)']);
});

test('a silenced alert is not paged, and when the silence ends over it still firing one notice says so', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'Disk', service_name: 'db' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  await h.notifier.drained();
  const silence = await postSilence(h, clock.now(), { matchers: ['service_name="db"'], duration: '5m' });
  assert.equal(silence.status, 200);
  const b = alert({ alertname: 'DiskIO', service_name: 'db' });
  await h.notifier.handle([ev('firing', b, clock.now())], [a, b]);
  await clock.advance(4 * 60_000);
  await h.notifier.handle([], [a, b]);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 1, 'nothing while silenced');
  await clock.advance(60_000 + 1);
  await h.notifier.drained();
  await clock.advance(2 * 60_000);
  await h.notifier.drained();
  const hs = headers(h);
  assert.equal(hs.length, 3, hs.join('\n'));
  assert.ok(hs.includes('SILENCE ENDED, STILL FIRING · warning · Disk (db)'), hs.join('\n'));
  assert.ok(
    hs.includes('FIRING · warning · DiskIO (db)'),
    'never-paged alert gets its first page after the silence',
  );
  const rec = h.notifier.recent(50).filter((r) => r.status === 'suppressed');
  assert.equal(rec.length, 2, 'each silenced alert is recorded once');
});

test('a paged alert that resolves under a silence has its resolve recorded, then sent when the silence ends', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'Queue', service_name: 'worker' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  await postSilence(h, clock.now(), { matchers: ['alertname="Queue"'], duration: '10m' });
  await clock.advance(60_000);
  const r = resolved(a, clock.now());
  await h.notifier.handle([ev('resolved', r, clock.now())], []);
  await clock.advance(2 * 60_000);
  await h.notifier.drained();
  assert.deepEqual(headers(h), ['FIRING · warning · Queue (worker)']);
  assert.ok(
    h.notifier
      .recent(10)
      .some((x) => x.status === 'suppressed' && x.kind === 'resolved' && x.reason === 'silenced'),
  );
  await clock.advance(8 * 60_000);
  await h.notifier.drained();
  assert.deepEqual(headers(h), ['FIRING · warning · Queue (worker)', 'RESOLVED · Queue (worker)']);
});

test('a silenced alert and the resolve the silence holds are each recorded once, not at every group_interval', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'Queue', service_name: 'worker' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  await postSilence(h, clock.now(), { matchers: ['alertname="Queue"'], duration: '30m' });
  const r = resolved(a, clock.now());
  await h.notifier.handle([ev('resolved', r, clock.now())], []);
  for (let i = 0; i < 20; i++) {
    await clock.advance(60_000);
    await h.notifier.handle([], []);
  }
  await h.notifier.drained();
  const suppressed = h.notifier.recent(100).filter((x) => x.status === 'suppressed');
  assert.deepEqual(
    suppressed.map((x) => `${x.kind} ${x.reason}`).reverse(),
    ['firing silenced', 'resolved silenced'],
    'the silence once, the resolve it holds once',
  );
  await clock.advance(15 * 60_000);
  await h.notifier.drained();
  assert.deepEqual(headers(h), ['FIRING · warning · Queue (worker)', 'RESOLVED · Queue (worker)']);
});

test('a mute window holds notifications, and the first flush after it sends them', async (t) => {
  // FakeClock starts Monday 2026-01-05 12:00 UTC; the window mutes 12:00-12:30 UTC.
  const clock = new FakeClock();
  const h = await startHarness({
    clock,
    // Alertmanager refuses mute intervals on the root route: they go on a child.
    route: { routes: [{ matchers: ['alertname="Latency"'], mute_time_intervals: ['lunch'] }] },
    extra: {
      mute_time_intervals: [
        { name: 'lunch', time_intervals: [{ times: [{ start_time: '12:00', end_time: '12:30' }] }] },
      ],
    },
  });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'Latency', service_name: 'api' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(29 * 60_000);
  await h.notifier.drained();
  assert.equal(h.sink.requests.length, 0, 'muted during the window');
  await clock.advance(2 * 60_000);
  await h.notifier.drained();
  assert.deepEqual(headers(h), ['FIRING · warning · Latency (api)']);
});

async function postSilence(
  h: { notifier: { silenceAccess: (...a: never[]) => Promise<unknown> } },
  now: number,
  body: Record<string, unknown>,
): Promise<{ status: number; body: unknown }> {
  const { startApi } = await import('./helpers/api.ts');
  return startApi(h.notifier as never, async (url) => {
    const res = await fetch(`${url}/api/v1/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        createdBy: 'alice',
        comment: 'maintenance',
        startsAt: new Date(now).toISOString(),
        ...body,
      }),
    });
    return { status: res.status, body: await res.json() };
  });
}

test('a resolve is sent as soon as group_interval has passed since the last message, not at the next tick of the group', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'Soon', service_name: 'api' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000); // group_wait: the page goes out at 10 s
  await h.notifier.drained();
  await clock.advance(65_000); // a quiet flush at 70 s; now 75 s
  await h.notifier.handle([ev('resolved', resolved(a, clock.now()), clock.now())], []);
  await clock.advance(1_000);
  await h.notifier.drained();
  assert.deepEqual(headers(h), ['FIRING · warning · Soon (api)', 'RESOLVED · Soon (api)']);
});

test('changes in a flushed group still wait group_interval after its last message', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'Wait', service_name: 'api', instance: 'a' });
  const b = alert({ alertname: 'Wait', service_name: 'api', instance: 'b' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  await h.notifier.drained();
  await clock.advance(20_000); // 30 s: b joins the group 20 s after the page
  await h.notifier.handle([ev('firing', b, clock.now())], [a, b]);
  await clock.advance(39_000);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 1, 'not before group_interval (60 s after the first message)');
  await clock.advance(1_000);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 2);
});
