/**
 * Every file of the rule corpora through `golden-signals-alerting run` (a real process) against a
 * real Prometheus, judged file by file against `promtool check rules` run here: every alerting
 * rule of a file promtool accepts is loaded and evaluated without a query error from Prometheus
 * (the metrics are absent, so empty results are expected); a file promtool rejects stops `run`
 * at start with file:line:column, and at reload leaves the old rules running.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { parse, stringify } from 'yaml';
import { binary, findBinary } from '../../../../test/kit/binaries.ts';
import { poll } from '../../../../test/kit/poll.ts';
import { corporaDir, yamlFiles } from '../../../../test/kit/ruleCorpora.ts';
import { startPrometheus } from '../helpers/prometheus.ts';
import { startRun } from '../helpers/runProcess.ts';

const corpora = corporaDir();

interface ApiRule {
  name: string;
  group: string;
  file: string;
  health: string;
  lastError: string;
}

const CONTROL = `groups:
  - name: control
    rules:
      - alert: QueryTimeError
        expr: label_replace(vector(1), "x", "$1", "y", "(")
`;

/** promtool's verdict on one file, as the user would get it. */
function promtoolAccepts(file: string): boolean {
  return spawnSync(binary('promtool'), ['check', 'rules', file], { stdio: 'ignore' }).status === 0;
}

/** `group\0alert` of every alerting rule in the file, read straight from its YAML. */
function alertsInFile(file: string): string[] {
  const doc = parse(readFileSync(file, 'utf8')) as { groups?: Array<{ name: string; rules?: object[] }> };
  return (doc?.groups ?? []).flatMap((g) =>
    (g.rules ?? []).flatMap((r) => ('alert' in r ? [`${g.name}\u0000${String(r.alert)}`] : [])),
  );
}

function writeConfig(path: string, promUrl: string, files: readonly string[]): void {
  writeFileSync(
    path,
    `prometheus: { url: ${promUrl}, timeout: 10s }
evaluation_interval: 1s
rule_files: ${JSON.stringify(files)}
state_dir: ./data
listen: 127.0.0.1:0
`,
  );
}

/** Starts `run`; resolves with its URL once listening, or with its exit code and log if it exits first. */
/** `run` in the config's folder, as an operator starts it there. */
const startRunIn = (config: string) => startRun(config, { cwd: dirname(config), timeoutMs: 30_000 });

async function apiRules(url: string): Promise<ApiRule[]> {
  const body = (await (await fetch(`${url}/api/v1/rules`)).json()) as { data: { rules: ApiRule[] } };
  return body.data.rules;
}

function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  return poll(what, fn, timeoutMs, 250);
}

/** Two copies of an accepted file that promtool must reject: a PromQL syntax error and a bad `for`. */
function badCopies(dir: string, source: string): Array<{ path: string; line: number }> {
  const make = (name: string, edit: (rule: Record<string, unknown>) => void, marker: string) => {
    const doc = parse(readFileSync(source, 'utf8')) as {
      groups: Array<{ rules: Record<string, unknown>[] }>;
    };
    const rule = doc.groups.flatMap((g) => g.rules).find((r) => 'alert' in r) as Record<string, unknown>;
    edit(rule);
    const text = stringify(doc, { lineWidth: 0 });
    const path = join(dir, name);
    writeFileSync(path, text);
    return { path, line: text.split('\n').findIndex((l) => l.includes(marker)) + 1 };
  };
  return [
    make('bad-expr.yml', (r) => Object.assign(r, { expr: 'sum(rate(gs_bad_total[5m])' }), 'gs_bad_total'),
    make('bad-for.yml', (r) => Object.assign(r, { for: '5 minutes' }), '5 minutes'),
  ];
}

