/** The Kubernetes manifests say what the rest of deploy/ says (there is no cluster here to apply them). */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from './helpers/run.ts';

interface Doc {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    template?: { spec: { containers: Array<Record<string, unknown>> } };
  };
}

async function docs(file: string): Promise<Doc[]> {
  const text = await readFile(join(ROOT, 'deploy/kubernetes', file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as Doc);
}

describe('deploy/kubernetes', () => {
  it('ships the alerting service as ConfigMap, Deployment and Service, and no Secret that apply would overwrite', async () => {
    const kinds = (await docs('alerting.yml')).map((d) => d.kind);
    for (const k of ['ConfigMap', 'Deployment', 'Service']) assert.ok(kinds.includes(k), k);
    assert.ok(!kinds.includes('Secret'), 'the Secret is made from files (README), never applied');
  });

  it('carries deploy/alerting/alerting.yml in its ConfigMap, differing only in in-cluster addresses', async () => {
    const cm = (await docs('alerting.yml')).find((d) => d.kind === 'ConfigMap');
    const inCluster = parse(cm?.data?.['alerting.yml'] ?? '') as Record<string, unknown>;
    const compose = parse(await readFile(join(ROOT, 'deploy/alerting/alerting.yml'), 'utf8')) as Record<
      string,
      unknown
    >;
    const withoutAddresses = (c: Record<string, unknown>) =>
      JSON.parse(JSON.stringify(c).replace(/http:\/\/[\w.-]+:(\d+)/g, 'http://HOST:$1'));
    assert.deepEqual(withoutAddresses(inCluster), withoutAddresses(compose));
  });

  it('probes the alerting service on /healthz and takes the webhook from the Secret', async () => {
    const dep = (await docs('alerting.yml')).find((d) => d.kind === 'Deployment');
    const c = dep?.spec?.template?.spec.containers[0] as {
      readinessProbe: { httpGet: { path: string } };
      livenessProbe: { httpGet: { path: string } };
      env: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string } } }>;
    };
    assert.equal(c.readinessProbe.httpGet.path, '/healthz');
    assert.equal(c.livenessProbe.httpGet.path, '/healthz');
    const hook = c.env.find((e) => e.name === 'SLACK_WEBHOOK_URL');
    assert.equal(hook?.valueFrom?.secretKeyRef?.name, 'golden-signals-alerting');
  });

  it('loads the preload in the app example through NODE_OPTIONS and exposes /metrics to Prometheus', async () => {
    const [dep] = await docs('app-deployment.yml');
    const c = dep?.spec?.template?.spec.containers[0] as { env: Array<{ name: string; value?: string }> };
    const env = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
    assert.equal(env.NODE_OPTIONS, '--require @golden-signals/instrumentation/register');
    assert.equal(env.OTEL_EXPORTER_PROMETHEUS_HOST, '0.0.0.0');
    assert.ok(env.OTEL_SERVICE_NAME);
  });
});
