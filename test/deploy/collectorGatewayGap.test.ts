/**
 * The shipped agent (agent.yaml + agent-scrape-static.yaml, unchanged) while its gateway name
 * has not resolved yet, as when compose's DNS does not know the service yet or no replica is
 * ready: what apps push meanwhile is held and retried, not dropped, and reaches the store once a
 * gateway appears under the name. (Once it has resolved, a failed lookup keeps the last
 * addresses, so that case is each gateway's own exporter queue, not this one.)
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prometheus3Binary } from '../kit/binaries.ts';
import { poll } from '../kit/poll.ts';
import { collectorBinary, NO_COLLECTOR } from './helpers/collector.ts';
import { type Network, netnsUnavailable, type Processes, processes, startNetwork } from './helpers/netns.ts';
import { ROOT } from './helpers/run.ts';

const skip =
  netnsUnavailable() ??
  (collectorBinary() ? undefined : NO_COLLECTOR) ??
  (prometheus3Binary() ? undefined : 'needs Prometheus 3: set PROMETHEUS3_BIN (.ci/run does)');
const OC = (f: string) => join(ROOT, 'otel-collector', f);

/** One OTLP/JSON export of a cumulative counter, as an app's SDK sends it. */
function counter(value: number): string {
  const point = { asInt: String(value), timeUnixNano: String(BigInt(Date.now()) * 1_000_000n) };
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'gap-probe' } }] },
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'gap_probe_events',
                sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [point] },
              },
            ],
          },
        ],
      },
    ],
  });
}

describe('collector agent: no gateway resolves for a while', { skip, timeout: 120_000 }, () => {
  let net: Network | undefined;
  let work = '';
  let procs: Processes;
  const start = (host: string, argv: string[], env?: NodeJS.ProcessEnv) => procs.start(host, argv, env);

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'gs-gap-'));
    net = await startNetwork(['agent', 'gateway', 'rw']);
    procs = processes(net, work);
    await writeFile(join(work, 'rw.yml'), 'global: { evaluation_interval: 1s }\n');
    start('rw', [
      prometheus3Binary()!,
      `--config.file=${join(work, 'rw.yml')}`,
      `--storage.tsdb.path=${join(work, 'rw-data')}`,
      '--web.listen-address=0.0.0.0:9090',
      '--web.enable-remote-write-receiver',
    ]);
    start('gateway', [collectorBinary()!, `--config=${OC('gateway.yaml')}`], {
      REMOTE_WRITE_URL: 'http://rw:9090/api/v1/write',
    });
    // The shipped default name, otel-collector-gateway, is not in the network yet.
    start(
      'agent',
      [collectorBinary()!, `--config=${OC('agent.yaml')}`, `--config=${OC('agent-scrape-static.yaml')}`],
      {
        APP_METRICS_TARGETS: '[]',
        NODE_NAME: 'node1',
      },
    );
    await net.hosts.rw!.waitHttp('http://127.0.0.1:9090/-/ready');
    for (const h of ['gateway', 'agent']) await procs.ready(h, 'http://127.0.0.1:13133/');
  });

  after(async () => {
    await net?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('holds what an app pushed meanwhile and delivers it once a gateway answers to the name', async () => {
    const agent = net!.hosts.agent!;
    const sent = await agent.fetch('http://127.0.0.1:4318/v1/metrics', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: counter(4242),
    });
    assert.equal(sent.status, 200, `the agent took the export: ${sent.body}`);
    // Held: in the load_balancing exporter's queue, retried, and none of it refused.
    await poll(
      'the export waiting in the agent',
      async () => {
        const own = (await agent.fetch('http://127.0.0.1:8888/metrics')).body;
        return /Will retry/.test(procs.log('agent')) &&
          /^otelcol_exporter_queue_size\{[^}]*exporter="load_balancing\/gateways"[^}]*\} [1-9]/m.test(own)
          ? true
          : undefined;
      },
      20_000,
    );
    assert.doesNotMatch(procs.log('agent'), /Rejecting data|Dropping data/);
    await net!.addAlias('otel-collector-gateway', ['gateway']);
    const value = await poll(
      'the held sample in the store',
      async () => {
        const r = await net!.hosts.rw!.fetch(
          `http://127.0.0.1:9090/api/v1/query?query=${encodeURIComponent('gap_probe_events_total')}`,
        );
        const result = (
          JSON.parse(r.body || '{}') as { data?: { result: Array<{ value: [number, string] }> } }
        ).data?.result;
        return result?.[0]?.value[1];
      },
      60_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\nagent: ${procs.log('agent')}`);
    });
    assert.equal(value, '4242');
  });
});
