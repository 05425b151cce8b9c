/**
 * The shipped collector configs in a real pipeline, unchanged apart from addresses (given in the
 * environment): apps under the preload push OTLP to an agent (agent.yaml + agent-scrape-static.yaml,
 * which also scrapes an app that only serves /metrics); two agents route each resource to one of
 * two gateways (gateway.yaml + gateway-otlp.yaml) that the shipped name `otel-collector-gateway`
 * resolves to, as a scaled compose service or a headless Service does; both gateways write to
 * Prometheus 3's remote-write receiver and its OTLP receiver, and VictoriaMetrics (Debian's)
 * scrapes both gateways' :8889. A Prometheus that scrapes every app directly is the reference:
 * once traffic stops, the golden-signal counts on every path equal the pull path's, `service_name`
 * and the instance survive, each resource went through exactly one gateway, and neither store took
 * an out-of-order sample. Each process runs in a network namespace of its own, so the configs'
 * fixed ports and 0.0.0.0 listeners stay as shipped.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prometheus3Binary } from '../kit/binaries.ts';
import { collectorBinary, NO_COLLECTOR } from './helpers/collector.ts';
import { REGISTER } from './helpers/fixtureApp.ts';
import { type Network, netnsUnavailable, type Processes, processes, startNetwork } from './helpers/netns.ts';
import { ROOT } from './helpers/run.ts';

const VM = '/usr/bin/victoria-metrics';
const skip =
  netnsUnavailable() ??
  (collectorBinary() ? undefined : NO_COLLECTOR) ??
  (prometheus3Binary()
    ? undefined
    : 'needs Prometheus 3: set PROMETHEUS3_BIN (tools/peers/build.sh; .ci/run does)') ??
  (existsSync(VM) ? undefined : 'needs Debian victoria-metrics (.ci/run installs it)');
const OC = (f: string) => join(ROOT, 'otel-collector', f);
const GATEWAYS = ['gateway1', 'gateway2'];
const HOSTS = ['a1', 'a2', 'b', 'agent1', 'agent2', ...GATEWAYS, 'pull', 'rw', 'otlp', 'vm'];

const sel = (...m: string[]) => `{${m.filter(Boolean).join(',')}}`;
/** The golden-signal counts compared across paths, as cumulative totals per service. */
const QUERIES: Record<string, (m: string) => string> = {
  requests: (m) => `sum by (service_name) (http_server_request_duration_seconds_count${sel(m)})`,
  errors: (m) =>
    `sum by (service_name) (http_server_request_duration_seconds_count${sel(m, 'error_type!=""')})`,
  satisfied: (m) =>
    `sum by (service_name) (http_server_request_duration_seconds_bucket${sel(m, 'le="0.25"', 'error_type=""')})`,
  tolerating: (m) =>
    `sum by (service_name) (http_server_request_duration_seconds_bucket${sel(m, 'le=~"1(\\\\.0)?"', 'error_type=""')})`,
  purchases: (m) => `sum by (service_name) (business_events_total${sel(m, 'event="purchase"')})`,
};

