/**
 * Group `limit` and `query_offset`, and the per-rule series limit: what Prometheus does, and an
 * error naming the rule. The limit's error text is checked against `promtool test rules`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEngine, type EngineSettings } from '../../src/engine/engine.ts';
import type { PrometheusClient, Sample } from '../../src/prometheus/client.ts';
import type { Logger } from '../../src/shared/log.ts';
import { silentLogger } from '../../src/shared/log.ts';
import type { AlertingRule } from '../../src/types.ts';

function settings(rule: Partial<AlertingRule>, extra: Partial<EngineSettings> = {}): EngineSettings {
  return {
    rules: [
      {
        key: 'g/X#0',
        name: 'X',
        group: 'g',
        file: 'r.yml',
        line: 1,
        expr: 'x > 0',
        forMs: 0,
        keepFiringForMs: 0,
        labels: {},
        annotations: {},
        ...rule,
      },
    ],
    evaluationIntervalMs: 60_000,
    queryConcurrency: 1,
    datasourceDownGraceMs: 0,
    flap: { windowMs: 60_000, maxFlips: 100 },
    resolvedRetentionMs: 600_000,
    stateDir: '/nonexistent',
    prometheus: { url: 'http://127.0.0.1:9', timeoutMs: 1000, headers: {}, externalUrl: '' },
    ...extra,
  };
}

function recordingLog(lines: string[]): Logger {
  const put = (msg: string, f?: Record<string, unknown>) => lines.push(`${msg} ${JSON.stringify(f ?? {})}`);
  return { ...silentLogger, warn: put, error: put };
}

const series = (jobs: string[]): Sample[] => jobs.map((job) => ({ labels: { job }, value: 1 }));

test('a group limit exceeded drops the rule alerts with the error promtool reports', async (t) => {
  let answer = series(['a', 'b', 'c']);
  const client: PrometheusClient = { query: async () => answer, queryRange: async () => [] };
  const lines: string[] = [];
  const engine = createEngine({
    settings: settings({ limit: 2 }),
    client,
    log: recordingLog(lines),
    now: () => 0,
    inMemory: true,
  });
  await engine.runCycle();
  assert.deepEqual(engine.alerts(), [], 'over the limit: no alerts kept');
  const logged = lines.find((l) => l.includes('exceeded limit')) ?? '';
  assert.match(logged, /"rule":"X"/);
  answer = series(['a', 'b']);
  await engine.runCycle();
  assert.equal(engine.alerts().length, 2, 'within the limit again: the alerts are back');

  const probe = spawnSync('promtool', ['--version']);
  if (probe.status !== 0) return t.skip('promtool not installed');
  const dir = mkdtempSync(join(tmpdir(), 'gs-limit-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, 'r.yml'),
    'groups:\n- name: g\n  limit: 2\n  rules:\n  - alert: X\n    expr: x > 0\n',
  );
  const input = ['a', 'b', 'c'].map((j) => `      - series: 'x{job="${j}"}'\n        values: '1'`).join('\n');
  writeFileSync(
    join(dir, 't.yml'),
    `rule_files: [r.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n${input}\n    alert_rule_test:\n      - eval_time: 0m\n        alertname: X\n        exp_alerts: []\n`,
  );
  const r = spawnSync('promtool', ['test', 'rules', 't.yml'], { cwd: dir, encoding: 'utf8' });
  const promErr = /err: (.*)/.exec(`${r.stdout}${r.stderr}`)?.[1]?.trim();
  assert.ok(promErr, `promtool printed no rule error:\n${r.stdout}${r.stderr}`);
  assert.ok(logged.includes(promErr), `ours: ${logged}\npromtool: ${promErr}`);
});

test('query_offset queries the data that long before the evaluation time', async () => {
  const asked: Array<number | undefined> = [];
  const client: PrometheusClient = {
    async query(_q, time) {
      asked.push(time);
      return [];
    },
    queryRange: async () => [],
  };
  const engine = createEngine({
    settings: settings({ queryOffsetMs: 30_000 }),
    client,
    log: silentLogger,
    now: () => 1_000_000,
    inMemory: true,
  });
  await engine.runCycle();
  assert.deepEqual(asked, [970_000]);
});

test('a result over max_series_per_rule fails that rule with an error naming it, and holds its state', async () => {
  let answer = series(['a']);
  const client: PrometheusClient = { query: async () => answer, queryRange: async () => [] };
  const lines: string[] = [];
  const engine = createEngine({
    settings: settings({}, { maxSeriesPerRule: 3 }),
    client,
    log: recordingLog(lines),
    now: () => 0,
    inMemory: true,
  });
  await engine.runCycle();
  assert.equal(engine.alerts()[0]?.state, 'firing');
  answer = series(['a', 'b', 'c', 'd']);
  const r = await engine.runCycle();
  assert.equal(r.failedRules, 1);
  assert.equal(engine.alerts().length, 1, 'state held, not resolved');
  assert.ok(
    lines.some((l) => l.includes('g/X returned 4 series, more than max_series_per_rule (3)')),
    lines.join('\n'),
  );
});

test('one rule returning 150k series does not overflow the stack or stop the other rules', async () => {
  const big = Array.from({ length: 150_000 }, (_, i) => ({ labels: { i: String(i) }, value: 1 }));
  const client: PrometheusClient = {
    query: async (q) => (q === 'big' ? big : series(['a'])),
    queryRange: async () => [],
  };
  const s = settings({ expr: 'big' });
  const other: AlertingRule = { ...(s.rules[0] as AlertingRule), key: 'g/Y#0', name: 'Y', expr: 'small' };
  const engine = createEngine({
    settings: { ...s, rules: [...s.rules, other] },
    client,
    log: silentLogger,
    now: () => 0,
    inMemory: true,
  });
  const r = await engine.runCycle();
  assert.equal(r.events.length, 150_001);
  assert.ok(engine.alerts().some((a) => a.labels.alertname === 'Y'));
});
