/**
 * After a corrupt state file the notifier is held until the rules re-established their alerts
 * (no false all-clear for what it paged, no second page); a cycle longer than its interval is
 * counted and warned about once.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Alert, AlertEvent, AlertSink } from '../../src/alert.ts';
import { createEngine, type EngineSettings } from '../../src/engine/engine.ts';
import type { PrometheusClient } from '../../src/prometheus/client.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { stateFile } from '../../src/store/stateStore.ts';

function settings(stateDir: string, over: Partial<EngineSettings> = {}): EngineSettings {
  return {
    rules: [
      {
        key: 'g/Down#0',
        name: 'Down',
        group: 'g',
        file: 'r.yml',
        line: 1,
        expr: 'up == 0',
        forMs: 60_000,
        keepFiringForMs: 0,
        labels: { severity: 'critical' },
        annotations: {},
      },
    ],
    evaluationIntervalMs: 15_000,
    queryConcurrency: 1,
    datasourceDownGraceMs: 30_000,
    flap: { windowMs: 600_000, maxFlips: 10 },
    resolvedRetentionMs: 600_000,
    stateDir,
    prometheus: { url: 'http://127.0.0.1:9', timeoutMs: 1000, headers: {}, externalUrl: '' },
    ...over,
  };
}

test('after a corrupt state file the sink hears nothing until the alerts re-established, then gets them firing', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-recover-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(stateFile(dir), '{"version":1,"checksum":"x","body":"{');
  const calls: Array<{ events: readonly AlertEvent[]; active: readonly Alert[] }> = [];
  const sink: AlertSink = { handle: async (events, active) => void calls.push({ events, active }) };
  const client: PrometheusClient = {
    query: async () => [{ labels: { instance: 'db-1' }, value: 0 }],
    queryRange: async () => [],
  };
  let now = 1_000_000;
  const engine = createEngine({ settings: settings(dir), client, log: silentLogger, sink, now: () => now });
  await engine.restore();
  // The alert is pending for its `for` (60 s): an empty active list now would resolve the page
  // the notifier remembers, and a new firing after `for` would page again.
  for (let i = 0; i < 5; i++, now += 15_000) await engine.runCycle();
  assert.equal(calls.length, 0, 'held while the alerts re-establish');
  await engine.runCycle();
  assert.equal(calls.length, 1);
  const firing = calls[0]?.active.filter((a) => a.state === 'firing') ?? [];
  assert.deepEqual(
    firing.map((a) => a.labels.instance),
    ['db-1'],
  );
  assert.ok(
    calls[0]?.events.some((e) => e.kind === 'firing'),
    'the events kept meanwhile are handed over',
  );
});

test('a cycle longer than the interval counts missed iterations and warns once per overrun', async () => {
  const warnings: string[] = [];
  const log = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
  const client: PrometheusClient = {
    query: () => new Promise((r) => setTimeout(() => r([]), 120)),
    queryRange: async () => [],
  };
  const engine = createEngine({
    settings: settings('/nonexistent', { evaluationIntervalMs: 50 }),
    client,
    log,
    inMemory: true,
  });
  await engine.runCycle();
  await engine.runCycle();
  assert.equal(warnings.filter((w) => w.includes('longer than evaluation_interval')).length, 1);
  const missed = /golden_signals_alerting_cycle_iterations_missed_total (\d+)/.exec(engine.metrics());
  assert.ok(Number(missed?.[1]) >= 4, engine.metrics());
  assert.match(engine.metrics(), /golden_signals_alerting_cycle_last_duration_seconds 0\.1\d*/);
});
