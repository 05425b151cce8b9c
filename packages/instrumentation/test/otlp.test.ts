import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type InstrumentKind, prometheusName } from '@golden-signals/conventions';
import { eventually, FIXTURES, REGISTER, startApp } from './helpers/app.ts';
import { launch } from './helpers/launch.ts';

interface OtlpMetric {
  name: string;
  unit?: string;
  histogram?: {
    dataPoints: Array<{
      count: string | number;
      attributes: Array<{ key: string; value: { stringValue?: string } }>;
    }>;
  };
  sum?: {
    isMonotonic?: boolean;
    dataPoints: Array<{
      asDouble?: number;
      attributes: Array<{ key: string; value: { stringValue?: string } }>;
    }>;
  };
}
interface OtlpRequest {
  resourceMetrics: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeMetrics: Array<{ scope: { name: string }; metrics: OtlpMetric[] }>;
  }>;
}

function kindOf(m: OtlpMetric): InstrumentKind {
  if (m.histogram) return 'histogram';
  if (m.sum) return m.sum.isMonotonic ? 'counter' : 'updowncounter';
  return 'gauge';
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let b = '';
    req.on('data', (d: Buffer) => {
      b += d.toString();
    });
    req.on('end', () => resolve(b));
  });
}

describe('OTLP export to a collector', () => {
  it('sends every instrument it serves on /metrics over OTLP/HTTP JSON, with service.name on the resource', async () => {
    const received: Array<{ path: string; type: string; payload: OtlpRequest }> = [];
    const receiver = createServer(async (req, res) => {
      received.push({
        path: req.url ?? '',
        type: String(req.headers['content-type']),
        payload: JSON.parse(await body(req)),
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const port = (receiver.address() as { port: number }).port;
    const app = await startApp('plain.cjs', {
      env: {
        OTEL_METRICS_EXPORTER: 'prometheus,otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_METRIC_EXPORT_INTERVAL: '300',
        OTEL_SERVICE_NAME: 'otlp-app',
      },
    });
    try {
      await fetch(`${app.url}/api/orders/17`).then((r) => r.text());
      await fetch(`${app.url}/fail`).then((r) => r.text());
      const deadline = Date.now() + 10_000;
      const has = () =>
        received.some((r) =>
          r.payload.resourceMetrics.some((rm) =>
            rm.scopeMetrics.some((sm) => sm.metrics.some((m) => m.name === 'http.server.request.duration')),
          ),
        );
      while (!has() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(has(), 'the receiver got http.server.request.duration');
      const last = received.at(-1)!;
      assert.equal(last.path, '/v1/metrics');
      assert.match(last.type, /application\/json/);
      const rm = last.payload.resourceMetrics[0]!;
      assert.equal(
        rm.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue,
        'otlp-app',
      );
      const metrics = rm.scopeMetrics.flatMap((s) => s.metrics);
      const duration = metrics.find((m) => m.name === 'http.server.request.duration')!;
      assert.equal(duration.unit, 's');
      const points = duration.histogram!.dataPoints;
      const route = (p: (typeof points)[number]) =>
        p.attributes.find((a) => a.key === 'http.route')?.value.stringValue;
      assert.equal(Number(points.find((p) => route(p) === '/api/orders/:id')!.count), 1);
      assert.equal(Number(points.find((p) => route(p) === '/fail')!.count), 1);
      assert.ok(
        metrics.some((m) => m.name === 'app.errors'),
        'the errors counter arrives too',
      );
      // Same instruments both ways: every family on /metrics arrives over OTLP under its OTel name.
      const otlpNames = new Set(metrics.map((m) => prometheusName(m.name, m.unit ?? '', kindOf(m))));
      const scraped = (await app.scrape())
        .split('\n')
        .filter((l) => l.startsWith('# TYPE '))
        .map((l) => l.split(' ')[2]!);
      assert.ok(scraped.length > 5);
      for (const name of scraped) assert.ok(otlpNames.has(name), `${name} is on /metrics but not in OTLP`);
    } finally {
      await app.stop();
      receiver.close();
    }
  });

  it('gives every process and thread its own service.instance.id, so their streams never interleave', async () => {
    const ids = new Set<string>();
    const receiver = createServer(async (req, res) => {
      const payload = JSON.parse(await body(req)) as OtlpRequest;
      for (const rm of payload.resourceMetrics) {
        const id = rm.resource.attributes.find((a) => a.key === 'service.instance.id')?.value.stringValue;
        if (id) ids.add(id);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const port = (receiver.address() as { port: number }).port;
    const app = launch(process.execPath, ['--require', REGISTER, join(FIXTURES, 'multi.cjs')], {
      MODE: 'threads',
      WORKERS: '2',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_METRIC_EXPORT_INTERVAL: '300',
    });
    try {
      await app.waitFor(/ports/);
      await eventually('three exporters (main thread and two workers)', () => ids.size >= 3, 15_000);
      for (const id of ids)
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      await app.stop();
      receiver.close();
    }
  });
});
