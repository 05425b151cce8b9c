/**
 * Alerting budget: N alerting rules per cycle against a real Prometheus with bounded concurrency
 * (budget: 1,000 rules <= 2 s), engine work per rule excluding queries (<= 0.2 ms), heap over many
 * cycles (flat), and detection latency (breach scraped -> firing).
 *
 *   node bench/alerting/cycle.ts [--rules 1000] [--cycles 500] [--concurrency 10]
 */
import { parseArgs } from 'node:util';
import { createEngine } from '../../packages/alerting/src/engine/engine.ts';
import { createPrometheusClient } from '../../packages/alerting/src/prometheus/client.ts';
import { silentLogger } from '../../packages/alerting/src/shared/log.ts';
import type { AlertingRule } from '../../packages/alerting/src/types.ts';
import { startGaugeServer } from '../../packages/alerting/test/helpers/gaugeServer.ts';
import { startPrometheus } from '../../packages/alerting/test/helpers/prometheus.ts';

const { values } = parseArgs({
  options: {
    rules: { type: 'string', default: '1000' },
    cycles: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '10' },
  },
});
const N = Number(values.rules);
const CYCLES = Number(values.cycles);

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] as number;
  return { median: q(0.5), p10: q(0.1), p90: q(0.9), max: s[s.length - 1] as number };
};

const gauge = await startGaugeServer();
for (let i = 0; i < N; i++)
  gauge.set('bench_value', i % 10 === 0 ? 0.5 : 0.01, { rule: String(i), service_name: `svc${i % 20}` });
gauge.set('bench_breach', 0);
const prom = await startPrometheus({ targets: [gauge.target] });
try {
  await prom.waitFor('count(bench_value)', (v) => v === N, 30_000);
  const rules: AlertingRule[] = Array.from({ length: N }, (_, i) => ({
    key: `bench/R${i}#0`,
    name: `R${i}`,
    group: 'bench',
    file: 'bench.yml',
    line: i,
    expr: `max by (service_name) (bench_value{rule="${i}"})`,
    forMs: 0,
    keepFiringForMs: 0,
    labels: {},
    annotations: { summary: '{{ $labels.service_name }} at {{ $value | humanizePercentage }}' },
    severity: {
      tiers: [
        { severity: 'info', threshold: 0.1 },
        { severity: 'critical', threshold: 0.9 },
      ],
      direction: 'above',
      recover: 0.05,
      context: [],
    },
  }));
  const settings = {
    rules,
    evaluationIntervalMs: 1000,
    queryConcurrency: Number(values.concurrency),
    datasourceDownGraceMs: 60_000,
    flap: { windowMs: 600_000, maxFlips: 4 },
    resolvedRetentionMs: 600_000,
    stateDir: '/nonexistent',
    prometheus: { url: prom.url, timeoutMs: 10_000, headers: {}, externalUrl: prom.url },
  };
  const client = createPrometheusClient({ url: prom.url });
  const engine = createEngine({ settings, client, log: silentLogger, inMemory: true });
  const wall: number[] = [];
  const perRule: number[] = [];
  const heap: number[] = [];
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let c = 0; c < CYCLES; c++) {
    const r = await engine.runCycle();
    if (r.failedRules) throw new Error(`${r.failedRules} rules failed`);
    wall.push(r.durationMs);
    perRule.push(r.engineMs / N);
    if (c % 50 === 0 || c === CYCLES - 1) {
      gc?.();
      heap.push(process.memoryUsage().heapUsed / 1e6);
    }
  }
  console.log(
    `rules=${N} cycles=${CYCLES} concurrency=${values.concurrency} alerts=${engine.alerts().length}`,
  );
  const w = stats(wall);
  const e = stats(perRule);
  console.log(
    `cycle wall ms: median ${w.median.toFixed(0)} p10 ${w.p10.toFixed(0)} p90 ${w.p90.toFixed(0)} max ${w.max.toFixed(0)}`,
  );
  console.log(
    `engine ms/rule: median ${e.median.toFixed(4)} p10 ${e.p10.toFixed(4)} p90 ${e.p90.toFixed(4)} max ${e.max.toFixed(4)}`,
  );
  console.log(
    `heap MB every 50 cycles${gc ? ' (after gc)' : ' (run with --expose-gc for stable figures)'}: ${heap.map((h) => h.toFixed(1)).join(' ')}`,
  );

  // Detection latency: value breaches at the exporter -> scraped by Prometheus -> engine firing.
  // Flap damping off here: five breach/clear rounds in a minute would otherwise (rightly) mark
  // the alert flapping and suppress the very `firing` event this loop waits for.
  const one = createEngine({
    settings: {
      ...settings,
      flap: { windowMs: 600_000, maxFlips: 1_000 },
      rules: [{ ...rules[1]!, key: 'lat', expr: 'max(bench_breach)' }],
    },
    client,
    log: silentLogger,
    inMemory: true,
  });
  const latencies: number[] = [];
  const afterVisible: number[] = [];
  for (let k = 0; k < 5; k++) {
    gauge.set('bench_breach', 0);
    await prom.waitFor('max(bench_breach)', (v) => v === 0);
    await one.runCycle();
    const t0 = Date.now();
    gauge.set('bench_breach', 1);
    // The engine evaluates on its own 1 s tick, independent of when Prometheus sees the breach.
    let visibleAt: number | undefined;
    const watch = prom
      .waitFor('max(bench_breach)', (v) => v === 1, 30_000)
      .then(() => {
        visibleAt = Date.now();
      });
    for (;;) {
      await new Promise((res) => setTimeout(res, 1000 - (Date.now() % 1000)));
      const r = await one.runCycle();
      if (r.events.some((ev) => ev.kind === 'firing')) break;
    }
    await watch;
    latencies.push(Date.now() - t0);
    afterVisible.push(Date.now() - (visibleAt ?? t0));
  }
  const l = stats(latencies);
  const v = stats(afterVisible);
  console.log(
    `detection latency ms (1s scrape, 1s evaluation, for 0): exporter -> firing median ${l.median} max ${l.max}; visible in Prometheus -> firing median ${v.median} max ${v.max}`,
  );
} finally {
  await prom.stop();
  await gauge.close();
}
