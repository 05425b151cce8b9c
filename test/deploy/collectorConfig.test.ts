/**
 * Structural checks of the OpenTelemetry Collector configs (there is no collector binary here):
 * what a typo or a forgotten component would break at start-up, or worse, silently.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from './helpers/run.ts';

type Section = Record<string, Record<string, unknown> | null>;
interface CollectorConfig {
  receivers?: Section;
  processors?: Section;
  exporters?: Section;
  extensions?: Section;
  service: {
    extensions?: string[];
    pipelines: Record<string, { receivers?: string[]; processors?: string[]; exporters?: string[] }>;
    telemetry?: unknown;
  };
}

async function load(file: string): Promise<CollectorConfig> {
  return parse(await readFile(join(ROOT, 'otel-collector', file), 'utf8')) as CollectorConfig;
}

/** Every `endpoint: host:port` and `port: n` in the config, with where it was found. */
function listeners(node: unknown, path: string, out: Array<{ path: string; port: number }>): void {
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    const here = `${path}.${k}`;
    if (
      k === 'endpoint' &&
      typeof v === 'string' &&
      /^[\w.-]*:\d+$/.test(v) &&
      /^(0\.0\.0\.0|127\.0\.0\.1|localhost|):/.test(v)
    ) {
      out.push({ path: here, port: Number(v.split(':').pop()) });
    } else if (k === 'port' && typeof v === 'number') {
      out.push({ path: here, port: v });
    } else {
      listeners(v, here, out);
    }
  }
}

for (const file of ['agent.yaml', 'gateway.yaml']) {
  describe(`otel-collector/${file}`, () => {
    it('defines every component its pipelines and extensions name', async () => {
      const c = await load(file);
      for (const [name, p] of Object.entries(c.service.pipelines)) {
        assert.match(name, /^metrics(\/[\w-]+)?$/, `${name}: golden-signals only ships metrics pipelines`);
        for (const kind of ['receivers', 'processors', 'exporters'] as const) {
          for (const id of p[kind] ?? [])
            assert.ok(id in (c[kind] ?? {}), `${name} uses ${kind}.${id}, which is not defined`);
        }
        assert.ok(
          (p.receivers ?? []).length > 0 && (p.exporters ?? []).length > 0,
          `${name} needs receivers and exporters`,
        );
      }
      for (const id of c.service.extensions ?? [])
        assert.ok(id in (c.extensions ?? {}), `extension ${id} is not defined`);
    });

    it('uses every receiver, exporter and processor it defines', async () => {
      const c = await load(file);
      const used = {
        receivers: new Set<string>(),
        processors: new Set<string>(),
        exporters: new Set<string>(),
      };
      for (const p of Object.values(c.service.pipelines)) {
        for (const kind of ['receivers', 'processors', 'exporters'] as const)
          for (const id of p[kind] ?? []) used[kind].add(id);
      }
      for (const kind of ['receivers', 'processors', 'exporters'] as const) {
        for (const id of Object.keys(c[kind] ?? {}))
          assert.ok(used[kind].has(id), `${kind}.${id} is defined but in no pipeline`);
      }
    });

    it('puts memory_limiter first and batch last in every pipeline', async () => {
      const c = await load(file);
      for (const [name, p] of Object.entries(c.service.pipelines)) {
        const procs = p.processors ?? [];
        assert.equal(
          procs[0],
          'memory_limiter',
          `${name}: memory_limiter must refuse data before anything else`,
        );
        assert.equal(procs.at(-1), 'batch', `${name}: batch last, so exports are batched`);
      }
    });

    it('gives every listener its own port', async () => {
      const c = await load(file);
      const found: Array<{ path: string; port: number }> = [];
      listeners(c, '', found);
      assert.ok(
        found.length >= 3,
        `expected OTLP, health and telemetry listeners, found ${JSON.stringify(found)}`,
      );
      const byPort = new Map<number, string>();
      for (const l of found) {
        assert.ok(!byPort.has(l.port), `port ${l.port} is used by ${byPort.get(l.port)} and ${l.path}`);
        byPort.set(l.port, l.path);
      }
    });

    it('converts resource attributes to labels in every Prometheus exporter, so service_name is on every series', async () => {
      const c = await load(file);
      for (const [id, cfg] of Object.entries(c.exporters ?? {})) {
        if (!/^prometheus(remotewrite)?(\/|$)/.test(id)) continue;
        const conv = (cfg as { resource_to_telemetry_conversion?: { enabled?: boolean } })
          .resource_to_telemetry_conversion;
        assert.equal(conv?.enabled, true, `${id}: resource_to_telemetry_conversion.enabled`);
      }
    });
  });
}

describe('otel-collector tiers', () => {
  it('the agent exports to the gateway OTLP port and the gateway exports to remote write and to Prometheus', async () => {
    const agent = await load('agent.yaml');
    const gateway = await load('gateway.yaml');
    const exporter = agent.exporters?.['otlp/gateway'] as { endpoint: string } | undefined;
    const receiver = gateway.receivers?.otlp as { protocols: { grpc: { endpoint: string } } } | undefined;
    assert.ok(exporter && receiver, 'the agent has otlp/gateway and the gateway an otlp receiver');
    const target = exporter.endpoint;
    const grpc = receiver.protocols.grpc.endpoint.split(':').pop();
    assert.equal(target.split(':').pop(), grpc);
    const exporters = Object.values(gateway.service.pipelines).flatMap((p) => p.exporters ?? []);
    assert.ok(exporters.includes('prometheusremotewrite') && exporters.includes('prometheus'));
  });

  it('the Prometheus config scrapes the gateway exporter port', async () => {
    const gateway = await load('gateway.yaml');
    const exporter = gateway.exporters?.prometheus as { endpoint: string } | undefined;
    assert.ok(exporter, 'the gateway has a prometheus exporter');
    const port = exporter.endpoint.split(':').pop();
    const prom = await readFile(join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8');
    assert.match(prom, new RegExp(`otel-collector-gateway:${port}`));
  });
});
