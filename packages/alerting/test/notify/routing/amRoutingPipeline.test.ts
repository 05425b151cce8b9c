import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alert, ev } from '../helpers/alerts.ts';
import { FakeClock } from '../helpers/fakeClock.ts';
import { startHarness } from '../helpers/notifierHarness.ts';

test('one receiver reached by two routes gets one message per route, as in Alertmanager', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({
    clock,
    route: {
      routes: [
        { matchers: ['team="db"'], receiver: 'oncall', continue: true },
        { matchers: ['severity="warning"'], receiver: 'oncall' },
      ],
    },
  });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'DiskFull', service_name: 'db', team: 'db' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 2);
});

test('alerts matching both the source and the target of an inhibit rule do not inhibit each other', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({
    clock,
    route: { group_by: ['...'] },
    extra: {
      inhibit_rules: [
        {
          source_matchers: ['alertname="NodeDown"'],
          target_matchers: ['alertname="NodeDown"'],
          equal: ['service_name'],
        },
      ],
    },
  });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'NodeDown', service_name: 'db', instance: 'a' });
  const b = alert({ alertname: 'NodeDown', service_name: 'db', instance: 'b' });
  await h.notifier.handle([ev('firing', a, clock.now()), ev('firing', b, clock.now())], [a, b]);
  await clock.advance(10_000);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 2, 'each twin is paged (group_by ... makes one group each)');
});
