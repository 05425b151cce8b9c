/**
 * Every `job` a shipped query selects is a job the Prometheus it runs against scrapes. A rule on
 * `up{job="apps"}` against a Prometheus whose scrape job is called `demo-shop` never fires (the
 * demo's config did that): nothing fails, the alert is just silent. The selectors are read with
 * our PromQL parser; each stack pairs a shipped Prometheus config with the queries run against
 * it: the rule files it loads, the alerting service's rules and SLOs, and the dashboards.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parsePromql, selectedSeries } from '@golden-signals/promql';
import { parse } from 'yaml';
import { renderPrometheusConfig } from '../../packages/demo-shop/src/runner/prometheusConfig.ts';
import { ROOT } from './helpers/run.ts';

interface PromConfig {
  rule_files?: string[];
  scrape_configs?: Array<{ job_name: string }>;
}
/** A query and where it is shipped. */
interface Query {
  readonly where: string;
  readonly expr: string;
}

/** The files a `rule_files` glob (`dir/*.yml`) names, relative to the config's folder. */
async function globFiles(base: string, pattern: string): Promise<string[]> {
  const full = resolve(base, pattern);
  const dir = dirname(full);
  const re = new RegExp(
    `^${basename(full)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')}$`,
  );
  return (await readdir(dir))
    .filter((f) => re.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The `expr` of every rule in Prometheus-format rule files. */
async function ruleQueries(files: readonly string[]): Promise<Query[]> {
  const out: Query[] = [];
  for (const f of files) {
    const doc = parse(await readFile(f, 'utf8')) as {
      groups?: Array<{ rules?: Array<Record<string, unknown>> }>;
    };
    for (const g of doc.groups ?? [])
      for (const r of g.rules ?? [])
        out.push({ where: `${f.slice(ROOT.length + 1)}: ${r.alert ?? r.record}`, expr: String(r.expr) });
  }
  return out;
}

/** The alerting service's rules (its config's rule_files) and its SLOs' SLI queries. */
async function alertingQueries(config: string): Promise<Query[]> {
  const c = parse(await readFile(config, 'utf8')) as { rule_files?: string[]; slo_files?: string[] };
  const base = dirname(config);
  const files = (await Promise.all((c.rule_files ?? []).map((p) => globFiles(base, p)))).flat();
  const out = await ruleQueries(files);
  for (const s of c.slo_files ?? []) {
    const doc = parse(await readFile(resolve(base, s), 'utf8')) as {
      slos: Array<{ name: string; sli: Record<string, string> }>;
    };
    for (const slo of doc.slos)
      for (const [k, q] of Object.entries(slo.sli))
        out.push({ where: `${s}: ${slo.name}.${k}`, expr: q.replaceAll('{{window}}', '5m') });
  }
  return out;
}

/** Every panel target and variable query of the shipped dashboards, Grafana's variables filled in. */
async function dashboardQueries(): Promise<Query[]> {
  const dir = join(ROOT, 'deploy/grafana/dashboards');
  const out: Query[] = [];
  const walk = (node: unknown, file: string) => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'expr' && typeof v === 'string') out.push({ where: file, expr: v });
      else if (k === 'query' && typeof v === 'string') {
        const m = /^label_values\((.+),\s*\w+\)$/.exec(v);
        if (m) out.push({ where: file, expr: m[1]! });
      } else walk(v, file);
    }
  };
  for (const f of (await readdir(dir)).filter((x) => x.endsWith('.json')))
    walk(JSON.parse(await readFile(join(dir, f), 'utf8')), `deploy/grafana/dashboards/${f}`);
  // Range variables become a duration; other variables (chosen by the viewer) are left out below.
  return out.map((q) => ({ ...q, expr: q.expr.replace(/\$\{?__\w+\}?/g, '5m') }));
}

/** The job values a query's selectors require: `=` names one, `=~` one that must match. */
function jobMatchers(q: Query): Array<{ op: '=' | '=~'; value: string }> {
  const r = parsePromql(q.expr);
  assert.ok(r.ok, `${q.where}: ${q.expr}: ${r.ok ? '' : r.errors[0]?.message}`);
  return selectedSeries(r.expr)
    .flatMap((s) => s.matchers)
    .filter((m) => m.name === 'job' && (m.op === '=' || m.op === '=~') && !m.value.includes('$'))
    .map((m) => ({ op: m.op as '=' | '=~', value: m.value }));
}

/** The queries whose job names no scrape job of `config` defines. */
function unknownJobs(config: PromConfig, queries: readonly Query[]): string[] {
  const jobs = (config.scrape_configs ?? []).map((s) => s.job_name);
  const bad: string[] = [];
  for (const q of queries)
    for (const m of jobMatchers(q)) {
      const re = new RegExp(`^(?:${m.value})$`);
      if (!jobs.some((j) => (m.op === '=' ? j === m.value : re.test(j))))
        bad.push(`${q.where}: job${m.op}"${m.value}" (jobs: ${jobs.join(', ')})`);
    }
  return bad;
}

/** The shipped Prometheus configs, each with what runs against it. */
async function stacks(): Promise<Array<{ name: string; config: PromConfig; queries: Query[] }>> {
  const out = [];
  const compose = join(ROOT, 'deploy/prometheus/prometheus.yml');
  const demo = renderPrometheusConfig(
    await readFile(join(ROOT, 'deploy/alerting/demo/prometheus.yml'), 'utf8'),
    {
      shopMetrics: '127.0.0.1:1',
      alerting: '127.0.0.1:2',
      root: ROOT,
    },
  );
  for (const [name, file, text, alerting] of [
    ['compose and Kubernetes', compose, await readFile(compose, 'utf8'), 'deploy/alerting/alerting.yml'],
    [
      'the demo',
      join(ROOT, 'deploy/alerting/demo/prometheus.yml'),
      demo,
      'deploy/alerting/demo/alerting.yml',
    ],
  ] as const) {
    const config = parse(text) as PromConfig;
    const ruleFiles = (
      await Promise.all((config.rule_files ?? []).map((p) => globFiles(dirname(file), p)))
    ).flat();
    assert.ok(ruleFiles.length > 0, `${name}: loads rule files`);
    const queries = [
      ...(await ruleQueries(ruleFiles)),
      ...(await alertingQueries(join(ROOT, alerting))),
      ...(await dashboardQueries()),
    ];
    out.push({ name, config, queries });
  }
  return out;
}

describe('job names in shipped queries', () => {
  it('every job a shipped rule, SLO or dashboard selects is scraped by the Prometheus it runs against', async () => {
    const all = await stacks();
    for (const s of all)
      assert.ok(
        s.queries.some((q) => jobMatchers(q).length > 0),
        `${s.name}: selects jobs`,
      );
    const bad = all.flatMap((s) => unknownJobs(s.config, s.queries).map((b) => `${s.name}: ${b}`));
    assert.deepEqual(bad, []);
  });

  it('the check sees a job no config scrapes', () => {
    const config: PromConfig = { scrape_configs: [{ job_name: 'demo-shop' }] };
    assert.equal(unknownJobs(config, [{ where: 'x', expr: 'up{job="apps"} == 0' }]).length, 1);
    assert.equal(unknownJobs(config, [{ where: 'x', expr: 'up{job=~"demo-.*"} == 0' }]).length, 0);
  });
});
