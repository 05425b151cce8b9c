/**
 * The delivery ledger: an alert counts as notified only once its receiver accepted the message.
 * A rejected or given-up page is retried at the next group_interval (a bounded number of times),
 * and a page nobody saw is never followed by a lone RESOLVED.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SinkAnswer } from '../../src/notify/integrations/slack/slackSink.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { alert, ev, resolved } from './helpers/alerts.ts';
import { FakeClock } from './helpers/fakeClock.ts';
import { startHarness } from './helpers/notifierHarness.ts';
import { deliveredHeaders, REFUSING_ANSWERS } from './helpers/slackPosts.ts';

/** A post as Slack receives it: Block Kit attachments, or plain text alone. */
type Payload = { text: string; attachments?: unknown[] };
const heads = (h: { sink: { delivered(): Array<{ body: unknown }> } }) => deliveredHeaders(h.sink);

for (const answer of REFUSING_ANSWERS) {
  test(`a page rejected with ${answer} is not counted as notified: it is retried at the next group_interval`, async (t) => {
    const clock = new FakeClock();
    const h = await startHarness({ clock });
    t.after(() => h.cleanup());
    h.sink.sequence([answer]);
    const a = alert({ alertname: 'Errors', service_name: 'checkout' });
    await h.notifier.handle([ev('firing', a, clock.now())], [a]);
    await clock.advance(10_000);
    await h.notifier.drained();
    assert.equal(h.sink.requests.length, 1);
    assert.equal(h.sink.delivered().length, 0);
    const failed = h.notifier.recent(10).find((r) => r.status === 'failed');
    assert.equal(failed?.reason, answer, 'the reason is visible in the recent notifications');
    await clock.advance(60_000);
    await h.notifier.handle([], [a]);
    await h.notifier.drained();
    assert.equal(h.sink.delivered().length, 1, 'the page is sent again at the next group_interval');
    assert.match(heads(h)[0] ?? '', /^FIRING/);
    assert.doesNotMatch(heads(h)[0] ?? '', /repeat/);
    const r = resolved(a, clock.now());
    await h.notifier.handle([ev('resolved', r, clock.now())], []);
    await clock.advance(60_000);
    await h.notifier.drained();
    assert.match(heads(h)[1] ?? '', /^RESOLVED/);
  });
}

test('a page that keeps being rejected is retried a bounded number of times and never followed by a lone RESOLVED', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  h.sink.script(() => 'channel_not_found');
  const a = alert({ alertname: 'Errors', service_name: 'checkout' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  for (let i = 0; i < 12; i++) {
    await h.notifier.handle([], [a]);
    await clock.advance(60_000);
    await h.notifier.drained();
  }
  const tries = h.sink.requests.length;
  assert.ok(tries >= 2 && tries <= 6, `bounded retries, got ${tries}`);
  const givenUp = h.notifier.recent(50).filter((r) => r.status === 'failed');
  assert.equal(givenUp.length, tries);
  assert.match(
    h.notifier.metrics(),
    /alerting_notifications_failed_total\{[^}]*reason="channel_not_found"\} [2-6]\n/,
  );
  h.sink.script(() => 'ok');
  await h.notifier.handle([ev('resolved', resolved(a, clock.now()), clock.now())], []);
  await clock.advance(120_000);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 0, 'no RESOLVED for a page nobody saw');
});

test('a 500 past retry_deadline is retried at the next group_interval, and the resolve follows the page', async (t) => {
  // Real time, short settings: the retry backoff and the group interval both run on timers.
  const h = await startHarness({
    clock: systemClock,
    slack: { retry_deadline: '1s' },
    route: { group_wait: '0s', group_interval: '2s' },
  });
  t.after(() => h.cleanup());
  h.sink.script((n) => (n < 4 ? 'server_error' : 'ok'));
  const a = alert({ alertname: 'Errors', service_name: 'checkout' });
  await h.notifier.handle([ev('firing', a, Date.now())], [a]);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 0);
  assert.ok(h.notifier.recent(10).some((r) => r.status === 'failed' && r.reason === 'deadline'));
  await h.sink.waitForDelivered(1, 8_000);
  assert.match(heads(h)[0] ?? '', /^FIRING/);
  await h.notifier.handle([ev('resolved', resolved(a, Date.now()), Date.now())], []);
  await h.sink.waitForDelivered(2, 8_000);
  assert.match(heads(h)[1] ?? '', /^RESOLVED/);
});

