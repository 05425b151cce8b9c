// Scrape cost of 10,000 histogram series: golden-signals' snapshot (text into buffers) vs prom-client vs the stock
// OpenTelemetry Prometheus exporter, with the longest event-loop stall seen during the scrape.
// Usage: node bench/instrumentation/scrape.mjs [series=10000] [rounds=5]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goldenSignalsRegistry, otelMeterProvider, promClientRegistry } from './_histograms.mjs';
import { median, spread } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const benchRequire = createRequire(join(here, '../package.json'));
const nSeries = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 5);

/** Runs `fn` while a 1 ms timer measures the longest gap between its ticks. */
async function timed(fn) {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 5));
  last = performance.now();
  const t0 = performance.now();
  const bytes = await fn();
  const ms = performance.now() - t0;
  const now = performance.now();
  worst = Math.max(worst, now - last);
  clearInterval(timer);
  return { ms, stall: worst, bytes };
}

async function goldenSignals() {
  // The scrape's own path: the text rendered into the snapshot's buffers, yielding as it goes.
  const { renderSnapshot } = await import('../../packages/instrumentation/dist/export/snapshot.js');
  const reg = await goldenSignalsRegistry(nSeries);
  return () => reg.read(async (xs) => (await renderSnapshot(xs, 'bench')).bytes);
}

async function promClient() {
  const registry = promClientRegistry(nSeries, ['method', 'route', 'status']);
  return async () => (await registry.metrics()).length;
}

async function otelExporter() {
  const { PrometheusExporter, PrometheusSerializer } = benchRequire('@opentelemetry/exporter-prometheus');
  const exporter = new PrometheusExporter({ preventServerStart: true });
  otelMeterProvider(nSeries, exporter);
  const serializer = new PrometheusSerializer();
  return async () => {
    const { resourceMetrics } = await exporter.collect();
    return serializer.serialize(resourceMetrics).length;
  };
}

// An optional third argument runs one variant alone (`golden-signals`, `prom-client` or
// `otel-exporter`): together, the three registries share one heap, and a major GC that one
// variant's garbage triggers shows up as another's stall.
const only = process.argv[4];
const factories = {
  'golden-signals': goldenSignals,
  'prom-client': promClient,
  'otel-exporter': otelExporter,
};
const variants = {};
for (const [name, make] of Object.entries(factories))
  if (!only || only === name) variants[name] = await make();
// One untimed scrape each: JIT warm-up, and our serializer caches each series' label text once.
for (const fn of Object.values(variants)) await fn();
const results = Object.fromEntries(Object.keys(variants).map((k) => [k, { ms: [], stall: [], bytes: 0 }]));
for (let r = 0; r < rounds; r++) {
  for (const [name, fn] of Object.entries(variants)) {
    const t = await timed(fn);
    results[name].ms.push(t.ms);
    results[name].stall.push(t.stall);
    results[name].bytes = t.bytes;
  }
}
console.log(`\nScrape of ${nSeries} histogram series (14 buckets), ${rounds} interleaved rounds`);
console.log('| variant | median ms | range | worst event-loop stall ms (median) | bytes |');
console.log('|---|---|---|---|---|');
for (const [name, x] of Object.entries(results)) {
  console.log(
    `| ${name} | ${median(x.ms).toFixed(0)} | ${spread(x.ms)} | ${median(x.stall).toFixed(1)} | ${x.bytes} |`,
  );
}
