/**
 * The collector tiers on Kubernetes (deploy/kubernetes/otel-collector-agent.yml and
 * otel-collector-gateway.yml), after the README's kubectl lines ran on the in-memory cluster:
 * each runs exactly the shipped otel-collector files, our collector distribution accepts them
 * with the workload's args, env and mounts, and its probes and Service reach the right ports.
 * The agent DaemonSet scrapes only its own node's pods, reads the node's / read-only, may list
 * the pods it discovers, sends to the gateway's Service, and its namespace admits it with the
 * hostPath volume as its one deviation from "restricted".
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseDuration } from '../../packages/alerting/src/shared/duration.ts';
import { COLLECTOR_SETUPS, collectorBinary, loadCollectorConfig, NO_COLLECTOR } from './helpers/collector.ts';
import type { Cluster, K8sObject } from './helpers/kubectl.ts';
import { followReadme, makeSecrets } from './helpers/kubernetesReadme.ts';
import { admits, type PodSpecForSecurity, podSecurityViolations } from './helpers/podSecurity.ts';
import { ROOT, run } from './helpers/run.ts';

const NS = 'otel-collector';
const NAME = 'otel-collector-agent';
/** The collector workloads and the otel-collector/ setup (COLLECTOR_SETUPS) each must run. */
const WORKLOADS = [
  { kind: 'DaemonSet', name: NAME, namespace: NS, setup: 'agent (DaemonSet)' },
  { kind: 'Deployment', name: 'otel-collector-gateway', namespace: 'monitoring', setup: 'gateway' },
] as const;

interface Mount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}
interface CollectorContainer {
  name: string;
  args: string[];
  env: Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>;
  ports: Array<{ name: string; containerPort: number }>;
  readinessProbe: { httpGet: { path: string; port: string | number } };
  livenessProbe: { httpGet: { path: string; port: string | number } };
  resources: { limits?: { memory?: string } };
  volumeMounts: Mount[];
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
}
interface CollectorPod {
  serviceAccountName: string;
  terminationGracePeriodSeconds?: number;
  containers: CollectorContainer[];
  volumes: Array<{ name: string; configMap?: { name: string }; hostPath?: { path: string } }>;
}

const pod = (ds: K8sObject) => (ds.spec as { template: { spec: CollectorPod } }).template.spec;
const podLabels = (w: K8sObject) =>
  (w.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels;

/** The agent's exporter to the gateways, as agent.yaml configures it. */
async function gatewaysExporter(): Promise<{ resolver?: { dns?: { port?: string; interval?: string } } }> {
  const agent = await loadCollectorConfig(['agent.yaml']);
  const lb = agent.exporters?.['load_balancing/gateways'];
  assert.ok(lb, 'agent.yaml has load_balancing/gateways');
  return lb;
}
const portOf = (endpoint: string) => Number(endpoint.split(':').pop());

/** The container's `--config` files, as ConfigMap keys (through the config volume's mount). */
function configKeys(p: CollectorPod): string[] {
  const c = p.containers[0]!;
  return c.args.map((a) => {
    const file = /^--config=(.+)$/.exec(a)?.[1];
    assert.ok(file, `argument ${a} is not --config=FILE`);
    const m = c.volumeMounts.find((v) => file.startsWith(`${v.mountPath}/`));
    const vol = p.volumes.find((v) => v.name === m?.name);
    assert.ok(vol?.configMap, `${file} is not on a ConfigMap volume`);
    return file.slice(m!.mountPath.length + 1);
  });
}

/**
 * Lays the pod's volumes out here as the kubelet would (ConfigMap keys as files; a hostPath is
 * this machine's path) and returns where a path inside the container is on this machine.
 */
async function layOut(
  p: CollectorPod,
  cluster: Cluster,
  namespace: string,
  dir: string,
): Promise<(path: string) => string> {
  const c = p.containers[0]!;
  const at: Array<[string, string]> = [];
  for (const m of c.volumeMounts) {
    const v = p.volumes.find((x) => x.name === m.name)!;
    if (v.configMap) {
      const folder = join(dir, m.name);
      await mkdir(folder, { recursive: true });
      for (const [k, text] of Object.entries(cluster.get('ConfigMap', v.configMap.name, namespace)!.data!))
        await writeFile(join(folder, k), text);
      at.push([m.mountPath, folder]);
    } else if (v.hostPath) at.push([m.mountPath, v.hostPath.path]);
  }
  return (path) => {
    const hit = at.find(([mp]) => path === mp || path.startsWith(`${mp}/`));
    return hit ? join(hit[1], path.slice(hit[0].length)) : path;
  };
}

/** The README carried out once, for every test here. */
let work: string;
let cluster: Cluster;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'gs-k8s-collector-'));
  await makeSecrets(work);
  cluster = await followReadme(work);
});
after(() => rm(work, { recursive: true, force: true }));

