// Scrape cost of 10,000 histogram series: golden-signals' snapshot (text into buffers) vs prom-client vs the stock
// OpenTelemetry Prometheus exporter, with the longest event-loop stall seen during the scrape.
// Usage: node bench/instrumentation/scrape.mjs [series=10000] [rounds=5]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, spread } from './common.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const benchRequire = createRequire(join(here, '../package.json'));
const nSeries = Number(process.argv[2] ?? 10_000);
const rounds = Number(process.argv[3] ?? 5);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

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
  const { Registry } = await import('../../packages/instrumentation/dist/registry/registry.js');
  // The scrape's own path: the text rendered into the snapshot's buffers, yielding as it goes.
  const { renderSnapshot } = await import('../../packages/instrumentation/dist/export/snapshot.js');
  const { HTTP_SERVER_DURATION } = await import('@golden-signals/conventions');
  const reg = new Registry({ cardinalityLimit: nSeries + 10 });
  const h = reg.fromSpec(HTTP_SERVER_DURATION);
  for (let i = 0; i < nSeries; i++)
    h.observe(h.seriesFor(['GET', `/route/${i}`, '200', '']), (i % 100) / 100);
  return () => reg.read(async (xs) => (await renderSnapshot(xs, 'bench')).bytes);
}

async function promClient() {
  const client = benchRequire('prom-client');
  const registry = new client.Registry();
  const h = new client.Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'x',
    labelNames: ['method', 'route', 'status'],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (let i = 0; i < nSeries; i++)
    h.observe({ method: 'GET', route: `/route/${i}`, status: '200' }, (i % 100) / 100);
  return async () => (await registry.metrics()).length;
}

async function otelExporter() {
  const { MeterProvider } = benchRequire('@opentelemetry/sdk-metrics');
  const { PrometheusExporter, PrometheusSerializer } = benchRequire('@opentelemetry/exporter-prometheus');
  const exporter = new PrometheusExporter({ preventServerStart: true });
  // The SDK folds past 2,000 series per instrument by default: lift that, or it serves a fifth.
  const provider = new MeterProvider({
    readers: [exporter],
    views: [{ instrumentName: '*', aggregationCardinalityLimit: nSeries + 10 }],
  });
  const h = provider.getMeter('bench').createHistogram('http.server.request.duration', {
    unit: 's',
    advice: { explicitBucketBoundaries: BUCKETS },
  });
  for (let i = 0; i < nSeries; i++)
    h.record((i % 100) / 100, {
      'http.request.method': 'GET',
      'http.route': `/route/${i}`,
      'http.response.status_code': 200,
    });
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
