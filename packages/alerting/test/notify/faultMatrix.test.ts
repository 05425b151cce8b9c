/**
 * The fault matrix (README, "Fault matrix"): one test per delivery fault, each against a real
 * Slack-compatible server on 127.0.0.1, on a clock that jumps over the minutes a fault would
 * take in wall time. Each row measures what on-call sees: posts made, delay from the flush to
 * the page, pages lost (must be 0) and duplicates (at most 1, and marked "(repeat)").
 * The state-dir, clock-step, kill -9 and rule-file rows live in their own files (see README).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createEngine } from '../../src/engine/engine.ts';
import type { SinkAnswer, SlackSink } from '../../src/notify/integrations/slack/slackSink.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { dataSource, engineSettings, slowRule } from '../helpers/engineFixture.ts';
import { alert, ev } from './helpers/alerts.ts';
import { FakeClock } from './helpers/fakeClock.ts';
import { startHarness } from './helpers/notifierHarness.ts';
import { deliveredHeaders, REFUSING_ANSWERS, slackHeader } from './helpers/slackPosts.ts';
import { WarpClock } from './helpers/warpClock.ts';

/** One row's outcome, as the README table shows it. */
interface Row {
  readonly posts: number;
  readonly delayMs: number;
  readonly lost: number;
  readonly duplicates: number;
  readonly unmarkedDuplicates: number;
  /** Accepted posts marked "(repeat)". */
  readonly markedResends?: number;
}
const rows: Array<[string, Row]> = [];
after(() => {
  const lines = rows.map(
    ([n, r]) =>
      `| ${n} | ${r.posts} | ${(r.delayMs / 1000).toFixed(1)} s | ${r.lost} | ${r.duplicates}${r.duplicates ? ' (marked)' : ''} |`,
  );
  process.stdout.write(`# fault matrix\n${lines.join('\n')}\n`);
});

/** Counts firing pages per alert name among the posts the sink accepted. */
function measure(sink: SlackSink, names: readonly string[], flushAt: number): Row {
  const got = sink.delivered().filter((r) => /FIRING/.test(slackHeader(r.body)));
  const per = names.map((n) => got.filter((r) => slackHeader(r.body).includes(n)));
  const dups = per.flatMap((list) => list.slice(1));
  const first = got[0]?.at;
  return {
    posts: sink.requests.length,
    delayMs: first === undefined ? Number.NaN : first - flushAt,
    lost: per.filter((list) => list.length === 0).length,
    duplicates: dups.length,
    unmarkedDuplicates: dups.filter((r) => !/^\(repeat\)/.test(slackHeader(r.body))).length,
    markedResends: got.filter((r) => /^\(repeat\)/.test(slackHeader(r.body))).length,
  };
}

