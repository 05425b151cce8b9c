// One scrape target of scrape-http.mjs: 10k histogram series in one exporter, served over HTTP
// the way that exporter is served in production. Prints `listening <port>`; answers
// `stall` on stdin with the longest event-loop gap (ms) since the last ask.
// Usage: node _scrape-target.mjs <static|golden-signals|prom-client|otel-exporter> <series>
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benchRequire = createRequire(join(here, '../package.json'));
const [variant, seriesArg] = process.argv.slice(2);
const nSeries = Number(seriesArg ?? 10_000);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Our registry holding the bench's series, and the renderer the metrics server uses. */
async function ourRegistry() {
  const { Registry } = await import('../../packages/instrumentation/dist/registry/registry.js');
  const { renderSnapshot } = await import('../../packages/instrumentation/dist/export/snapshot.js');
  const { HTTP_SERVER_DURATION } = await import('@golden-signals/conventions');
  const reg = new Registry({ cardinalityLimit: nSeries + 10 });
  const h = reg.fromSpec(HTTP_SERVER_DURATION);
  for (let i = 0; i < nSeries; i++)
    h.observe(h.seriesFor(['GET', `/route/${i}`, '200', '']), (i % 100) / 100);
  return { snapshot: () => reg.read((xs) => renderSnapshot(xs, 'bench')) };
}

async function goldenSignals() {
  const { startMetricsServer } = await import('../../packages/instrumentation/dist/export/metricsServer.js');
  const { createLog } = await import('../../packages/instrumentation/dist/log.js');
  const { snapshot } = await ourRegistry();
  return new Promise((resolve) => {
    const server = startMetricsServer({
      host: '127.0.0.1',
      port: 0,
      snapshot,
      log: createLog('warn'),
      onListening: () => resolve(server.address().port),
    });
    server.ref();
  });
}

/**
 * The floor: our text rendered and gzipped once, then every scrape answered from memory with no
 * exporter work at all. What is left of a scrape here is the client's (Prometheus' parse and
 * append of every sample) and the loopback's.
 */
async function staticBytes() {
  const snap = await (await ourRegistry()).snapshot();
  const plain = Buffer.concat(snap.chunks);
  const gzip = await snap.gzip();
  const server = createServer((req, res) => {
    const gz = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gz ? gzip : plain;
    res.writeHead(200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
      'content-length': body.length,
      ...(gz && { 'content-encoding': 'gzip' }),
    });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return server.address().port;
}

async function promClient() {
  const client = benchRequire('prom-client');
  const registry = new client.Registry();
  const h = new client.Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'x',
    labelNames: ['http_request_method', 'http_route', 'http_response_status_code'],
    buckets: BUCKETS,
    registers: [registry],
  });
  for (let i = 0; i < nSeries; i++)
    h.observe(
      { http_request_method: 'GET', http_route: `/route/${i}`, http_response_status_code: '200' },
      (i % 100) / 100,
    );
  // As prom-client's README serves it: the text of registry.metrics(), no compression.
  const server = createServer(async (_req, res) => {
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(text);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return server.address().port;
}

async function otelExporter() {
  const { MeterProvider } = benchRequire('@opentelemetry/sdk-metrics');
  const { PrometheusExporter } = benchRequire('@opentelemetry/exporter-prometheus');
  const exporter = new PrometheusExporter({ host: '127.0.0.1', port: 0, preventServerStart: true });
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
  // The exporter's own request handler, on a server whose port we know.
  const server = createServer((req, res) => exporter.getMetricsRequestHandler(req, res));
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return server.address().port;
}

const make = {
  static: staticBytes,
  'golden-signals': goldenSignals,
  'prom-client': promClient,
  'otel-exporter': otelExporter,
}[variant];
const port = await make();
let last = performance.now();
let worst = 0;
setInterval(() => {
  const now = performance.now();
  worst = Math.max(worst, now - last);
  last = now;
}, 1);
createInterface({ input: process.stdin }).on('line', () => {
  process.stdout.write(`stall ${worst.toFixed(1)}\n`);
  worst = 0;
});
process.stdout.write(`listening ${port}\n`);