describe('collector pipeline: preload -> agent -> gateway -> Prometheus 3 and VictoriaMetrics', {
  skip,
  timeout: 180_000,
}, () => {
  let net: Network | undefined;
  let work = '';
  let procs: Processes;
  const start = (host: string, argv: string[], env?: NodeJS.ProcessEnv) => procs.start(host, argv, env);

  async function query(host: string, port: number, promql: string, path = '/api/v1/query') {
    const r = await net!.hosts[host]!.fetch(
      `http://127.0.0.1:${port}${path}?query=${encodeURIComponent(promql)}`,
    );
    const body = JSON.parse(r.body || '{}') as {
      data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    return body.data?.result ?? [];
  }

  async function rules(): Promise<string> {
    const dir = join(work, 'rules');
    await mkdir(dir, { recursive: true });
    for (const f of (await readdir(join(ROOT, 'deploy/prometheus/rules'))).filter((x) =>
      x.endsWith('.yml'),
    )) {
      const text = await readFile(join(ROOT, 'deploy/prometheus/rules', f), 'utf8');
      await writeFile(join(dir, f), text.replace(/^\s+interval: .*\n/gm, ''));
    }
    return `${dir}/*.yml`;
  }

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'gs-pipeline-'));
    net = await startNetwork(HOSTS, { 'otel-collector-gateway': GATEWAYS });
    procs = processes(net, work);
    const prom = prometheus3Binary()!;
    const ruleGlob = await rules();
    const promConfigs: Record<string, string> = {
      pull: `global: { scrape_interval: 1s, evaluation_interval: 1s }\nscrape_configs:\n  - job_name: apps\n    static_configs: [{ targets: ["a1:9464", "a2:9464", "b:9464"] }]\n`,
      rw: `global: { evaluation_interval: 1s }\nrule_files: ["${ruleGlob}"]\n`,
      otlp: `global: { evaluation_interval: 1s }\notlp:\n  promote_resource_attributes: [service.name]\n`,
    };
    for (const [host, config] of Object.entries(promConfigs)) {
      await writeFile(join(work, `${host}.yml`), config);
      start(host, [
        prom,
        `--config.file=${join(work, `${host}.yml`)}`,
        `--storage.tsdb.path=${join(work, `${host}-data`)}`,
        '--web.listen-address=0.0.0.0:9090',
        ...(host === 'rw' ? ['--web.enable-remote-write-receiver'] : []),
        ...(host === 'otlp' ? ['--web.enable-otlp-receiver'] : []),
      ]);
    }
    // VictoriaMetrics reads the gateways' :8889 as a Prometheus would: the labels the exporter
    // sets (job, instance, service_name) are kept.
    await writeFile(
      join(work, 'vm-scrape.yml'),
      `scrape_configs:\n  - job_name: gateways\n    scrape_interval: 1s\n    honor_labels: true\n    static_configs: [{ targets: ["gateway1:8889", "gateway2:8889"] }]\n`,
    );
    start('vm', [
      VM,
      '-httpListenAddr=:8428',
      `-storageDataPath=${join(work, 'vm-data')}`,
      `-promscrape.config=${join(work, 'vm-scrape.yml')}`,
      '-search.latencyOffset=0s',
      '-search.disableCache',
    ]);
    for (const gw of GATEWAYS) {
      start(
        gw,
        [collectorBinary()!, `--config=${OC('gateway.yaml')}`, `--config=${OC('gateway-otlp.yaml')}`],
        {
          REMOTE_WRITE_URL: 'http://rw:9090/api/v1/write',
          OTLP_METRICS_URL: 'http://otlp:9090/api/v1/otlp/v1/metrics',
        },
      );
    }
    for (const [i, agent] of ['agent1', 'agent2'].entries()) {
      start(
        agent,
        [collectorBinary()!, `--config=${OC('agent.yaml')}`, `--config=${OC('agent-scrape-static.yaml')}`],
        {
          // No GATEWAY_HOSTNAME: the shipped default, otel-collector-gateway, names both gateways.
          // agent1 also scrapes the app that only serves /metrics; agent2 has none to scrape.
          APP_METRICS_TARGETS: i === 0 ? '[b:9464]' : '[]',
          NODE_NAME: `node${i + 1}`,
        },
      );
    }
    for (const host of ['pull', 'rw', 'otlp'])
      await net.hosts[host]!.waitHttp('http://127.0.0.1:9090/-/ready');
    await net.hosts.vm!.waitHttp('http://127.0.0.1:8428/health');
    for (const h of ['gateway1', 'gateway2', 'agent1', 'agent2'])
      await procs.ready(h, 'http://127.0.0.1:13133/');
  });

  after(async () => {
    await net?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('delivers the same golden-signal counts on every path as on the pull path', async () => {
    const apps: Record<string, { port: number }> = {};
    for (const [host, service, exporter] of [
      ['a1', 'shop', 'prometheus,otlp'],
      ['a2', 'shop', 'prometheus,otlp'],
      ['b', 'scraped-shop', 'prometheus'],
    ] as const) {
      const app = start(
        host,
        [process.execPath, '--require', REGISTER, join(ROOT, 'test/deploy/fixtures/shop.cjs')],
        {
          OTEL_SERVICE_NAME: service,
          OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${host}`,
          OTEL_METRICS_EXPORTER: exporter,
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://agent${host === 'a2' ? 2 : 1}:4318`,
          OTEL_METRIC_EXPORT_INTERVAL: '1000',
          OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0',
          OTEL_EXPORTER_PROMETHEUS_PORT: '9464',
          CLOSED_PORT: '1',
        },
      );
      const deadline = Date.now() + 15_000;
      while (!/listening (\d+)/.test(app.output())) {
        assert.ok(Date.now() < deadline, `${host} did not start: ${app.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      apps[host] = { port: Number(/listening (\d+)/.exec(app.output())![1]) };
    }
    for (let i = 0; i < 20; i++) {
      for (const [host, { port }] of Object.entries(apps)) {
        const ns = net!.hosts[host]!;
        for (const [path, method] of [
          ['/', 'GET'],
          [`/products/${i % 7}`, 'GET'],
          ['/checkout', 'POST'],
          ['/nowhere', 'GET'],
        ])
          await ns.fetch(`http://127.0.0.1:${port}${path}`, { method });
      }
    }
    // The reference: what the pull path sees once every request is in a scrape.
    const totals = async (host: string, port: number, promql: string, path?: string) =>
      Object.fromEntries(
        (await query(host, port, promql, path))
          .map((s) => [s.metric.service_name ?? '(none)', Number(s.value[1])] as const)
          .sort(([a], [b]) => a.localeCompare(b)),
      );
    const expectations: Array<{
      store: string;
      host: string;
      port: number;
      path?: string;
      instances: string;
    }> = [
      { store: 'Prometheus 3 remote write', host: 'rw', port: 9090, instances: '.*' },
      { store: "VictoriaMetrics scraping the gateways' :8889", host: 'vm', port: 8428, instances: '.*' },
      { store: 'Prometheus 3 OTLP receiver', host: 'otlp', port: 9090, instances: '.*' },
    ];
    const deadline = Date.now() + 60_000;
    const mismatches: string[] = [];
    for (const e of expectations) {
      for (const [name, q] of Object.entries(QUERIES)) {
        let want: Record<string, number> = {};
        let got: Record<string, number> = {};
        for (;;) {
          want = await totals('pull', 9090, q(`instance=~"${e.instances}"`));
          got = await totals(e.host, e.port, q(''));
          if (JSON.stringify(want) === JSON.stringify(got) && Object.keys(want).length > 0) break;
          if (Date.now() > deadline) {
            mismatches.push(`${e.store} ${name}: pull ${JSON.stringify(want)} vs ${JSON.stringify(got)}`);
            break;
          }
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    }
    assert.deepEqual(
      mismatches,
      [],
      `\n${mismatches.join('\n')}\ngateway1: ${procs.log('gateway1')}\nagent1: ${procs.log('agent1')}`,
    );
  });

  it('keeps service_name and a per-instance identity on every path', async () => {
    const instances = async (host: string, port: number) =>
      (
        await query(
          host,
          port,
          'count by (service_name, instance) (http_server_request_duration_seconds_count)',
        )
      )
        .map((s) => `${s.metric.service_name}/${s.metric.instance}`)
        .sort();
    for (const [host, port] of [
      ['rw', 9090],
      ['vm', 8428],
      ['otlp', 9090],
    ] as const)
      assert.deepEqual(await instances(host, port), ['scraped-shop/b:9464', 'shop/a1', 'shop/a2'], host);
  });

  it('the recording rules answer on the remote-write path as on the pull path', async () => {
    for (const record of [
      'service:http_server_requests:rate5m',
      'service:http_server_apdex:ratio_rate5m',
      'service:http_server_error_ratio:rate5m',
    ]) {
      const services = (await query('rw', 9090, record)).map((s) => s.metric.service_name).sort();
      assert.deepEqual(services, ['scraped-shop', 'shop'], record);
    }
  });

  it('the collectors start without a deprecated component name or setting', () => {
    for (const h of ['agent1', 'agent2', 'gateway1', 'gateway2']) {
      const warnings = procs
        .log(h)
        .split('\n')
        .filter((l) => /deprecated/i.test(l));
      assert.deepEqual(warnings, [], h);
    }
  });

  it('routes each resource through exactly one gateway, and uses both', async () => {
    const seen: Record<string, string[]> = {};
    for (const gw of GATEWAYS) {
      const text = (await net!.hosts[gw]!.fetch('http://127.0.0.1:8889/metrics')).body;
      // A resource's instance: an app instance, or a node's host metrics (named after the node).
      for (const m of text.matchAll(/^target_info\{([^}]*)\}/gm)) {
        const id = /instance="([^"]*)"/.exec(m[1]!)?.[1] ?? '?';
        if (!seen[id]?.includes(gw)) seen[id] = [...(seen[id] ?? []), gw];
      }
    }
    const twice = Object.entries(seen).filter(([, gws]) => gws.length > 1);
    assert.deepEqual(twice, [], `resources whose target_info two gateways hold: ${JSON.stringify(seen)}`);
    for (const id of ['a1', 'a2', 'b:9464', 'node1', 'node2'])
      assert.ok(seen[id], `resource ${id} reached no gateway: ${JSON.stringify(seen)}`);
    const used = new Set(Object.values(seen).flat());
    assert.deepEqual([...used].sort(), GATEWAYS, `gateways carrying data: ${JSON.stringify(seen)}`);
  });

  it('two gateways writing to one store give no out-of-order rejects and no failed sends', async () => {
    const sum = (text: string, line: RegExp) =>
      text
        .split('\n')
        .filter((l) => line.test(l))
        .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    for (const [store, handler] of [
      ['rw', '/api/v1/write'],
      ['otlp', '/api/v1/otlp/v1/metrics'],
    ]) {
      const metrics = (await net!.hosts[store!]!.fetch('http://127.0.0.1:9090/metrics')).body;
      assert.equal(
        sum(metrics, /^prometheus_tsdb_out_of_order_samples_total/),
        0,
        `${store}: out-of-order samples`,
      );
      const refused = new RegExp(`^prometheus_http_requests_total\\{code="[45]..",handler="${handler}"`);
      assert.equal(sum(metrics, refused), 0, `${store}: refused writes`);
      assert.ok(
        sum(metrics, new RegExp(`^prometheus_http_requests_total\\{code="2..",handler="${handler}"`)) > 0,
        `${store}: no writes arrived`,
      );
    }
    for (const h of [...GATEWAYS, 'agent1', 'agent2']) {
      const own = (await net!.hosts[h]!.fetch('http://127.0.0.1:8888/metrics')).body;
      assert.equal(
        sum(own, /^otelcol_exporter_send_failed_metric_points(_total)?\{/),
        0,
        `${h}: failed metric points`,
      );
    }
  });
});
