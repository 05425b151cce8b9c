/**
 * deploy/docker-compose.yml, run without a Docker engine: the README's secret lines as written,
 * then every service of ours (and Prometheus, Alertmanager and VictoriaMetrics, from builds of
 * the pinned releases) started as a process with the compose file's command, environment and
 * mounted files, each in a network namespace of its own on a shared bridge, as compose's network
 * is: service names resolve, ports may repeat across services. The gateway runs scaled to two
 * replicas (`--scale otel-collector-gateway=2`: its name resolves to both). Each service must
 * answer its port, one request to the shop's :8080 must show in its :9464 scrape, and Prometheus
 * must scrape both gateway replicas.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { poll } from '../kit/poll.ts';
import { collectorBinary, NO_COLLECTOR } from './helpers/collector.ts';
import {
  type ComposeFile,
  publishedHost,
  publishedPorts,
  startComposeService,
} from './helpers/composeService.ts';
import { type Network, netnsUnavailable, startNetwork } from './helpers/netns.ts';
import { readmeCommands, withoutComment } from './helpers/readme.ts';
import { ROOT } from './helpers/run.ts';

const HEADING = 'Run the stack with docker compose or Kubernetes';
/** Built from this repository, so ours to prove. */
const OURS = ['demo-shop', 'demo-shop-otlp', 'otel-collector-agent', 'otel-collector-gateway', 'alerting'];
/** Started too, so ours have what they talk to. */
const PEERS = ['prometheus', 'alertmanager', 'victoriametrics'];
/** Ports a service answers on without publishing them (the collectors' health checks). */
const UNPUBLISHED: Record<string, number[]> = {
  'otel-collector-agent': [13133],
  'otel-collector-gateway': [13133, 8889],
};

/** The second replica of the scaled gateway; compose resolves the service name to both. */
const REPLICA = 'otel-collector-gateway-2';

const skip = netnsUnavailable() ?? (collectorBinary() ? undefined : NO_COLLECTOR);