test('a resolve that is rejected is sent again at the next cycle', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  const a = alert({ alertname: 'Errors', service_name: 'checkout' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  await h.notifier.drained();
  h.sink.sequence(['invalid_payload']);
  await h.notifier.handle([ev('resolved', resolved(a, clock.now()), clock.now())], []);
  await clock.advance(60_000);
  await h.notifier.drained();
  assert.equal(h.sink.delivered().length, 1);
  for (let i = 0; i < 3; i++) {
    await h.notifier.handle([], []);
    await clock.advance(60_000);
    await h.notifier.drained();
  }
  assert.deepEqual(
    heads(h).map((x) => x?.split(' ')[0]),
    ['FIRING', 'RESOLVED'],
  );
});

for (const answer of ['invalid_blocks', 'msg_too_long'] as const) {
  test(`when Slack rejects the blocks (${answer}) a plain-text message is sent instead`, async (t) => {
    const clock = new FakeClock();
    const h = await startHarness({ clock });
    t.after(() => h.cleanup());
    h.sink.script((_n, body) => ((body as Payload).attachments ? (answer as SinkAnswer) : 'ok'));
    const a = alert({ alertname: 'Errors', service_name: 'checkout' });
    await h.notifier.handle([ev('firing', a, clock.now())], [a]);
    await clock.advance(10_000);
    await h.notifier.drained();
    const got = h.sink.delivered();
    assert.equal(got.length, 1);
    const body = got[0]?.body as Payload;
    assert.equal(body.attachments, undefined);
    assert.match(body.text, /FIRING/);
    assert.match(body.text, /Errors/);
  });
}

test('every failure counter is exported at 0 before the first failure', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  const m = h.notifier.metrics();
  for (const reason of ['deadline', 'invalid_payload', 'channel_not_found', 'action_prohibited']) {
    assert.match(
      m,
      new RegExp(
        `alerting_notifications_failed_total\\{[^}]*receiver="oncall",integration="slack",reason="${reason}"\\} 0\\n`,
      ),
    );
  }
  assert.match(m, /alerting_notifications_sent_total\{[^}]*receiver="oncall",integration="slack"\} 0\n/);
});

test('a message Slack refused before a crash is resent after the restart without "(repeat)"', async (t) => {
  const clock = new FakeClock();
  const h1 = await startHarness({ clock, slack: { retry_deadline: '1h' } });
  h1.sink.script(() => 'server_error');
  const a = alert({ alertname: 'Errors', service_name: 'checkout' });
  await h1.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  assert.ok(h1.sink.requests.length >= 1);
  await h1.notifier.close(); // the process dies while the page is still being retried
  h1.sink.script(() => 'ok');
  const h2 = await startHarness({ clock, stateDir: h1.stateDir, sink: h1.sink });
  t.after(async () => {
    await h2.cleanup();
    await h1.cleanup();
  });
  await h2.notifier.handle([], [a]);
  await h2.notifier.drained();
  assert.equal(h2.sink.delivered().length, 1);
  assert.doesNotMatch(JSON.stringify(h2.sink.delivered()[0]?.body), /repeat/);
});

test('a page given up on a broken receiver is sent once the receiver accepts messages again', async (t) => {
  const clock = new FakeClock();
  const h = await startHarness({ clock });
  t.after(() => h.cleanup());
  h.sink.script(() => 'channel_not_found');
  const a = alert({ alertname: 'Errors', service_name: 'checkout' });
  await h.notifier.handle([ev('firing', a, clock.now())], [a]);
  await clock.advance(10_000);
  for (let i = 0; i < 6; i++) {
    await h.notifier.handle([], [a]);
    await clock.advance(60_000);
    await h.notifier.drained();
  }
  assert.ok(h.notifier.recent(50).some((r) => r.next === 'given_up'));
  h.sink.script(() => 'ok'); // the channel exists again
  const b = alert({ alertname: 'Latency', service_name: 'checkout' });
  await h.notifier.handle([ev('firing', b, clock.now())], [a, b]);
  await clock.advance(10_000);
  await h.notifier.drained();
  await h.notifier.handle([], [a, b]);
  await clock.advance(60_000);
  await h.notifier.drained();
  const names = h.sink.delivered().map((r) => JSON.stringify(r.body).match(/FIRING · \w+ · (\w+)/)?.[1]);
  assert.deepEqual(names.sort(), ['Errors', 'Latency']);
});
