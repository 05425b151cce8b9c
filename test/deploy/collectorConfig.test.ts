/**
 * The OpenTelemetry Collector configs: each shipped combination of files is validated by our
 * distribution itself (`otelcol-gs validate`), and structural checks catch what validation
 * accepts but would be wrong silently (an unused component, two listeners on one port, a
 * pipeline that does not refuse data first, a Prometheus exporter that loses service_name, an
 * exporter that sends several requests at once and so reorders a series' points).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { COLLECTOR_SETUPS, collectorBinary, loadCollectorConfig, NO_COLLECTOR } from './helpers/collector.ts';
import { ROOT, run } from './helpers/run.ts';

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

type Queue = { enabled?: boolean; num_consumers?: number } | undefined;

/**
 * Where an exporter may send two requests at once, so that a series' later points can overtake
 * its earlier ones (a store without an out-of-order window refuses those). An OTLP exporter has a
 * queue of 10 consumers unless told otherwise; load_balancing's own queue is off unless
 * configured; remote write sends 5 requests at once unless max_batch_request_parallelism says.
 */
function parallelSends(id: string, cfg: Record<string, unknown>): string[] {
  const out: string[] = [];
  const queue = (q: Queue, where: string, onByDefault: boolean) => {
    if (q === undefined ? onByDefault : q?.enabled !== false && q?.num_consumers !== 1)
      out.push(`${where}.sending_queue: num_consumers ${q?.num_consumers ?? 'default'}, not 1`);
  };
  const type = id.split('/')[0]!;
  if (/^otlp(_grpc|_http)?$/.test(type)) queue(cfg.sending_queue as Queue, id, true);
  if (type === 'load_balancing') {
    queue(cfg.sending_queue as Queue, id, false);
    const otlp = (cfg.protocol as { otlp?: Record<string, unknown> } | undefined)?.otlp ?? {};
    queue(otlp.sending_queue as Queue, `${id}.protocol.otlp`, true);
  }
  if (type === 'prometheus_remote_write' && cfg.max_batch_request_parallelism !== 1)
    out.push(`${id}: max_batch_request_parallelism ${cfg.max_batch_request_parallelism ?? 'default'}, not 1`);
  return out;
}

