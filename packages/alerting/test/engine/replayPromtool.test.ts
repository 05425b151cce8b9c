/**
 * Replays promtool unit-test series through our engine (injected clock and data source) and lets
 * `promtool test rules` judge every evaluation step: the test file it runs lists, per minute, the
 * alerts our engine has firing. promtool exits 0 only when Prometheus' own rule evaluation fires
 * exactly those, so a pass means zero differences for `for`, `keep_firing_for`, pending that
 * clears and resolve.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEngine, type EngineSettings } from '../../src/engine/engine.ts';
import type { PrometheusClient, Sample } from '../../src/prometheus/client.ts';
import { silentLogger } from '../../src/shared/log.ts';

interface Scenario {
  readonly name: string;
  /** Values of `x{job="a"}`, one a minute from 0m; the rule is `x > 0`. */
  readonly values: readonly number[];
  readonly forMs: number;
  readonly keepFiringForMs: number;
}

const ones = (n: number) => Array.from({ length: n }, () => 1);
const zeros = (n: number) => Array.from({ length: n }, () => 0);

const SCENARIOS: Scenario[] = [
  // The first series: pending from 0m must be dropped at 2m, so it fires at 15m, not 10m.
  {
    name: 'for 5m, pending cleared',
    values: [1, 1, ...zeros(8), ...ones(10)],
    forMs: 300_000,
    keepFiringForMs: 0,
  },
  // The second series: fires at 6m (3m after the new pending at 3m), not 3m.
  { name: 'for 3m, one clear step', values: [1, 1, 0, ...ones(8)], forMs: 180_000, keepFiringForMs: 0 },
  // keep_firing_for counts from the first clear evaluation: firing through 5m and 6m, resolved at 7m.
  { name: 'keep_firing_for 2m', values: [...ones(5), ...zeros(6)], forMs: 0, keepFiringForMs: 120_000 },
  // A breach inside keep_firing_for restarts its count.
  {
    name: 'keep_firing_for interrupted',
    values: [1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0],
    forMs: 60_000,
    keepFiringForMs: 180_000,
  },
  // Resolve, then a new pending that must wait the whole `for` again.
  {
    name: 'resolve and re-pend',
    values: [...ones(4), 0, ...ones(4), 0, 0],
    forMs: 120_000,
    keepFiringForMs: 0,
  },
];

function settings(s: Scenario): EngineSettings {
  return {
    rules: [
      {
        key: 'replay/X#0',
        name: 'X',
        group: 'replay',
        file: 'replay.yml',
        line: 1,
        expr: 'x > 0',
        forMs: s.forMs,
        keepFiringForMs: s.keepFiringForMs,
        labels: {},
        annotations: {},
      },
    ],
    evaluationIntervalMs: 60_000,
    queryConcurrency: 1,
    datasourceDownGraceMs: 0,
    flap: { windowMs: 60_000, maxFlips: 1000 },
    resolvedRetentionMs: 3_600_000,
    stateDir: '/nonexistent',
    prometheus: { url: 'http://127.0.0.1:9', timeoutMs: 1000, headers: {}, externalUrl: '' },
  };
}

/** Our firing alerts at every minute of the scenario. */
async function ourFiring(s: Scenario): Promise<boolean[]> {
  let step = 0;
  const client: PrometheusClient = {
    async query(): Promise<Sample[]> {
      const v = s.values[step] ?? 0;
      return v > 0 ? [{ labels: { __name__: 'x', job: 'a' }, value: v }] : [];
    },
    async queryRange() {
      return [];
    },
  };
  const engine = createEngine({
    settings: settings(s),
    client,
    log: silentLogger,
    now: () => step * 60_000,
    inMemory: true,
  });
  const out: boolean[] = [];
  for (step = 0; step < s.values.length; step++) {
    await engine.runCycle();
    out.push(engine.alerts().some((a) => a.labels.alertname === 'X' && a.state === 'firing'));
  }
  return out;
}

function promtoolFile(dir: string, s: Scenario, firing: readonly boolean[]): string {
  const rules = join(dir, 'rules.yml');
  const kff = s.keepFiringForMs ? `\n        keep_firing_for: ${s.keepFiringForMs / 1000}s` : '';
  writeFileSync(
    rules,
    `groups:\n  - name: replay\n    rules:\n      - alert: X\n        expr: x > 0\n        for: ${s.forMs / 1000}s${kff}\n`,
  );
  const steps = firing
    .map(
      (f, i) =>
        `      - eval_time: ${i}m\n        alertname: X\n        exp_alerts:${f ? '\n          - exp_labels: { job: a }' : ' []'}`,
    )
    .join('\n');
  const file = join(dir, 'test.yml');
  writeFileSync(
    file,
    `rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n      - series: 'x{job="a"}'\n        values: '${s.values.join(' ')}'\n    alert_rule_test:\n${steps}\n`,
  );
  return file;
}

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });

for (const s of SCENARIOS) {
  test(`replay vs promtool test rules: ${s.name}`, {
    skip: promtool.status !== 0 && 'promtool not installed',
  }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'gs-replay-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const firing = await ourFiring(s);
    const file = promtoolFile(dir, s, firing);
    const r = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8', cwd: dir });
    const ours = firing.map((f, i) => (f ? `${i}m` : '')).filter(Boolean);
    assert.equal(r.status, 0, `promtool disagrees (we fire at ${ours.join(' ')}):\n${r.stdout}${r.stderr}`);
  });
}
