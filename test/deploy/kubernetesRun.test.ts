/**
 * The README's Kubernetes lines, followed as far as this machine allows: the secret files made
 * by the README's own commands, the kubectl lines carried out on an in-memory cluster (objects
 * validated against the Kubernetes schemas, namespace first, the Secret never in a manifest),
 * then the alerting container started as the Deployment would start it: the image's ENTRYPOINT
 * with the container's args, its env with the Secret's values, the ConfigMaps and the state
 * volume mounted at the Deployment's mountPaths, in a private network namespace where the
 * in-cluster service names resolve. Its readiness probe must pass and a silence must be
 * accepted with the Secret's token (and refused without it).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { binary } from '../kit/binaries.ts';
import { dockerfileFor, imagePath, readImage } from './helpers/dockerfile.ts';
import {
  type Cluster,
  type K8sObject,
  manifestObjects,
  secretValue,
  validateObject,
} from './helpers/kubectl.ts';
import { followReadme, makeSecrets } from './helpers/kubernetesReadme.ts';
import { type Netns, netnsUnavailable, startNetns } from './helpers/netns.ts';
import {
  admits,
  type PodSecurityLevel,
  type PodSpecForSecurity,
  podSecurityViolations,
} from './helpers/podSecurity.ts';
import { ROOT } from './helpers/run.ts';

const skip = netnsUnavailable();

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  volumeMounts?: Array<{ name: string; mountPath: string; subPath?: string }>;
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    runAsNonRoot?: boolean;
    capabilities?: { drop?: string[] };
  };
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
  containers: Container[];
  volumes?: Array<{
    name: string;
    configMap?: { name: string };
    secret?: { secretName: string };
    persistentVolumeClaim?: { claimName: string };
  }>;
}
const podSpec = (d: K8sObject) => (d.spec as { template: { spec: PodSpec } }).template.spec;

describe('README Kubernetes section, carried out', () => {
  let work: string;
  let cluster: Cluster;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'gs-k8s-'));
    await makeSecrets(work);
    cluster = await followReadme(work);
  });
  after(() => rm(work, { recursive: true, force: true }));

  it('creates the namespaces, the Secret from the files, the ConfigMaps, the Deployment and the Service', () => {
    for (const [kind, name] of [
      ['Namespace', 'monitoring'],
      ['Namespace', 'otel-collector'],
      ['Secret', 'golden-signals-alerting'],
      ['ConfigMap', 'golden-signals-alerting'],
      ['ConfigMap', 'golden-signals-alerting-rules'],
      ['Deployment', 'golden-signals-alerting'],
      ['Service', 'golden-signals-alerting'],
    ] as const)
      assert.ok(cluster.get(kind, name), `${kind} ${name}`);
    assert.equal(
      cluster.get('Namespace', 'monitoring')?.metadata.labels?.['pod-security.kubernetes.io/enforce'],
      'restricted',
    );
  });

  it('applying the manifests again leaves the Secret made from the files alone', async () => {
    const before = JSON.stringify(cluster.get('Secret', 'golden-signals-alerting'));
    await cluster.run('kubectl apply -f deploy/kubernetes/alerting.yml', (p) => join(ROOT, p));
    assert.equal(JSON.stringify(cluster.get('Secret', 'golden-signals-alerting')), before);
    const token = (await readFile(join(work, 'deploy/secrets/alerting-token'), 'utf8')).trim();
    assert.equal(
      secretValue(cluster.get('Secret', 'golden-signals-alerting')!, 'alerting-token')?.trim(),
      token,
    );
  });

  it('carries deploy/alerting/slos.yml and the rules unchanged', async () => {
    const cm = cluster.get('ConfigMap', 'golden-signals-alerting')!;
    assert.deepEqual(
      parse(cm.data!['slos.yml']!),
      parse(await readFile(join(ROOT, 'deploy/alerting/slos.yml'), 'utf8')),
    );
    const rules = cluster.get('ConfigMap', 'golden-signals-alerting-rules')!;
    assert.ok(Object.keys(rules.data!).length > 0);
  });

  it("every workload is admitted by its namespace's Pod Security level, probes its container and runs a non-root image", async () => {
    const workloads = [
      ...cluster.objects.filter((o) => o.kind === 'Deployment' || o.kind === 'DaemonSet'),
      // The example app goes into the user's namespace: it is written to pass "restricted".
      ...(await manifestObjects(join(ROOT, 'deploy/kubernetes/app-deployment.yml'))),
    ];
    assert.ok(
      workloads.some((w) => w.kind === 'DaemonSet'),
      'the collector agent DaemonSet',
    );
    for (const d of workloads) {
      validateObject(d, d.metadata.name);
      const ns = d.metadata.namespace && cluster.get('Namespace', d.metadata.namespace);
      const level = (ns ? ns.metadata.labels?.['pod-security.kubernetes.io/enforce'] : 'restricted') as
        | PodSecurityLevel
        | undefined;
      assert.ok(level, `${d.metadata.namespace}: no pod-security.kubernetes.io/enforce label`);
      const spec = podSpec(d);
      const violations = podSecurityViolations(spec satisfies PodSpecForSecurity);
      assert.ok(
        admits(level, violations),
        `${d.metadata.name} in a "${level}" namespace: ${JSON.stringify(violations)}`,
      );
      for (const c of spec.containers) {
        assert.ok(c.readinessProbe?.httpGet && c.livenessProbe?.httpGet, `${d.metadata.name}: probes`);
        const image = await readImage(dockerfileFor(c.image));
        assert.ok(image.entrypoint.length > 0, `${image.file}: ENTRYPOINT`);
        assert.notEqual(image.user ?? 'root', 'root', `${image.file}: USER`);
      }
    }
  });

  describe('the alerting container, started as the Deployment starts it', { skip }, () => {
    let ns: Netns | undefined;
    let url = '';
    let token = '';

    before(async () => {
      const dep = cluster.get('Deployment', 'golden-signals-alerting')!;
      const spec = podSpec(dep);
      const c = spec.containers[0]!;
      const image = await readImage(dockerfileFor(c.image));
      const secretOf = (name: string) => cluster.get('Secret', name, dep.metadata.namespace)!;
      const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...image.env };
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        env[e.name] = ref ? secretValue(secretOf(ref.name), ref.key)! : (e.value ?? '');
      }
      token = env.GOLDEN_SIGNALS_ALERTING_TOKEN!.trim();
      ns = await startNetns(['prometheus.monitoring.svc', 'alertmanager.monitoring.svc']);
      // The volumes, as the kubelet lays them out: ConfigMap keys as files, subPath as one file.
      const vols = join(work, 'volumes');
      for (const m of c.volumeMounts ?? []) {
        const v = spec.volumes!.find((x) => x.name === m.name)!;
        const host = join(vols, m.name, m.subPath ?? '');
        if (v.configMap) {
          const data = cluster.get('ConfigMap', v.configMap.name, dep.metadata.namespace)!.data!;
          if (m.subPath) {
            await mkdir(dirname(host), { recursive: true });
            await writeFile(host, data[m.subPath]!);
          } else {
            await mkdir(host, { recursive: true });
            for (const [k, text] of Object.entries(data)) await writeFile(join(host, k), text);
          }
        } else await mkdir(host, { recursive: true });
        await ns.mount(m.mountPath, host);
      }
      // A Prometheus where the ConfigMap says it is, so the engine's cycles succeed.
      const promDir = join(work, 'prom');
      await mkdir(promDir, { recursive: true });
      await writeFile(join(promDir, 'prometheus.yml'), 'global: { scrape_interval: 5s }\n');
      ns.spawn(binary('prometheus'), [
        `--config.file=${promDir}/prometheus.yml`,
        `--storage.tsdb.path=${promDir}/data`,
        '--web.listen-address=127.0.0.1:9090',
      ]);
      await ns.waitHttp('http://127.0.0.1:9090/-/ready');
      const argv = [...(c.command ?? image.entrypoint), ...(c.args ?? image.cmd)].map((a) =>
        imagePath(image, a),
      );
      // The image's node is Node 24, as is the one running this test (the machine's may be older).
      const child = ns.spawn(argv[0] === 'node' ? process.execPath : argv[0]!, argv.slice(1), {
        env,
        cwd: imagePath(image, image.workdir),
      });
      let out = '';
      child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
      child.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
      const probe = c.readinessProbe!.httpGet!;
      const port = c.ports!.find(
        (p) => p.name === probe.port || p.containerPort === probe.port,
      )!.containerPort;
      url = `http://127.0.0.1:${port}`;
      await ns
        .waitHttp(`${url}${probe.path}`, (s) => s === 200, 40_000)
        .catch((e: Error) => {
          throw new Error(`${e.message}\n${out}`);
        });
    });
    after(() => ns?.stop());

    it('passes its readiness probe', async () => {
      assert.equal((await ns!.fetch(`${url}/healthz`)).status, 200);
    });

    it("accepts a silence with the Secret's token and refuses one without it", async () => {
      const silence = JSON.stringify({
        matchers: ['alertname="ApdexLow"'],
        duration: '1h',
        comment: 'maintenance',
        createdBy: 'test',
      });
      const headers = { 'content-type': 'application/json' };
      const refused = await ns!.fetch(`${url}/api/v1/silences`, { method: 'POST', headers, body: silence });
      assert.ok(
        refused.status === 401 || refused.status === 403,
        `without token: ${refused.status} ${refused.body}`,
      );
      const ok = await ns!.fetch(`${url}/api/v1/silences`, {
        method: 'POST',
        headers: { ...headers, authorization: `Bearer ${token}` },
        body: silence,
      });
      assert.ok(ok.status >= 200 && ok.status < 300, `with token: ${ok.status} ${ok.body}`);
    });
  });
});