for (const [setup, files] of Object.entries(COLLECTOR_SETUPS)) {
  const load = () => loadCollectorConfig(files);
  describe(`otel-collector ${setup}: ${files.join(' + ')}`, () => {
    it('is accepted by our collector distribution', {
      skip: collectorBinary() ? false : NO_COLLECTOR,
    }, async () => {
      const args = ['validate', ...files.map((f) => `--config=${join(ROOT, 'otel-collector', f)}`)];
      const env = {
        ...process.env,
        APP_METRICS_TARGETS: '[127.0.0.1:9464]',
        NODE_NAME: 'n1',
        REMOTE_WRITE_URL: 'http://127.0.0.1:1/w',
        OTLP_METRICS_URL: 'http://127.0.0.1:1/o',
      };
      const r = await run(collectorBinary()!, args, { env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });

    it('defines every component its pipelines and extensions name', async () => {
      const c = await load();
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
      const c = await load();
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

    it('puts memory_limiter first in every pipeline and batches in the exporters, not a batch processor', async () => {
      const c = await load();
      for (const [name, p] of Object.entries(c.service.pipelines)) {
        const procs = p.processors ?? [];
        assert.equal(
          procs[0],
          'memory_limiter',
          `${name}: memory_limiter must refuse data before anything else`,
        );
        assert.ok(
          !procs.some((p) => p.startsWith('batch')),
          `${name}: batch in the exporter's sending_queue`,
        );
      }
    });

    it('gives every listener its own port', async () => {
      const c = await load();
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

    it("sends one request at a time from every exporter queue, so a series' points stay in order", async () => {
      const c = await load();
      const problems = Object.entries(c.exporters ?? {}).flatMap(([id, cfg]) =>
        parallelSends(id, (cfg ?? {}) as Record<string, unknown>),
      );
      assert.deepEqual(problems, []);
    });

    it('converts resource attributes to labels in every Prometheus exporter, so service_name is on every series', async () => {
      const c = await load();
      for (const [id, cfg] of Object.entries(c.exporters ?? {})) {
        if (!/^prometheus(_remote_write)?(\/|$)/.test(id)) continue;
        const conversion = (cfg as { resource_to_telemetry_conversion?: { enabled?: boolean } })
          .resource_to_telemetry_conversion;
        assert.equal(conversion?.enabled, true, `${id}: resource_to_telemetry_conversion.enabled`);
      }
    });
  });
}

describe('otel-collector tiers', () => {
  it('the agent load-balances over OTLP/gRPC to the gateway OTLP port and the gateway exports to remote write and to Prometheus', async () => {
    const agent = await loadCollectorConfig(COLLECTOR_SETUPS['agent (DaemonSet)']!);
    const gateway = await loadCollectorConfig(['gateway.yaml']);
    const exporter = agent.exporters?.['load_balancing/gateways'] as
      | { routing_key?: string; resolver?: { dns?: { port?: string } }; protocol?: { otlp?: object } }
      | undefined;
    const receiver = gateway.receivers?.otlp as { protocols: { grpc: { endpoint: string } } } | undefined;
    assert.ok(exporter && receiver, 'the agent has load_balancing/gateways and the gateway an otlp receiver');
    // Per resource: a resource split over gateways would have two of them send its target_info.
    assert.equal(exporter.routing_key, 'resource');
    assert.ok(exporter.protocol?.otlp, 'OTLP/gRPC to each gateway');
    for (const p of Object.values(agent.service.pipelines))
      assert.deepEqual(p.exporters, ['load_balancing/gateways'], 'every pipeline goes through it');
    const grpc = receiver.protocols.grpc.endpoint.split(':').pop();
    assert.equal(exporter.resolver?.dns?.port, grpc);
    const exporters = Object.values(gateway.service.pipelines).flatMap((p) => p.exporters ?? []);
    assert.ok(exporters.includes('prometheus_remote_write') && exporters.includes('prometheus'));
  });

  it('the DaemonSet agent scrapes the pods of its node, not 127.0.0.1 (itself)', async () => {
    const agent = await loadCollectorConfig(COLLECTOR_SETUPS['agent (DaemonSet)']!);
    const text = JSON.stringify(agent.receivers?.['prometheus/apps']);
    assert.doesNotMatch(text, /127\.0\.0\.1|localhost/);
    assert.match(text, /spec\.nodeName=\$\{env:NODE_NAME\}/);
  });

  it('hostmetrics reads the host through root_path, not the container', async () => {
    const agent = await loadCollectorConfig(['agent.yaml']);
    const hostmetrics = agent.receivers?.host_metrics as { root_path?: string } | undefined;
    assert.match(String(hostmetrics?.root_path), /HOST_ROOT/);
  });

  it('the Prometheus config scrapes the gateway exporter port', async () => {
    const gateway = await loadCollectorConfig(['gateway.yaml']);
    const exporter = gateway.exporters?.prometheus as { endpoint: string } | undefined;
    assert.ok(exporter, 'the gateway has a prometheus exporter');
    const port = exporter.endpoint.split(':').pop();
    const prom = parse(await readFile(join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{
        job_name: string;
        honor_labels?: boolean;
        dns_sd_configs?: Array<{ names: string[]; port: number }>;
      }>;
    };
    // Every replica: DNS discovery of the service name, not a static target (its first address).
    const job = prom.scrape_configs.find((j) =>
      j.dns_sd_configs?.some((d) => d.names.includes('otel-collector-gateway') && String(d.port) === port),
    );
    assert.ok(job, `a job discovers every otel-collector-gateway replica on :${port}`);
    assert.equal(job.honor_labels, true, `${job.job_name}: the apps' job and instance are kept`);
  });
});
