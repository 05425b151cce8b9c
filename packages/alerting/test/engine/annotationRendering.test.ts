/**
 * Every annotation (and templated label) of every alerting rule in the rule corpora, rendered by
 * our engine (query result in, alert out) with the go-template tests' sample data (every
 * referenced label non-empty, `$value` 0.5, 1500 and NaN), compared with what Prometheus' own
 * template package renders for the same data (the go-template package's Go oracle).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusAnnotations, corpusCases } from '../../../go-template/test/helpers/corpus.ts';
import { type OracleCase, oracleSkipReason, runOracle } from '../../../go-template/test/helpers/oracle.ts';
import { createEngine, type EngineSettings } from '../../src/engine/engine.ts';
import type { PrometheusClient, Sample } from '../../src/prometheus/client.ts';
import { silentLogger } from '../../src/shared/log.ts';
import type { AlertingRule } from '../../src/types.ts';
import { corporaDir } from '../helpers/ruleCorpora.ts';

const corpora = corporaDir();
const skip = (!corpora && 'no rule corpora') || oracleSkipReason();

function toNumber(v: string): number {
  return v === '+Inf' ? Number.POSITIVE_INFINITY : v === '-Inf' ? Number.NEGATIVE_INFINITY : Number(v);
}

/** A rule per case: its annotation `a` (or its label) is the case's template. */
function ruleFor(c: OracleCase, i: number, key: string): AlertingRule {
  const label = key.startsWith('labels.') ? key.slice('labels.'.length) : undefined;
  return {
    key: `corpus/${i}`,
    name: c.name,
    group: 'corpus',
    file: 'corpus.yml',
    line: 1,
    expr: `case_${i}`,
    forMs: 3_600_000,
    keepFiringForMs: 0,
    // gs_case finds the alert again; rule labels are not in $labels, so it changes no rendering.
    labels: label ? { gs_case: String(i), [label]: c.text } : { gs_case: String(i) },
    annotations: label ? {} : { a: c.text },
  };
}

/** Our engine's rendering of every case (one cycle, one rule per case). */
async function renderThroughEngine(cases: readonly OracleCase[], keys: readonly string[]): Promise<string[]> {
  const first = cases[0] as OracleCase;
  const client: PrometheusClient = {
    async query(expr): Promise<Sample[]> {
      const m = /^case_(\d+)$/.exec(expr);
      if (!m) {
        const answer = first.queries?.[expr] ?? first.queries?.['*'] ?? [];
        return answer.map((s) => ({ labels: s.labels, value: toNumber(s.value) }));
      }
      const c = cases[Number(m[1])] as OracleCase;
      return [{ labels: { ...c.labels }, value: toNumber(c.value) }];
    },
    async queryRange() {
      return [];
    },
  };
  const rules = cases.map((c, i) => ruleFor(c, i, keys[i] as string));
  const settings: EngineSettings = {
    rules,
    evaluationIntervalMs: 60_000,
    queryConcurrency: 8,
    datasourceDownGraceMs: 60_000,
    flap: { windowMs: 60_000, maxFlips: 100 },
    resolvedRetentionMs: 60_000,
    stateDir: '/nonexistent',
    prometheus: {
      url: 'http://127.0.0.1:9',
      timeoutMs: 1000,
      headers: {},
      externalUrl: first.externalURL ?? '',
      externalLabels: first.externalLabels ?? {},
    },
  };
  const engine = createEngine({
    settings,
    client,
    log: silentLogger,
    now: () => first.nowMs ?? 0,
    inMemory: true,
  });
  await engine.runCycle();
  const byCase = new Map(engine.alerts().map((a) => [a.labels.gs_case, a]));
  return cases.map((_c, i) => {
    const key = keys[i] as string;
    const a = byCase.get(String(i));
    if (!a) return '(no alert)';
    if (!key.startsWith('labels.')) return a.annotations.a ?? '(no annotation)';
    const name = key.slice('labels.'.length);
    return name === 'severity' ? a.severity : (a.labels[name] ?? '');
  });
}

test('corpus annotations render through the engine exactly as Prometheus renders them', {
  skip,
}, async () => {
  const templates = corpusAnnotations(corpora as string);
  const cases = corpusCases(templates);
  const keys = templates.flatMap((t) => [t.key, t.key, t.key]);
  const go = runOracle(cases);
  const ours = await renderThroughEngine(cases, keys);
  const differ: string[] = [];
  cases.forEach((c, i) => {
    const g = go[i];
    const want = g?.error ? `<error expanding template: ${g.error}>` : (g?.output ?? '');
    if (ours[i] !== want)
      differ.push(
        `${c.name} ${keys[i]} ($value ${c.value}):\n  prometheus: ${want}\n  ours:       ${ours[i]}`,
      );
  });
  console.log(
    `# ${cases.length} renderings through the engine, ${cases.length - differ.length} identical to Prometheus`,
  );
  assert.deepEqual(differ.slice(0, 10), []);
});

test("the issue's template cases render through the engine as Prometheus renders them", {
  skip: oracleSkipReason(),
}, async () => {
  const base = {
    labels: { __name__: 'up', job: 'api', instance: 'i1:9090', sev: 'page' },
    externalLabels: { cluster: 'prod' },
    externalURL: 'http://prom.example:9090',
    nowMs: 1_700_000_000_000,
    queries: { '*': [{ labels: { __name__: 'up', job: 'b' }, value: '0.25' }] },
  };
  const texts: Array<[string, string]> = [
    ['a', '{{ $labels }}'], // series labels only, sorted (not alertname, severity or rule labels)
    ['a', '{{ printf "%0.0f|%5.2f|%e|%q" $value $value $value "x" }}'],
    ['a', '{{ $externalLabels.cluster }} {{ $externalURL }}'],
    ['a', '{{ with query "up" }}{{ . | first | value | humanize }}{{ end }}'],
    ['a', '{{ humanize "not a number" }}'], // fails at render time
    ['labels.severity', '{{ $labels.sev }}'],
    ['labels.team', '{{ $labels.job | toUpper }}'],
  ];
  const cases: OracleCase[] = [];
  const keys: string[] = [];
  for (const [key, text] of texts)
    for (const value of ['0.5', '1500', 'NaN']) {
      cases.push({ name: 'IssueCase', text, value, ...base });
      keys.push(key);
    }
  const go = runOracle(cases);
  const ours = await renderThroughEngine(cases, keys);
  const want = go.map((g) => (g.error ? `<error expanding template: ${g.error}>` : g.output));
  assert.deepEqual(ours, want);
  assert.ok(
    want.some((w) => w.startsWith('<error expanding template:')),
    'one case fails at render time',
  );
});
