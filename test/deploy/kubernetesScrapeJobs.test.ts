/**
 * On Kubernetes, deploy/prometheus/prometheus.yml's commented pod-discovery block replaces the
 * `apps` job's static targets. Run in a real Prometheus, with the pods of the shipped manifests
 * as the targets Kubernetes discovery would give it (file discovery carrying the same
 * `__meta_kubernetes_pod_*` labels), each workload must get the job it has in compose (the job
 * scraping its metrics port there), which is the job the rules select (jobNames.test.ts).
 * Without that, the alerting service's pod lands in `apps` and its own alerts never fire.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { type RunningPrometheus, startPrometheus } from '../../packages/alerting/test/helpers/prometheus.ts';
import { poll } from '../kit/poll.ts';
import { type K8sObject, manifestObjects } from './helpers/kubectl.ts';
import { ROOT } from './helpers/run.ts';

const PROMETHEUS_YML = join(ROOT, 'deploy/prometheus/prometheus.yml');

/** The commented block after `# kubernetes_sd_configs:` in the `apps` job, uncommented. */
function kubernetesBlock(text: string): Record<string, unknown> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^\s*# kubernetes_sd_configs:\s*$/.test(l));
  assert.ok(start >= 0, 'prometheus.yml: no commented kubernetes_sd_configs block');
  const indent = lines[start]!.indexOf('#');
  const block: string[] = [];
  for (const l of lines.slice(start)) {
    if (!l.startsWith(`${' '.repeat(indent)}#`)) break;
    block.push(l.slice(indent + 2));
  }
  return parse(block.join('\n')) as Record<string, unknown>;
}

const sanitize = (s: string) => s.replace(/[^a-zA-Z0-9_]/g, '_');

/** What pod discovery gives for one pod: one target per container port, with the pod's metadata. */
function podTargets(w: K8sObject, ip: string): Array<{ targets: string[]; labels: Record<string, string> }> {
  const t = (
    w.spec as {
      template: { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } };
    }
  ).template;
  const containers = (
    w.spec as { template: { spec: { containers: Array<{ ports?: Array<{ containerPort: number }> }> } } }
  ).template.spec.containers;
  const labels: Record<string, string> = { __meta_kubernetes_pod_name: `${w.metadata.name}-0` };
  for (const [k, v] of Object.entries(t.metadata.labels ?? {}))
    labels[`__meta_kubernetes_pod_label_${sanitize(k)}`] = v;
  for (const [k, v] of Object.entries(t.metadata.annotations ?? {}))
    labels[`__meta_kubernetes_pod_annotation_${sanitize(k)}`] = v;
  return containers.flatMap((c) =>
    (c.ports ?? []).map((p) => ({ targets: [`${ip}:${p.containerPort}`], labels })),
  );
}

interface ActiveTarget {
  labels: Record<string, string>;
  discoveredLabels: Record<string, string>;
}

describe("Prometheus' pod discovery on Kubernetes (the commented block in prometheus.yml)", () => {
  let dir: string;
  let prom: RunningPrometheus;
  let workloads: K8sObject[];
  const compose = new Map<string, string>();

  before(async () => {
    const text = await readFile(PROMETHEUS_YML, 'utf8');
    const config = parse(text) as {
      scrape_configs: Array<{ job_name: string; static_configs?: Array<{ targets: string[] }> }>;
    };
    for (const j of config.scrape_configs)
      for (const t of j.static_configs?.flatMap((s) => s.targets) ?? [])
        compose.set(t.split(':').pop()!, j.job_name);
    const block = kubernetesBlock(text);
    workloads = [
      ...(await manifestObjects(join(ROOT, 'deploy/kubernetes/app-deployment.yml'))),
      ...(await manifestObjects(join(ROOT, 'deploy/kubernetes/alerting.yml'))),
    ].filter((o) => o.kind === 'Deployment');
    dir = await mkdtemp(join(tmpdir(), 'gs-k8s-sd-'));
    // Loopback pod addresses (never scraped within the test: a 1 h interval).
    const groups = workloads.flatMap((w, i) => podTargets(w, `127.0.0.${i + 2}`));
    await writeFile(join(dir, 'pods.json'), JSON.stringify(groups));
    const job = {
      job_name: 'apps',
      scrape_interval: '1h',
      scrape_timeout: '10s',
      file_sd_configs: [{ files: [join(dir, 'pods.json')], refresh_interval: '1s' }],
      relabel_configs: block.relabel_configs,
    };
    assert.ok(block.kubernetes_sd_configs, 'the block discovers pods');
    prom = await startPrometheus({ extraConfig: stringify([job]).replace(/^/gm, '  ') });
  });
  after(async () => {
    await prom?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every annotated pod the job compose gives its metrics port, on the annotated port', async () => {
    const active = await poll(
      'the discovered pods',
      async () => {
        const r = (await (await fetch(`${prom.url}/api/v1/targets`)).json()) as {
          data: { activeTargets: ActiveTarget[] };
        };
        const t = r.data.activeTargets.filter((a) => a.discoveredLabels.__meta_kubernetes_pod_name);
        return t.length > 0 ? t : undefined;
      },
      20_000,
    );
    for (const w of workloads) {
      const port = (w.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template
        .metadata.annotations?.['prometheus.io/port'];
      assert.ok(port, `${w.metadata.name}: prometheus.io/port`);
      const mine = active.filter(
        (a) => a.discoveredLabels.__meta_kubernetes_pod_name === `${w.metadata.name}-0`,
      );
      assert.ok(mine.length > 0, `${w.metadata.name}: discovered`);
      for (const a of mine) {
        assert.equal(a.labels.job, compose.get(port), `${w.metadata.name}: job`);
        assert.equal(
          a.labels.instance?.split(':').pop(),
          port,
          `${w.metadata.name}: scraped on its annotated port`,
        );
      }
    }
  });
});