test('every corpus file through run against a real Prometheus: promtool-accepted rules all evaluate, rejected files refused', {
  skip: (!corpora && 'no rule corpora') || (!findBinary('promtool') && 'promtool not installed'),
  timeout: 120_000,
}, async (t) => {
  const files = yamlFiles(corpora as string);
  const accepted = files.filter(promtoolAccepts);
  const prom = await startPrometheus();
  t.after(() => prom.stop());
  const dir = await mkdtemp(join(tmpdir(), 'gs-corpora-run-'));
  const children: ChildProcess[] = [];
  t.after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  // A file promtool rejects (a corpus file, or a broken copy of one) stops `run` before it
  // listens, naming file:line:column (for the copies: the broken line).
  const bad = badCopies(dir, accepted[0] as string);
  const rejected = files.filter((f) => !accepted.includes(f)).map((path) => ({ path, line: undefined }));
  for (const b of [...bad, ...rejected]) {
    assert.equal(promtoolAccepts(b.path), false, `promtool accepts ${b.path}`);
    const cfg = join(dir, 'bad.yml.config');
    writeConfig(cfg, prom.url, [accepted[0] as string, b.path]);
    const r = await startRunIn(cfg);
    children.push(r.child);
    assert.equal(r.url, undefined, `run started on ${b.path}`);
    assert.notEqual(r.code, 0);
    const m = new RegExp(`${basename(b.path).replace('.', '\\.')}:(\\d+):(\\d+)`).exec(r.logs());
    assert.ok(m, `no file:line:column for ${b.path} in:\n${r.logs().slice(-2000)}`);
    if (b.line !== undefined) assert.equal(Number(m[1]), b.line, `points at the broken line of ${b.path}`);
  }

  // A control promtool accepts but Prometheus rejects when it runs the query (the regex is compiled
  // at evaluation): it must show as an error, so a clean corpus result means something.
  const control = join(dir, 'query-time-error.yml');
  writeFileSync(control, CONTROL);
  assert.equal(promtoolAccepts(control), true, 'promtool rejects the query-time control');

  // Every accepted file at once: every alerting rule loads and is evaluated without an error.
  const config = join(dir, 'alerting.yml');
  writeConfig(config, prom.url, [...accepted, control]);
  const svc = await startRunIn(config);
  children.push(svc.child);
  assert.ok(svc.url, `run refused the promtool-accepted corpus:\n${svc.logs().slice(-3000)}`);
  const url = svc.url as string;
  const rules = await until('every rule evaluated once', async () => {
    const rs = await apiRules(url);
    return rs.length > 0 && rs.every((r) => r.health !== 'unknown') ? rs : undefined;
  });
  const expected = accepted.flatMap((f) => alertsInFile(f).map((k) => `${f}\u0000${k}`)).sort();
  // The API names files relative to the service's working directory (the config's here).
  const controlRule = rules.find((r) => resolve(dir, r.file) === control);
  assert.equal(controlRule?.health, 'err', 'the query-time control did not fail');
  assert.match(controlRule?.lastError ?? '', /regular expression/);
  const corpus = rules.filter((r) => r !== controlRule);
  const loaded = corpus.map((r) => `${resolve(dir, r.file)}\u0000${r.group}\u0000${r.name}`).sort();
  const missing = expected.filter((k, i) => loaded[i] !== k).slice(0, 10);
  assert.equal(
    loaded.length,
    expected.length,
    `alerting rules loaded vs in the files; first differences: ${missing}`,
  );
  assert.deepEqual(missing, [], 'the loaded alerting rules are those of the accepted files');
  const errors = corpus
    .filter((r) => r.health !== 'ok')
    .map((r) => `${r.file} ${r.group}/${r.name}: ${r.lastError}`);
  assert.deepEqual(errors, [], 'Prometheus rejected rules at query time');
  assert.equal((await fetch(`${url}/healthz`)).status, 200);
  console.log(
    `corpora through run: ${files.length} files, ${accepted.length} accepted by promtool, ${corpus.length} alerting rules evaluated`,
  );

  // A reload naming a rejected file is refused whole and the old rules keep running.
  writeConfig(config, prom.url, [...accepted, (bad[0] as { path: string }).path]);
  // Without a token, a loopback service takes writes only as JSON POSTs (no cross-origin form).
  const res = await fetch(`${url}/-/reload`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { errors: string[] };
  assert.ok(
    body.errors.some((e) => /bad-expr\.yml:\d+:\d+/.test(e)),
    body.errors.join('\n'),
  );
  assert.equal((await apiRules(url)).length, rules.length, 'the old rules keep running');
});