function workload(kind: string, name: string, namespace: string): K8sObject {
  const found = cluster.get(kind, name, namespace);
  assert.ok(found, `${kind} ${namespace}/${name}`);
  return found;
}

for (const w of WORKLOADS) {
  describe(`the collector ${w.kind} ${w.name}, after the README`, () => {
    const get = () => workload(w.kind, w.name, w.namespace);

    it(`runs exactly the shipped ${w.setup} files: its ConfigMap holds them byte for byte`, async () => {
      const keys = configKeys(pod(get()));
      assert.deepEqual(keys, [...COLLECTOR_SETUPS[w.setup]!]);
      const cmName = pod(get()).volumes.find((v) => v.configMap)!.configMap!.name;
      const data = cluster.get('ConfigMap', cmName, w.namespace)?.data ?? {};
      for (const k of keys)
        assert.equal(data[k], await readFile(join(ROOT, 'otel-collector', k), 'utf8'), `${cmName}: ${k}`);
    });

    it('is accepted by our collector distribution with its args, env and mounts, which set every variable it needs', {
      skip: collectorBinary() ? false : NO_COLLECTOR,
    }, async () => {
      const p = pod(get());
      const c = p.containers[0]!;
      const local = await layOut(p, cluster, w.namespace, join(work, w.name));
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
      for (const e of c.env) {
        const field = e.valueFrom?.fieldRef?.fieldPath;
        assert.ok(!e.valueFrom || field === 'spec.nodeName', `${e.name}: only spec.nodeName is stood in for`);
        const value = field ? 'node-1' : (e.value ?? '');
        env[e.name] = value.startsWith('/') ? local(value) : value;
      }
      const args = c.args.map((a) =>
        a.replace(/^(--config=)(.+)$/, (_m, f: string, path: string) => f + local(path)),
      );
      // The collector expands an unset ${env:X} to "" and validation passes on most fields:
      // every variable without a default must come from the workload.
      for (const k of configKeys(p)) {
        const text = await readFile(join(ROOT, 'otel-collector', k), 'utf8');
        for (const [, name] of text.replace(/#.*$/gm, '').matchAll(/\$\{env:(\w+)\}/g))
          assert.ok(env[name!], `${k} needs ${name}, which the ${w.kind} does not set`);
      }
      const r = await run(collectorBinary()!, ['validate', ...args], { env });
      assert.equal(r.code, 0, r.stdout + r.stderr);
    });

    it('probes the health_check extension and exposes its OTLP receiver on the pod and the Service', async () => {
      const config = await loadCollectorConfig(configKeys(pod(get())));
      const c = pod(get()).containers[0]!;
      const port = (p: string | number) =>
        c.ports.find((x) => x.name === p || x.containerPort === p)?.containerPort;
      const health = portOf(
        (config.extensions?.health_check as { endpoint?: string } | undefined)?.endpoint ?? '',
      );
      assert.equal(port(c.readinessProbe.httpGet.port), health);
      assert.equal(port(c.livenessProbe.httpGet.port), health);
      const otlp = config.receivers?.otlp as { protocols: Record<string, { endpoint: string }> };
      const svc = cluster.get('Service', w.name, w.namespace)?.spec as {
        selector: Record<string, string>;
        ports: Array<{ targetPort: string | number }>;
      };
      const labels = podLabels(get());
      for (const [k, v] of Object.entries(svc.selector)) assert.equal(labels[k], v, `selector ${k}`);
      const targets = svc.ports.map((p) => port(p.targetPort));
      for (const [proto, { endpoint }] of Object.entries(otlp.protocols)) {
        assert.ok(port(portOf(endpoint)), `otlp ${proto} :${portOf(endpoint)} is a containerPort`);
        assert.ok(targets.includes(portOf(endpoint)), `otlp ${proto} is on the Service`);
      }
      assert.ok(c.resources.limits?.memory, 'memory_limiter needs a memory limit to measure against');
    });
  });
}

describe('the collector agent DaemonSet, on its node', () => {
  const ds = () => workload('DaemonSet', NAME, NS);

  it('scrapes only the pods of its own node (a pod field selector on NODE_NAME from spec.nodeName)', async () => {
    const config = await loadCollectorConfig(configKeys(pod(ds())));
    const receiver = config.receivers?.['prometheus/apps'] as {
      config: { scrape_configs: Array<Record<string, unknown>> };
    };
    for (const job of receiver.config.scrape_configs) {
      assert.equal(job.static_configs, undefined, `${job.job_name}: a static target is no node's own`);
      const sds = job.kubernetes_sd_configs as Array<{
        role: string;
        selectors?: Array<Record<string, string>>;
      }>;
      assert.ok(sds?.length, `${job.job_name}: kubernetes_sd_configs`);
      for (const sd of sds) {
        assert.equal(sd.role, 'pod');
        const sel = sd.selectors?.find((s) => s.role === 'pod');
        // The collector's own ${env:...} syntax, which it expands at start.
        assert.equal(sel?.field, `spec.nodeName=\${env:NODE_NAME}`, `${job.job_name}: node field selector`);
      }
    }
    const nodeName = pod(ds()).containers[0]!.env.find((e) => e.name === 'NODE_NAME');
    assert.equal(nodeName?.valueFrom?.fieldRef?.fieldPath, 'spec.nodeName');
  });

  it("reads host metrics through a read-only hostPath mount of the node's /", async () => {
    const config = await loadCollectorConfig(configKeys(pod(ds())));
    const rootPath = (config.receivers?.host_metrics as { root_path?: string } | undefined)?.root_path ?? '';
    assert.match(rootPath, /^\$\{env:HOST_ROOT(:-[^}]*)?\}$/);
    const c = pod(ds()).containers[0]!;
    const hostRoot = c.env.find((e) => e.name === 'HOST_ROOT')?.value;
    const mount = c.volumeMounts.find((m) => m.mountPath === hostRoot);
    assert.ok(mount, `HOST_ROOT=${hostRoot} is a mount`);
    assert.equal(mount.readOnly, true);
    assert.equal(pod(ds()).volumes.find((v) => v.name === mount.name)?.hostPath?.path, '/');
  });

  it('may get, list and watch pods with its ServiceAccount, and nothing more than read', () => {
    const sa = pod(ds()).serviceAccountName;
    assert.ok(cluster.get('ServiceAccount', sa, NS), `ServiceAccount ${sa}`);
    type Binding = {
      roleRef: { name: string };
      subjects: Array<{ kind: string; name: string; namespace: string }>;
    };
    type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
    const rules = cluster.objects
      .filter((o) => o.kind === 'ClusterRoleBinding')
      .map((o) => o as unknown as Binding)
      .filter((b) =>
        b.subjects.some((s) => s.kind === 'ServiceAccount' && s.name === sa && s.namespace === NS),
      )
      .flatMap(
        (b) => (cluster.get('ClusterRole', b.roleRef.name) as unknown as { rules?: Rule[] })?.rules ?? [],
      );
    for (const verb of ['get', 'list', 'watch'])
      assert.ok(
        rules.some((r) => r.apiGroups.includes('') && r.resources.includes('pods') && r.verbs.includes(verb)),
        `${verb} pods`,
      );
    for (const r of rules)
      assert.deepEqual(
        r.verbs.filter((v) => !['get', 'list', 'watch'].includes(v)),
        [],
      );
  });

  it("takes OTLP from its node's apps only and spreads it over the gateway's replicas", async () => {
    const svc = cluster.get('Service', NAME, NS)?.spec as { internalTrafficPolicy?: string };
    assert.equal(svc.internalTrafficPolicy, 'Local', 'apps reach the agent of their own node');
    const host = pod(ds()).containers[0]!.env.find((e) => e.name === 'GATEWAY_HOSTNAME')?.value ?? '';
    const m = /^([\w-]+)\.([\w-]+)\.svc$/.exec(host);
    assert.ok(m, `GATEWAY_HOSTNAME=${host} is a Service's name`);
    const gw = cluster.get('Service', m[1]!, m[2]!)?.spec as {
      clusterIP?: string;
      ports: Array<{ port: number; name: string }>;
    };
    assert.ok(gw, `Service ${m[2]}/${m[1]}`);
    // A ClusterIP Service would resolve to one virtual address: every agent's data on one replica
    // per connection, and no way for the load_balancing exporter to see the replicas.
    assert.equal(gw.clusterIP, 'None', 'the gateway Service is headless');
    // The port agent.yaml's load_balancing resolver dials on every address the name resolves to.
    const port = Number((await gatewaysExporter()).resolver?.dns?.port);
    assert.equal(gw.ports.find((p) => p.port === port)?.name, 'otlp-grpc');
  });

  it('is admitted by its namespace, and its one deviation from "restricted" is the hostPath volume', () => {
    const ns = cluster.get('Namespace', NS)!.metadata.labels ?? {};
    const violations = podSecurityViolations(pod(ds()) as unknown as PodSpecForSecurity);
    assert.deepEqual(
      violations.map((v) => v.what),
      ['volumes[hostfs]: hostPath'],
    );
    const enforce = ns['pod-security.kubernetes.io/enforce'] as 'privileged';
    assert.ok(admits(enforce, violations), `enforce ${enforce}`);
    assert.equal(admits('baseline', violations), false, 'so "baseline" would refuse it');
    assert.equal(ns['pod-security.kubernetes.io/warn'], 'restricted', 'apply warns about the deviation');
  });
});

describe('the collector gateway Deployment, in a rollout or a drain', () => {
  const gateway = () => workload('Deployment', 'otel-collector-gateway', 'monitoring');

  it('keeps taking data after it is told to stop for longer than the agents take to look again', async () => {
    // The resolver's interval (5 s unless set) plus a DNS cache of the same again.
    const interval = parseDuration((await gatewaysExporter()).resolver?.dns?.interval ?? '5s');
    assert.ok(interval, 'the resolver interval is a duration');
    const sleep = (pod(gateway()).containers[0]!.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
    assert.ok(
      sleep >= 2 * interval,
      `preStop sleeps ${sleep} ms, the agents re-resolve every ${interval} ms`,
    );
    // Kubernetes' default grace is 30 s, counted from the start of preStop.
    assert.ok(
      (pod(gateway()).terminationGracePeriodSeconds ?? 30) * 1000 >= sleep + 20_000,
      'time left to flush after the sleep',
    );
  });

  it('is drained one replica at a time (a PodDisruptionBudget over its pods)', () => {
    const pdb = cluster.get('PodDisruptionBudget', 'otel-collector-gateway', 'monitoring')?.spec as
      | { minAvailable?: number; selector: { matchLabels: Record<string, string> } }
      | undefined;
    assert.ok(pdb, 'a PodDisruptionBudget');
    assert.ok((pdb.minAvailable ?? 0) >= 1);
    const labels = podLabels(gateway());
    for (const [k, v] of Object.entries(pdb.selector.matchLabels)) assert.equal(labels[k], v, k);
  });
});