/** Real time until the sink has seen a request (at most 10 s). */
async function firstPost(sink: SlackSink): Promise<void> {
  const until = Date.now() + 10_000;
  while (sink.requests.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
}

function check(name: string, r: Row, maxDelayMs: number): void {
  rows.push([name, r]);
  assert.equal(r.lost, 0, `${name}: a page was lost`);
  assert.ok(r.duplicates <= 1, `${name}: ${r.duplicates} duplicates`);
  assert.equal(r.unmarkedDuplicates, 0, `${name}: a duplicate without "(repeat)"`);
  assert.ok(r.delayMs <= maxDelayMs, `${name}: delay ${r.delayMs} ms > ${maxDelayMs} ms`);
}

/**
 * Fires one alert with group_wait 0 and group_interval 1m on a warp clock, lets `minutes` of
 * virtual time pass, and measures. The sink's own timestamps are real, so the delay is taken on
 * the virtual clock at the first accepted post.
 */
async function deliveryRow(
  name: string,
  answer: (n: number, clock: WarpClock) => SinkAnswer,
  o: {
    minutes: number;
    slack?: Record<string, unknown>;
    between?: (clock: WarpClock, sink: SlackSink) => Promise<void>;
  },
) {
  const clock = new WarpClock();
  const h = await startHarness({
    clock,
    slack: { timeout: '500ms', ...o.slack },
    route: { group_wait: '0s', group_interval: '1m' },
  });
  let deliveredAt = Number.NaN;
  h.sink.script((n) => {
    const a = answer(n, clock);
    if (a === 'ok' && Number.isNaN(deliveredAt)) deliveredAt = clock.elapsed();
    return a;
  });
  try {
    const a = alert({ alertname: `Fault${name.replace(/\W+/g, '')}`, service_name: 'api' });
    const handled = h.notifier.handle([ev('firing', a, clock.now())], [a]);
    if (o.between) await o.between(clock, h.sink);
    // Virtual time must not jump before the first post is on the wire: under load the outbox can
    // take a few real milliseconds to send it, and a minute advanced before then would turn the
    // first try into the next group_interval's (a 60 s "delay" that is the test's, not the pipeline's).
    else await firstPost(h.sink);
    await handled;
    for (let m = 0; m < o.minutes; m++) {
      await clock.advance(60_000);
      await h.notifier.handle([], [a]);
    }
    await h.notifier.drained();
    const r = measure(h.sink, [a.labels.alertname as string], 0);
    return { ...r, delayMs: deliveredAt };
  } finally {
    clock.close();
    await h.cleanup();
  }
}

test('fault matrix: 429 with Retry-After 30 s waits exactly that long, then delivers once', async () => {
  const r = await deliveryRow('429 Retry-After: 30', (n) => (n === 0 ? { rateLimited: 30 } : 'ok'), {
    minutes: 2,
  });
  check('429 Retry-After: 30', r, 31_000);
  assert.ok(r.delayMs >= 30_000, `waited ${r.delayMs} ms`);
  assert.equal(r.posts, 2);
});

test('fault matrix: 500 three times is retried with backoff and delivered once', async () => {
  const r = await deliveryRow('500 x3, then ok', (n) => (n < 3 ? 'server_error' : 'ok'), { minutes: 1 });
  check('500 x3, then ok', r, 5_000);
  assert.equal(r.posts, 4);
});

test('fault matrix: a hanging endpoint times out and the resend is marked "(repeat)"', async () => {
  const r = await deliveryRow('hang (timeout 500ms), then ok', (n) => (n === 0 ? 'hang' : 'ok'), {
    minutes: 1,
  });
  check('hang, then ok', r, 5_000);
  assert.equal(r.posts, 2);
  assert.equal(r.markedResends, 1, 'the receiver may have shown the hung post: the resend says so');
});

test('fault matrix: connection refused for 3 minutes, then the page arrives once', async () => {
  let port = 0;
  const r = await deliveryRow('connection refused 3 min', () => 'ok', {
    minutes: 6,
    async between(clock, sink) {
      // Called before the flush runs: the first post already finds nothing listening.
      port = sink.port;
      await sink.stop();
      await clock.advance(180_000);
      await sink.start(port);
    },
  });
  check('connection refused 3 min', r, 5 * 60_000);
  assert.ok(r.delayMs >= 180_000);
});

for (const answer of REFUSING_ANSWERS) {
  test(`fault matrix: ${answer} once: the page is sent again at the next group_interval`, async () => {
    const r = await deliveryRow(`${answer} once`, (n) => (n === 0 ? answer : 'ok'), { minutes: 2 });
    check(`${answer} once`, r, 61_000);
    assert.equal(r.posts, 2);
  });
}

test('fault matrix: 500 for 11 minutes (past retry_deadline 10m): given up, retried at the next group_interval', async () => {
  const r = await deliveryRow(
    '500 for 11 min (retry_deadline 10m)',
    (_n, clock) => (clock.elapsed() < 11 * 60_000 ? 'server_error' : 'ok'),
    { minutes: 14, slack: { retry_deadline: '10m' } },
  );
  check('500 for 11 min (retry_deadline 10m)', r, 13 * 60_000);
});

test('fault matrix: Prometheus down 5 minutes: no false RESOLVED, AlertingDataSourceDown paged once and resolved', async (t) => {
  const clock = new FakeClock();
  const dir = await mkdtemp(join(tmpdir(), 'gs-matrix-'));
  const h = await startHarness({ clock, route: { group_wait: '0s', group_interval: '15s' } });
  t.after(async () => {
    await h.cleanup();
    await rm(dir, { recursive: true, force: true });
  });
  // The engine tests' rule, paging at the first breach (no `for`), with a 60 s data-source grace.
  const settings = engineSettings(dir, { rules: [slowRule({ forMs: 0 })], datasourceDownGraceMs: 60_000 });
  const src = dataSource();
  const engine = createEngine({
    settings,
    client: src.client,
    log: silentLogger,
    now: () => clock.now(),
    sink: h.notifier,
  });
  const cycle = async () => {
    await engine.runCycle();
    await clock.advance(15_000);
    await h.notifier.drained();
  };
  src.set([{ labels: { instance: 'a' }, value: 2 }]);
  await cycle();
  src.set('down');
  for (let i = 0; i < 20; i++) await cycle(); // 5 minutes at 15 s
  src.set([{ labels: { instance: 'a' }, value: 2 }]);
  for (let i = 0; i < 4; i++) await cycle();
  const heads = deliveredHeaders(h.sink);
  assert.equal(
    heads.filter((x) => /^RESOLVED.*Slow/.test(x)).length,
    0,
    `no false resolve: ${heads.join(' | ')}`,
  );
  assert.equal(heads.filter((x) => /^FIRING.*Slow/.test(x)).length, 1);
  assert.equal(heads.filter((x) => /^FIRING.*AlertingDataSourceDown/.test(x)).length, 1);
  assert.equal(heads.filter((x) => /^RESOLVED.*AlertingDataSourceDown/.test(x)).length, 1);
  rows.push([
    'Prometheus down 5 min',
    { posts: h.sink.requests.length, delayMs: 0, lost: 0, duplicates: 0, unmarkedDuplicates: 0 },
  ]);
});
