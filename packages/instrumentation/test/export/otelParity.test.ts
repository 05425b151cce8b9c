import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HTTP_DURATION_BUCKETS, HTTP_SERVER_DURATION } from '@golden-signals/conventions';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { renderSnapshot } from '../../src/export/snapshot.ts';
import { RegistryMeterProvider } from '../../src/registry/meterProvider.ts';
import { Registry } from '../../src/registry/registry.ts';
import { parseExposition, type Sample } from '../helpers/app.ts';

type MeterLike = ReturnType<MeterProvider['getMeter']>;

/** The same instruments and measurements, whoever records them. */
function feed(
  meter: MeterLike,
  httpDuration: (seconds: number, attrs: Record<string, string | number>) => void,
) {
  const orders = meter.createCounter('shop.orders', { unit: '{order}', description: 'Orders placed' });
  const queue = meter.createUpDownCounter('shop.queue.depth', { unit: '{job}', description: 'Jobs waiting' });
  const bytes = meter.createHistogram('shop.upload.size', {
    unit: 'By',
    description: 'Upload sizes',
    advice: { explicitBucketBoundaries: [1024, 65536, 1048576] },
  });
  const temp = meter.createGauge('shop.oven.temperature', { unit: 'Cel', description: 'Oven' });
  orders.add(2, { 'payment.method': 'card' });
  orders.add(1, { 'payment.method': 'cash' });
  queue.add(5);
  queue.add(-2);
  for (const b of [10, 2000, 70000, 5e6]) bytes.record(b, { 'upload.kind': 'image' });
  temp.record(220.5, { oven: 'a' });
  for (const [s, route, status] of [
    [0.004, '/orders/:id', 200],
    [0.3, '/orders/:id', 200],
    [1.2, '/checkout', 503],
  ] as const)
    httpDuration(s, {
      'http.request.method': 'GET',
      'http.route': route,
      'http.response.status_code': status,
      ...(status >= 500 ? { 'error.type': String(status) } : {}),
    });
}

async function ours(): Promise<Sample[]> {
  const reg = new Registry({ cardinalityLimit: 100 });
  const h = reg.fromSpec(HTTP_SERVER_DURATION);
  feed(new RegistryMeterProvider(reg).getMeter('parity') as unknown as MeterLike, (s, a) =>
    h.observe(
      h.seriesFor([
        String(a['http.request.method']),
        String(a['http.route']),
        String(a['http.response.status_code']),
        String(a['error.type'] ?? ''),
      ]),
      s,
    ),
  );
  const snap = await reg.read((xs) => renderSnapshot(xs, 'parity'));
  return parseExposition(Buffer.concat(snap.chunks).toString());
}

async function stock(): Promise<Sample[]> {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({ readers: [exporter] });
  const meter = provider.getMeter('parity');
  const h = meter.createHistogram('http.server.request.duration', {
    unit: 's',
    description: 'Duration of HTTP server requests.',
    advice: { explicitBucketBoundaries: [...HTTP_DURATION_BUCKETS] },
  });
  feed(meter, (s, a) => h.record(s, a));
  const { resourceMetrics } = await exporter.collect();
  const text = new PrometheusSerializer().serialize(resourceMetrics);
  await provider.shutdown();
  return parseExposition(text);
}

/**
 * Labels we deliberately do not share: our `service_name` on every series (the project's
 * convention: every rule and route groups by it), and the stock exporter's `otel_scope_*` labels
 * and `target_info` series (resource and scope as OpenTelemetry's Prometheus compatibility spec
 * describes them; Prometheus has no scope, and we serve one service per port).
 */
const DELIBERATE = /^(service_name|otel_scope_\w+|job|instance)$/;

/**
 * The one deliberate difference in names: we append the unit to the name, as Prometheus'
 * naming guide and OpenTelemetry's Prometheus compatibility spec say (`_seconds`, `_bytes`,
 * `_celsius`), so `http_server_request_duration_seconds_bucket` is what every Prometheus user and
 * the semconv dashboards query; the stock exporter (0.301) leaves the unit out of the name.
 */
const UNIT_SUFFIX: Record<string, string> = {
  http_server_request_duration: 'seconds',
  shop_upload_size: 'bytes',
  shop_oven_temperature: 'celsius',
};

function withUnit(name: string): string {
  const m = /^(.*?)(_bucket|_sum|_count)?$/.exec(name)!;
  const suffix = UNIT_SUFFIX[m[1]!];
  return suffix ? `${m[1]}_${suffix}${m[2] ?? ''}` : name;
}

function shape(samples: Sample[], rename: (name: string) => string = (n) => n): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of samples) {
    if (s.name === 'target_info') continue;
    const labels = Object.entries(s.labels)
      .filter(([k]) => !DELIBERATE.test(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    out.set(`${rename(s.name)}{${labels}}`, s.value);
  }
  return out;
}

describe('our exposition against @opentelemetry/exporter-prometheus, fed the same measurements', () => {
  it('agrees on names, unit suffixes, buckets, label sets and values, but for the documented labels', async () => {
    const a = shape(await ours());
    const b = shape(await stock(), withUnit);
    const onlyOurs = [...a.keys()].filter((k) => !b.has(k));
    const onlyTheirs = [...b.keys()].filter((k) => !a.has(k));
    assert.deepEqual({ onlyOurs, onlyTheirs }, { onlyOurs: [], onlyTheirs: [] });
    for (const [k, v] of a) assert.ok(Math.abs(v - b.get(k)!) < 1e-9, `${k}: ${v} vs ${b.get(k)}`);
  });
});
