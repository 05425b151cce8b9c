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

test('a notification log written before entries were kept per route is honoured: no second page after the upgrade', async (t) => {
  const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const stateDir = await mkdtemp(join(tmpdir(), 'gs-nflog-legacy-'));
  t.after(() => rm(stateDir, { recursive: true, force: true }));
  const clock = new FakeClock();
  const a = alert({ alertname: 'Slow', service_name: 'api' });
  const first = await startHarness({ clock, stateDir });
  await first.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  await first.notifier.drained();
  assert.equal(first.sink.delivered().length, 1);
  await first.cleanup();
  // The older layout: told entries keyed by fingerprint alone.
  const file = join(stateDir, 'nflog.json');
  const saved = JSON.parse(await readFile(file, 'utf8')) as {
    told: Record<string, Record<string, { alert: { fingerprint: string } }>>;
  };
  for (const [target, entries] of Object.entries(saved.told))
    saved.told[target] = Object.fromEntries(Object.values(entries).map((e) => [e.alert.fingerprint, e]));
  await writeFile(file, JSON.stringify(saved));
  const second = await startHarness({ clock, stateDir });
  t.after(() => second.cleanup());
  await second.notifier.handle([], [a]);
  await clock.advance(70_000);
  await second.notifier.drained();
  assert.equal(second.sink.delivered().length, 0, 'already paged before the upgrade');
});
