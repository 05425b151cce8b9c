/**
 * The shipped routing pages each incident once, whichever path it takes: the alerting service's
 * own alerts through deploy/alerting/alerting.yml (and the Kubernetes ConfigMap's copy), routed
 * by our router, and, where a route forwards to Alertmanager, on through
 * deploy/alertmanager/alertmanager.yml as `amtool config routes test` routes it; Prometheus' own
 * alerts (deploy/prometheus/rules/alerts.yml) through Alertmanager alone. Pages are counted per
 * Slack channel.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { matchRoutes, parseRoutingConfig } from '@golden-signals/alert-routing';
import { parse, parseAllDocuments } from 'yaml';
import { meetsMinSeverity } from '../../packages/alerting/src/alert.ts';
import { parseNotifyConfig } from '../../packages/alerting/src/notify/config/parseNotifyConfig.ts';
import type { NotifyConfig } from '../../packages/alerting/src/notify/types.ts';
import { ROOT } from './helpers/run.ts';

const AM_CONFIG = join(ROOT, 'deploy/alertmanager/alertmanager.yml');
const SEVERITIES = ['info', 'warning', 'critical'];
const noLocation = { file: 'alerting.yml', locate: () => ({ line: 1, column: 1 }) };

function notifyConfig(text: string): NotifyConfig {
  const raw = parse(text.replace(/\$\{SLACK_WEBHOOK_URL\}/g, 'http://127.0.0.1:1/hook')) as unknown;
  const { config, issues } = parseNotifyConfig(raw, noLocation);
  assert.deepEqual(issues, []);
  return config;
}

const shipped: Record<string, () => NotifyConfig> = {
  'deploy/alerting/alerting.yml': () =>
    notifyConfig(readFileSync(join(ROOT, 'deploy/alerting/alerting.yml'), 'utf8')),
  'the Kubernetes ConfigMap': () => {
    const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy/kubernetes/alerting.yml'), 'utf8'));
    const map = docs
      .map((d) => d.toJSON() as { kind?: string; data?: Record<string, string> })
      .find((d) => d?.kind === 'ConfigMap' && d.data?.['alerting.yml']);
    assert.ok(map?.data, 'a ConfigMap with alerting.yml');
    return notifyConfig(map.data['alerting.yml'] as string);
  },
};

/** Alertmanager's Slack channel per receiver (`null` and others page nobody). */
function amChannels(): Map<string, string> {
  const am = parse(readFileSync(AM_CONFIG, 'utf8')) as {
    receivers: Array<{ name: string; slack_configs?: Array<{ channel?: string }> }>;
  };
  const out = new Map<string, string>();
  for (const r of am.receivers)
    for (const s of r.slack_configs ?? []) out.set(r.name, `slack ${s.channel ?? '(webhook default)'}`);
  return out;
}

/** Alertmanager's receivers for an alert, from amtool, cross-checked with our router on the same file. */
function amReceivers(labels: Record<string, string>): string[] {
  const args = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const out = execFileSync('amtool', ['config', 'routes', 'test', `--config.file=${AM_CONFIG}`, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const amtool = out.trim().split(',').filter(Boolean);
  const ours = parseRoutingConfig(parse(readFileSync(AM_CONFIG, 'utf8')));
  assert.ok(ours.config);
  assert.deepEqual(
    matchRoutes(ours.config.route, labels).map((r) => r.receiver),
    amtool,
    'our router agrees with amtool',
  );
  return amtool;
}

/** Pages per Slack channel for one alert leaving the alerting service. */
function enginePages(config: NotifyConfig, labels: Record<string, string>): Map<string, number> {
  const pages = new Map<string, number>();
  const add = (channel: string) => pages.set(channel, (pages.get(channel) ?? 0) + 1);
  const channels = amChannels();
  for (const route of matchRoutes(config.route, labels)) {
    const receiver = config.receivers.find((r) => r.name === route.receiver);
    if (receiver?.slack && meetsMinSeverity(labels.severity ?? '', receiver.slack.minSeverity))
      add('slack (alerting service)');
    if (receiver?.alertmanager && meetsMinSeverity(labels.severity ?? '', receiver.alertmanager.minSeverity))
      for (const r of amReceivers(labels)) if (channels.has(r)) add(channels.get(r) as string);
  }
  return pages;
}

function alertNames(file: string): Array<{ alert: string; severity?: string }> {
  const doc = parse(readFileSync(file, 'utf8')) as {
    groups: Array<{ rules: Array<{ alert?: string; labels?: Record<string, string> }> }>;
  };
  return doc.groups.flatMap((g) =>
    g.rules.filter((r) => r.alert).map((r) => ({ alert: r.alert as string, severity: r.labels?.severity })),
  );
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const show = (m: Map<string, number>) => JSON.stringify(Object.fromEntries(m));

for (const [name, load] of Object.entries(shipped)) {
  describe(`${name}: each of the service's own alerts pages Slack once`, () => {
    const config = load();
    const rulesDir = join(ROOT, 'deploy/alerting/rules');
    const names = readdirSync(rulesDir).flatMap((f) => alertNames(join(rulesDir, f)).map((a) => a.alert));
    for (const severity of SEVERITIES) {
      it(`${severity}: ${severity === 'info' ? 'no page' : 'one page, on one channel'}`, () => {
        for (const alertname of [...names, 'SLOErrorBudgetBurn', 'AlertingDataSourceDown']) {
          const pages = enginePages(config, { alertname, severity, service_name: 'checkout' });
          assert.equal(total(pages), severity === 'info' ? 0 : 1, `${alertname} ${severity}: ${show(pages)}`);
          // The service pages its own alerts itself (Block Kit, context snapshot, its dedup), as
          // the config's comment promises, rather than only through Alertmanager's template.
          if (severity !== 'info') assert.equal(pages.get('slack (alerting service)'), 1, show(pages));
        }
      });
    }
  });
}

describe("Prometheus' own alerts through Alertmanager page Slack once", () => {
  const channels = amChannels();
  for (const { alert, severity } of alertNames(join(ROOT, 'deploy/prometheus/rules/alerts.yml'))) {
    it(`${alert} (${severity})`, () => {
      const receivers = amReceivers({ alertname: alert, severity: severity ?? '', service_name: 'checkout' });
      const slack = receivers.filter((r) => channels.has(r));
      assert.equal(slack.length, severity === 'info' ? 0 : 1, receivers.join(','));
    });
  }
});
