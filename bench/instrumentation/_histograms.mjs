// The scrape benchmarks' fixture: `nSeries` series of one 14-bucket request-duration histogram
// (route /route/0, /route/1, ...), filled the same way in each exporter compared, so scrape.mjs
// (in process) and _scrape-target.mjs (over HTTP) measure the same data.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchRequire = createRequire(join(dirname(fileURLToPath(import.meta.url)), '../package.json'));
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** golden-signals' own registry (from the built package) holding the series. */
export async function goldenSignalsRegistry(nSeries) {
  const { Registry } = await import('../../packages/instrumentation/dist/registry/registry.js');
  const { HTTP_SERVER_DURATION } = await import('@golden-signals/conventions');
  const reg = new Registry({ cardinalityLimit: nSeries + 10 });
  const h = reg.fromSpec(HTTP_SERVER_DURATION);
  for (let i = 0; i < nSeries; i++)
    h.observe(h.seriesFor(['GET', `/route/${i}`, '200', '']), (i % 100) / 100);
  return reg;
}

/** A prom-client registry holding the series, its labels named `[method, route, status]`. */
export function promClientRegistry(nSeries, [method, route, status]) {
  const client = benchRequire('prom-client');
  const registry = new client.Registry();
  const h = new client.Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'x',
    labelNames: [method, route, status],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (let i = 0; i < nSeries; i++)
    h.observe({ [method]: 'GET', [route]: `/route/${i}`, [status]: '200' }, (i % 100) / 100);
  return registry;
}

/** An OpenTelemetry SDK MeterProvider read by `exporter` (the stock Prometheus exporter), holding the series. */
export function otelMeterProvider(nSeries, exporter) {
  const { MeterProvider } = benchRequire('@opentelemetry/sdk-metrics');
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
  return provider;
}
