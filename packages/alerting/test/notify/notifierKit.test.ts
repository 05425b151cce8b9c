/**
 * The shared notifier test kit (DESIGN habit 4): every receiver integration must pass the same
 * cases against a real HTTP endpoint: retry classification per status code, Retry-After,
 * timeouts, the retry deadline, and that the webhook URL (a secret) never leaks.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type SinkAnswer, SlackSink } from '../../src/notify/integrations/slack/slackSink.ts';
import { createNotifier } from '../../src/notify/notifier.ts';
import { alert, ev } from './helpers/alerts.ts';
import { config, memoryLogger } from './helpers/notifierHarness.ts';

const KINDS = ['slack', 'webhook', 'alertmanager'] as const;
type Kind = (typeof KINDS)[number];

function receiver(kind: Kind, url: string, extra: Record<string, unknown>) {
  const common = {
    rate_limit: { per_second: 100, burst: 10 },
    timeout: '300ms',
    retry_deadline: '20s',
    ...extra,
  };
  if (kind === 'slack') return { slack: { webhook_url: url, ...common } };
  if (kind === 'webhook') return { webhook: { url, ...common } };
  return { alertmanager: { urls: [url], ...common } };
}

async function kit(kind: Kind, answers: readonly SinkAnswer[], extra: Record<string, unknown> = {}) {
  const sink = new SlackSink();
  await sink.start();
  sink.sequence(answers);
  const stateDir = await mkdtemp(join(tmpdir(), 'gs-kit-'));
  const log = memoryLogger();
  const notifier = createNotifier({
    config: config({
      receivers: [{ name: 'r', ...receiver(kind, sink.url, extra) }],
      route: { receiver: 'r', group_by: ['alertname'], group_wait: '0s' },
    }),
    stateDir,
    query: async () => [],
    log,
    random: () => 0,
  });
  const a = alert({ alertname: 'KitAlert', service_name: 'kit' });
  const started = Date.now();
  await notifier.handle([ev('firing', a, Date.now())], [a]);
  await notifier.drained();
  const outboxLeft = (await readdir(join(stateDir, 'outbox'))).length;
  const result = {
    sink,
    log,
    elapsed: Date.now() - started,
    metrics: notifier.metrics(),
    recent: notifier.recent(10),
    outboxLeft,
  };
  await notifier.close();
  await sink.stop();
  await rm(stateDir, { recursive: true, force: true });
  return result;
}

const secretPath = '/services/T000/B000/secret-token-for-tests';

for (const kind of KINDS) {
  describe(`notifier kit: ${kind}`, () => {
    test('delivers a notification, counts it as sent and empties the outbox', async () => {
      const r = await kit(kind, ['ok']);
      assert.equal(r.sink.delivered().length, 1);
      assert.match(
        r.metrics,
        new RegExp(`alerting_notifications_sent_total\\{[^}]*receiver="r",integration="${kind}"\\} 1`),
      );
      assert.equal(r.outboxLeft, 0);
    });

    test('retries a 500 with backoff and then delivers', async () => {
      const r = await kit(kind, ['server_error', 'server_error', 'ok']);
      assert.equal(r.sink.requests.length, 3);
      assert.equal(r.sink.delivered().length, 1);
      assert.match(r.metrics, /alerting_notifications_retries_total\{[^}]*reason="http_500"\} 2/);
    });

    test('waits for Retry-After on a 429 before posting again', async () => {
      const r = await kit(kind, [{ rateLimited: 1 }, 'ok']);
      const [first, second] = r.sink.requests;
      assert.ok(first && second);
      assert.ok(second.at - first.at >= 950, `second post ${second.at - first.at} ms after the 429`);
      assert.equal(r.sink.delivered().length, 1);
    });

    test('a hanging endpoint times out and the notification is retried', async () => {
      const r = await kit(kind, ['hang', 'ok']);
      assert.equal(r.sink.delivered().length, 1);
      assert.match(r.metrics, /reason="timeout"/);
    });

    for (const answer of [
      'invalid_payload',
      'action_prohibited',
      'channel_not_found',
      'channel_is_archived',
      'no_service',
    ] as const) {
      test(`${answer} is not retried, is logged once and counted with its reason`, async () => {
        const r = await kit(kind, [answer, 'ok']);
        assert.equal(r.sink.requests.length, 1, 'no retry');
        assert.equal(r.log.lines.filter((l) => l.level === 'error').length, 1);
        assert.match(
          r.metrics,
          new RegExp(`alerting_notifications_failed_total\\{[^}]*reason="${answer}"\\} 1`),
        );
        assert.equal(r.recent[0]?.status, 'failed');
        assert.equal(r.outboxLeft, 0, 'a rejected notification does not stay in the outbox');
      });
    }

    test('gives up at the retry deadline and counts the failure', async () => {
      const r = await kit(kind, Array(50).fill('server_error'), { retry_deadline: '1s' });
      assert.ok(r.sink.requests.length >= 2);
      assert.match(r.metrics, /alerting_notifications_failed_total\{[^}]*reason="deadline"\} 1/);
      assert.ok(r.elapsed < 5000);
    });

    test('the webhook URL never appears in logs, metrics or the recent log', async () => {
      const r = await kit(kind, ['server_error', 'channel_not_found']);
      const everything = `${r.log.text()}\n${r.metrics}\n${JSON.stringify(r.recent)}`;
      assert.ok(!everything.includes('secret-token-for-tests'), everything);
      assert.ok(!everything.includes(secretPath));
    });
  });
}

test('a network error (nothing listening) is retried and its reason never carries the URL', async () => {
  const sink = new SlackSink();
  await sink.start();
  const url = sink.url;
  await sink.stop();
  const stateDir = await mkdtemp(join(tmpdir(), 'gs-kit-'));
  const log = memoryLogger();
  const notifier = createNotifier({
    config: config({
      receivers: [{ name: 'r', ...receiver('slack', url, { retry_deadline: '1s' }) }],
      route: { receiver: 'r', group_wait: '0s' },
    }),
    stateDir,
    query: async () => [],
    log,
    random: () => 0,
  });
  const a = alert({ alertname: 'Net', service_name: 'kit' });
  await notifier.handle([ev('firing', a, Date.now())], [a]);
  await notifier.drained();
  const metrics = notifier.metrics();
  await notifier.close();
  await rm(stateDir, { recursive: true, force: true });
  assert.match(metrics, /reason="network_ECONNREFUSED"/);
  assert.ok(!`${log.text()}${metrics}`.includes('secret-token-for-tests'));
});
