/**
 * The shipped routing with real parts: Debian's Alertmanager running deploy/alertmanager's config
 * (its Slack URL file pointed at a Slack-compatible sink on 127.0.0.1, group_wait shortened),
 * Prometheus-style alerts posted to it, and the alerting service's pipeline built from
 * deploy/alerting/alerting.yml (same sink, the real Alertmanager as its `alertmanager` receiver).
 * Each incident must reach Slack once, on one channel.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { parseNotifyConfig } from '../../packages/alerting/src/notify/config/parseNotifyConfig.ts';
import { SlackSink } from '../../packages/alerting/src/notify/integrations/slack/slackSink.ts';
import { createNotifier } from '../../packages/alerting/src/notify/notifier.ts';
import { alert, ev } from '../../packages/alerting/test/notify/helpers/alerts.ts';
import { memoryLogger } from '../../packages/alerting/test/notify/helpers/notifierHarness.ts';
import { type RunningAlertmanager, startAlertmanager } from '../kit/alertmanager.ts';
import { ROOT } from './helpers/run.ts';

const AM_BIN = '/usr/bin/prometheus-alertmanager';
type Post = { channel?: string; text?: string; attachments?: Array<{ title?: string; blocks?: unknown[] }> };

async function startShippedAlertmanager(dir: string, slackUrl: string) {
  const cfg = parse(await readFile(join(ROOT, 'deploy/alertmanager/alertmanager.yml'), 'utf8')) as {
    route: Record<string, unknown>;
    receivers: Array<{ slack_configs?: Array<Record<string, unknown>> }>;
  };
  await writeFile(join(dir, 'slack-url'), slackUrl);
  for (const r of cfg.receivers)
    for (const s of r.slack_configs ?? []) s.api_url_file = join(dir, 'slack-url');
  // Shorter timers so the test takes seconds; the tree, matchers and receivers are as shipped.
  Object.assign(cfg.route, { group_wait: '1s', group_interval: '2s' });
  return startAlertmanager({ dir, bin: AM_BIN, config: stringify(cfg) });
}

describe('shipped routing with a real Alertmanager and a Slack sink', {
  skip: existsSync(AM_BIN) ? false : `${AM_BIN} missing`,
}, () => {
  const sink = new SlackSink();
  let dir = '';
  let am: RunningAlertmanager;
  before(async () => {
    await sink.start();
    dir = await mkdtemp(join(tmpdir(), 'gs-shipped-'));
    am = await startShippedAlertmanager(dir, sink.url);
  });
  after(async () => {
    await am?.stop();
    await sink.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("Prometheus' own alerts: warning once on #alerts, critical once on #incidents, info nowhere", async () => {
    const startsAt = new Date().toISOString();
    const post = [
      { labels: { alertname: 'HTTPErrorRatioHigh', severity: 'warning', service_name: 'prom-a' }, startsAt },
      {
        labels: { alertname: 'HTTPErrorRatioCritical', severity: 'critical', service_name: 'prom-b' },
        startsAt,
      },
      { labels: { alertname: 'SomethingInfo', severity: 'info', service_name: 'prom-c' }, startsAt },
    ];
    const res = await fetch(`${am.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(post),
    });
    assert.equal(res.status, 200);
    await sink.waitForDelivered(2, 15_000);
    await new Promise((r) => setTimeout(r, 3_000));
    const pages = sink
      .delivered()
      .map((r) => r.body as Post)
      .filter((p) => JSON.stringify(p).includes('prom-'));
    const by = (svc: string) => pages.filter((p) => JSON.stringify(p).includes(svc)).map((p) => p.channel);
    assert.deepEqual(by('prom-a'), ['#alerts']);
    assert.deepEqual(by('prom-b'), ['#incidents']);
    assert.deepEqual(by('prom-c'), []);
  });

  it("the service's own alerts: each paged once by the service, none again through Alertmanager", async () => {
    const text = (await readFile(join(ROOT, 'deploy/alerting/alerting.yml'), 'utf8'))
      .replace(/\$\{SLACK_WEBHOOK_URL\}/g, sink.url)
      .replace('http://alertmanager:9093', am.url);
    const raw = parse(text) as { route: Record<string, unknown> };
    Object.assign(raw.route, { group_wait: '1s' });
    const { config, issues } = parseNotifyConfig(raw, {
      file: 'alerting.yml',
      locate: () => ({ line: 1, column: 1 }),
    });
    assert.deepEqual(issues, []);
    const stateDir = join(dir, 'engine');
    const notifier = createNotifier({ config, stateDir, query: async () => [], log: memoryLogger() });
    try {
      const before = sink.delivered().length;
      const alerts = ['info', 'warning', 'critical'].map((severity) =>
        alert({ alertname: 'HTTPErrorRatio', service_name: `engine-${severity}`, severity }),
      );
      await notifier.handle(
        alerts.map((a) => ev('firing', a, Date.now())),
        alerts,
      );
      await sink.waitForDelivered(before + 2, 15_000);
      await new Promise((r) => setTimeout(r, 4_000));
      await notifier.drained();
      const pages = sink
        .delivered()
        .slice(before)
        .map((r) => JSON.stringify(r.body));
      const count = (svc: string) => pages.filter((p) => p.includes(svc)).length;
      assert.equal(count('engine-info'), 0);
      assert.equal(count('engine-warning'), 1, pages.join('\n'));
      assert.equal(count('engine-critical'), 1, pages.join('\n'));
      // Paged by the service itself (its Block Kit message), not by Alertmanager's template.
      const ours = pages.filter((p) => p.includes('engine-') && p.includes('"blocks"'));
      assert.equal(ours.length, 2, pages.join('\n'));
    } finally {
      await notifier.close();
    }
  });
});
