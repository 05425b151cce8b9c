import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SlackSink, slackPayloadToText } from '../../src/notify/integrations/slack/slackSink.ts';
import { createNotifier } from '../../src/notify/notifier.ts';
import { swappableNotifier } from '../../src/notify/swappableNotifier.ts';
import type { NotificationRecord } from '../../src/notify/types.ts';
import { alert, ev, resolved } from './helpers/alerts.ts';
import { config, memoryLogger } from './helpers/notifierHarness.ts';

test('a reload moves the receiver to a new webhook: the resolve owed and new pages go there, nothing twice', async (t) => {
  const [before, after] = [new SlackSink(), new SlackSink()];
  await before.start();
  await after.start();
  const stateDir = await mkdtemp(join(tmpdir(), 'gs-reload-'));
  const make = (url: string, recent?: readonly NotificationRecord[]) =>
    createNotifier({
      ...(recent ? { recent } : {}),
      config: config({
        receivers: [{ name: 'oncall', slack: { webhook_url: url } }],
        route: { receiver: 'oncall', group_by: ['alertname'], group_wait: '0s', group_interval: '1s' },
      }),
      stateDir,
      query: async () => [],
      log: memoryLogger(),
    });
  const notifier = swappableNotifier(make(before.url));
  t.after(async () => {
    await notifier.close();
    await before.stop();
    await after.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  const disk = alert({ alertname: 'DiskFull', service_name: 'db' });
  await notifier.handle([ev('firing', disk, Date.now())], [disk]);
  await notifier.drained();
  assert.equal(before.delivered().length, 1);

  // The engine's next cycle arrives while the pipeline is being replaced: it must wait, not vanish.
  const swapped = notifier.replace((recent) => make(after.url, recent));
  const api = alert({ alertname: 'ApiDown', service_name: 'api' });
  const handled = notifier.handle([ev('firing', api, Date.now())], [disk, api]);
  await Promise.all([swapped, handled]);
  await notifier.handle([ev('resolved', resolved(disk, Date.now()), Date.now())], [api]);
  await after.waitForDelivered(2); // the resolve waits for the group's group_interval, as always
  await notifier.drained();

  assert.equal(before.delivered().length, 1, 'the old webhook got nothing after the reload');
  assert.deepEqual(
    notifier
      .recent(10)
      .map((r) => r.alertnames.join())
      .reverse(),
    ['DiskFull', 'ApiDown', 'DiskFull'],
    'the status page keeps the notifications sent before the reload',
  );
  const texts = after.delivered().map((r) => slackPayloadToText(r.body));
  assert.equal(texts.length, 2, texts.join('\n---\n'));
  assert.ok(
    texts.some((x) => x.includes('ApiDown') && !x.includes('(repeat)')),
    'the new alert was paged once',
  );
  assert.ok(
    texts.some((x) => x.includes('DiskFull') && /resolved/i.test(x)),
    'the resolve owed from before the reload',
  );
  assert.ok(!texts.some((x) => x.includes('DiskFull') && /firing/i.test(x) && !/resolved/i.test(x)));
});