async function readCompose(): Promise<ComposeFile> {
  return parse(await readFile(join(ROOT, 'deploy/docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as ComposeFile;
}

interface Target {
  labels: Record<string, string>;
  health: string;
  scrapeUrl: string;
}

describe('deploy/docker-compose.yml', () => {
  it('publishes every port on 127.0.0.1 only, and Prometheus without --web.enable-lifecycle', async () => {
    const compose = await readCompose();
    for (const [name, svc] of Object.entries(compose.services))
      for (const p of svc.ports ?? []) assert.equal(publishedHost(p), '127.0.0.1', `${name}: ${p}`);
    assert.ok(!JSON.stringify(compose.services.prometheus?.command).includes('enable-lifecycle'));
  });

  it("gives Grafana's admin password as a secret file, never `admin`", async () => {
    const g = (await readCompose()).services.grafana!;
    assert.ok(!('GF_SECURITY_ADMIN_PASSWORD' in (g.environment ?? {})));
    assert.match(String(g.environment?.GF_SECURITY_ADMIN_PASSWORD__FILE), /^\/run\/secrets\//);
  });

  it('brings each app to Prometheus by one path: no target it scrapes is also scraped by the agent', async () => {
    const agent = (await readCompose()).services['otel-collector-agent']!;
    const viaAgent = parse(String(agent.environment?.APP_METRICS_TARGETS ?? '[]')) as string[];
    assert.ok(Array.isArray(viaAgent), 'APP_METRICS_TARGETS is a list');
    const prom = parse(await readFile(join(ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{ job_name: string; static_configs?: Array<{ targets: string[] }> }>;
    };
    const direct = prom.scrape_configs.flatMap((j) =>
      (j.static_configs ?? []).flatMap((c) => c.targets.map((t) => `${t} (job ${j.job_name})`)),
    );
    // Both copies carry the same service_name: every sum over services would count it twice.
    assert.deepEqual(
      direct.filter((t) => viaAgent.includes(t.split(' ')[0]!)),
      [],
    );
  });

  it('runs the shop, not the demo runner', async () => {
    const compose = await readCompose();
    for (const name of ['demo-shop', 'demo-shop-otlp'])
      assert.doesNotMatch(JSON.stringify(compose.services[name]?.command), /demo\.js/, name);
  });

  describe('every service of ours, started as compose would start it', { skip, timeout: 120_000 }, () => {
    let net: Network | undefined;
    let work = '';
    const started: Record<string, { argv: string[]; output(): string }> = {};
    let compose: ComposeFile;

    before(async () => {
      compose = await readCompose();
      work = await mkdtemp(join(tmpdir(), 'gs-compose-'));
      // The README's secret lines, as a user types them, in a stand-in for the repo folder.
      const [lines] = await readmeCommands(HEADING);
      await mkdir(join(work, 'deploy/secrets'), { recursive: true });
      for (const cmd of lines!.map(withoutComment).filter((c) => /> deploy\/secrets\//.test(c)))
        await promisify(execFile)('sh', ['-c', cmd], { cwd: work });
      const names = [...OURS, ...PEERS, 'node-exporter', 'grafana'].filter((n) => compose.services[n]);
      net = await startNetwork([...names, REPLICA], { 'otel-collector-gateway': [REPLICA] });
      // Prometheus finds the gateway replicas with dns_sd_configs, which asks DNS, not /etc/hosts.
      await net.hosts.prometheus!.serveDns();
      for (const [name, host] of [
        ...[...PEERS, ...OURS].map((n) => [n, n]),
        ['otel-collector-gateway', REPLICA],
      ]) {
        const s = await startComposeService(compose, name!, net.hosts[host!]!, {
          secretsDir: join(work, 'deploy/secrets'),
          scratch: host === name ? join(work, 'volumes') : join(work, 'volumes', host!),
        });
        if (s) started[host!] = s;
      }
    });
    after(async () => {
      await net?.stop();
      await rm(work, { recursive: true, force: true });
    });

    it('starts every service of ours', () => {
      assert.deepEqual(
        Object.keys(started)
          .filter((n) => OURS.includes(n))
          .sort(),
        [...OURS].sort(),
      );
    });

    for (const name of OURS) {
      it(`${name} answers on each of its ports`, async () => {
        const svc = compose.services[name]!;
        const ports = [...publishedPorts(svc), ...(UNPUBLISHED[name] ?? [])];
        assert.ok(ports.length > 0, `${name} has no port to answer on`);
        for (const port of ports) {
          const url = `http://127.0.0.1:${port}/${port === 9095 ? 'healthz' : ''}`;
          await net!.hosts[name]!.waitHttp(url, (s) => s > 0, 40_000).catch((e: Error) => {
            throw new Error(`${e.message}\n${started[name]?.argv.join(' ')}\n${started[name]?.output()}`);
          });
        }
      });
    }

    it("one request to the shop's :8080 shows in its :9464 scrape", async () => {
      const shop = net!.hosts['demo-shop']!;
      const count = async () => {
        const { body } = await shop.fetch('http://127.0.0.1:9464/metrics');
        const line = body
          .split('\n')
          .find(
            (l) =>
              l.startsWith('http_server_request_duration_seconds_count{') &&
              l.includes('http_route="/api/products/:id"'),
          );
        return line ? Number(line.split(' ').pop()) : 0;
      };
      const before = await count();
      assert.equal((await shop.fetch('http://127.0.0.1:8080/api/products/p1')).status, 200);
      assert.equal(await count(), before + 1);
    });

    it('Prometheus scrapes both replicas of the scaled gateway', async () => {
      assert.ok(started.prometheus, 'Prometheus started');
      const prom = net!.hosts.prometheus!;
      let seen: Target[] = [];
      const up = () =>
        seen
          .filter((t) => t.health === 'up')
          .map((t) => t.scrapeUrl)
          .sort();
      await poll(
        'both gateway replicas up',
        async () => {
          const r = await prom.fetch('http://127.0.0.1:9090/api/v1/targets?state=active');
          const targets = (JSON.parse(r.body || '{}') as { data?: { activeTargets: Target[] } }).data
            ?.activeTargets;
          seen = (targets ?? []).filter((t) => t.labels.job === 'otel-collector');
          return up().length === 2 ? true : undefined;
        },
        60_000,
        1000,
      ).catch(() => undefined);
      const address = (h: string) => `http://${net!.address(h)}:8889/metrics`;
      assert.deepEqual(
        up(),
        [address('otel-collector-gateway'), address(REPLICA)].sort(),
        `targets: ${JSON.stringify(seen)}\n${started.prometheus?.output().slice(-3000)}`,
      );
    });

    it('the alerting service reaches Prometheus by its compose name and refuses silences without the token', async () => {
      const alerting = net!.hosts.alerting!;
      await alerting.waitHttp('http://127.0.0.1:9095/healthz', (s) => s === 200, 40_000);
      const res = await alerting.fetch('http://127.0.0.1:9095/api/v1/silences', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.ok(res.status === 401 || res.status === 403, `${res.status}`);
    });
  });
});
