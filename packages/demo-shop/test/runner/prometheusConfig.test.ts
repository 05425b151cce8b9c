/**
 * The demo's Prometheus loads the rules a deployment loads: the rendered demo config started on a
 * real Prometheus lists every recording rule of deploy/prometheus/rules (before, it had no
 * rule_files and every recording-rule panel of the dashboards was empty in the demo).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { binary } from '../../../../test/kit/binaries.ts';
import { killChild } from '../../../../test/kit/children.ts';
import { freePort } from '../../../../test/kit/ports.ts';
import { renderPrometheusConfig } from '../../src/runner/prometheusConfig.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

async function shippedRecordingRules(): Promise<string[]> {
  const dir = join(ROOT, 'deploy/prometheus/rules');
  const names: string[] = [];
  for (const f of (await readdir(dir)).filter((x) => x.endsWith('.yml'))) {
    const doc = parse(await readFile(join(dir, f), 'utf8')) as {
      groups: Array<{ rules: Array<{ record?: string }> }>;
    };
    for (const g of doc.groups) for (const r of g.rules) if (r.record) names.push(r.record);
  }
  return [...new Set(names)].sort();
}

test('the demo Prometheus loads every recording rule of deploy/prometheus/rules', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'gs-demo-prom-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const template = await readFile(join(ROOT, 'deploy/alerting/demo/prometheus.yml'), 'utf8');
  const config = join(dir, 'prometheus.yml');
  await writeFile(
    config,
    renderPrometheusConfig(template, { shopMetrics: '127.0.0.1:1', alerting: '127.0.0.1:2', root: ROOT }),
  );
  const port = await freePort();
  const child = spawn(
    binary('prometheus'),
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: 'ignore' },
  );
  t.after(() => killChild(child));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (
    !(await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    assert.ok(
      Date.now() < deadline && child.exitCode === null,
      'Prometheus did not start on the demo config',
    );
    await new Promise((r) => setTimeout(r, 200));
  }
  const body = (await (await fetch(`${url}/api/v1/rules?type=record`)).json()) as {
    data: { groups: Array<{ rules: Array<{ name: string }> }> };
  };
  const loaded = [...new Set(body.data.groups.flatMap((g) => g.rules.map((r) => r.name)))].sort();
  const shipped = await shippedRecordingRules();
  assert.ok(shipped.length >= 15);
  assert.deepEqual(loaded, shipped);
});

test('a placeholder the runner does not know is an error, not a silent literal', () => {
  assert.throws(
    () => renderPrometheusConfig('x: __NOPE__\n', { shopMetrics: 'a:1', alerting: 'b:2', root: '/r' }),
    /unknown placeholder __NOPE__/,
  );
});
