/**
 * Large results in linear time: one rule returning N series (default 100,000) is evaluated,
 * its state saved and restored; each step is timed at N/4, N/2 and N so the growth can be read
 * (linear: doubling N doubles the time). The data source is in-process (the query itself is
 * Prometheus' cost, not ours); the state goes to a temp state_dir on disk.
 *
 *   node bench/alerting/largeResults.ts [--series 100000] [--cycles 6]
 *
 * With `for: 1m` at 15 s the alerts are pending for four cycles, then fire: the first save is a
 * snapshot, steady cycles write nothing, the firing cycle journals every record.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, type EngineSettings } from '../../packages/alerting/src/engine/engine.ts';
import type { PrometheusClient, Sample } from '../../packages/alerting/src/prometheus/client.ts';
import { silentLogger } from '../../packages/alerting/src/shared/log.ts';
import { stateFile } from '../../packages/alerting/src/store/stateStore.ts';

const { values } = parseArgs({
  options: { series: { type: 'string', default: '100000' }, cycles: { type: 'string', default: '6' } },
});
const N = Number(values.series);
const CYCLES = Number(values.cycles);

function settings(dir: string, n: number): EngineSettings {
  return {
    rules: [
      {
        key: 'big/Many#0',
        name: 'Many',
        group: 'big',
        file: 'big.yml',
        line: 1,
        expr: 'many',
        forMs: 60_000,
        keepFiringForMs: 0,
        labels: { severity: 'warning' },
        annotations: { summary: '{{ $labels.instance }} is at {{ $value | humanize }}' },
      },
    ],
    evaluationIntervalMs: 15_000,
    queryConcurrency: 4,
    datasourceDownGraceMs: 60_000,
    flap: { windowMs: 600_000, maxFlips: 4 },
    resolvedRetentionMs: 600_000,
    stateDir: dir,
    maxSeriesPerRule: n + 1,
    prometheus: { url: 'http://127.0.0.1:9', timeoutMs: 1000, headers: {}, externalUrl: '' },
  };
}

async function measure(n: number) {
  const dir = await mkdtemp(join(tmpdir(), 'gs-bench-large-'));
  const samples: Sample[] = Array.from({ length: n }, (_, i) => ({
    labels: { __name__: 'many', instance: `host-${i}:9100`, job: 'node' },
    value: 1 + (i % 7),
  }));
  const client: PrometheusClient = { query: async () => samples, queryRange: async () => [] };
  let now = 1_700_000_000_000;
  const engine = createEngine({ settings: settings(dir, n), client, log: silentLogger, now: () => now });
  await engine.restore();
  const cycles: string[] = [];
  for (let c = 0; c < CYCLES; c++) {
    const r = await engine.runCycle();
    cycles.push(`${Math.round(r.durationMs)} ms (save ${Math.round(r.saveMs)} ms, ${r.saved})`);
    now += 15_000;
  }
  const bytes = (await stat(stateFile(dir))).size;
  const again = createEngine({ settings: settings(dir, n), client, log: silentLogger, now: () => now });
  const r0 = performance.now();
  await again.restore();
  const restoreMs = performance.now() - r0;
  const restored = again.alerts().length;
  await rm(dir, { recursive: true, force: true });
  return { n, cycles, restoreMs, restored, bytes };
}

for (const n of [Math.round(N / 4), Math.round(N / 2), N]) {
  const m = await measure(n);
  const fmt = (x: number) => `${Math.round(x)} ms`;
  console.log(
    `${m.n} series: cycles ${m.cycles.join(', ')}; ` +
      `restore ${fmt(m.restoreMs)} (${m.restored} alerts); state file ${(m.bytes / 1e6).toFixed(1)} MB`,
  );
}
