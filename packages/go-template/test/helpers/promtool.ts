import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { OracleResult } from './oracle.ts';

/** The alert every promtool case fires: one series, $value 1500, evaluated at 1m. */
export const PROMTOOL_LABELS = { instance: 'host.example.com:9090', job: 'api' };
/** $labels in promtool's alert: the series' labels, __name__ included (the selector keeps it). */
export const PROMTOOL_SERIES_LABELS = { __name__: 'test_metric', ...PROMTOOL_LABELS };
export const PROMTOOL_EXTERNAL = { labels: { cluster: 'prod' }, url: 'http://prom.example:9090/prefix' };
export const PROMTOOL_NOW_MS = 60_000;

/** Why promtool cannot run here, or undefined. */
export function promtoolSkipReason(): string | undefined {
  const r = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : 'promtool is not installed';
}

/** The annotation Prometheus stores for a template result (errors become `<error expanding template: ...>`). */
export function annotationText(r: OracleResult): string {
  return r.error ? `<error expanding template: ${r.error}>` : r.output;
}

function writeRules(dir: string, texts: readonly string[]): void {
  const rules = {
    groups: [
      {
        name: 'templates',
        rules: texts.map((t, i) => ({ alert: `Rule${i}`, expr: 'test_metric', annotations: { t } })),
      },
    ],
  };
  writeFileSync(join(dir, 'rules.yml'), stringify(rules));
}

/** `promtool check rules` on one alert per template: the parse error it reports for each template. */
export function promtoolParseErrors(texts: readonly string[]): Map<number, string> {
  const dir = mkdtempSync(join(tmpdir(), 'go-template-promtool-'));
  try {
    writeRules(dir, texts);
    const r = spawnSync('promtool', ['check', 'rules', 'rules.yml'], { cwd: dir, encoding: 'utf8' });
    const out = new Map<number, string>();
    for (const m of `${r.stdout}${r.stderr}`.matchAll(/"Rule(\d+)": annotation "t": (.*)/g))
      out.set(Number(m[1]), m[2]!);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `promtool test rules` with one alert per template, expecting the given annotations, and
 * returns the indexes of the templates whose annotation promtool rendered differently.
 */
export function promtoolDiffering(
  texts: readonly string[],
  expected: readonly string[],
): Map<number, string> {
  const dir = mkdtempSync(join(tmpdir(), 'go-template-promtool-'));
  try {
    writeRules(dir, texts);
    const test = (i: number) => ({
      interval: '1m',
      external_labels: PROMTOOL_EXTERNAL.labels,
      external_url: PROMTOOL_EXTERNAL.url,
      input_series: [{ series: 'test_metric{job="api",instance="host.example.com:9090"}', values: '1500x5' }],
      alert_rule_test: [
        {
          eval_time: '1m',
          alertname: `Rule${i}`,
          exp_alerts: [{ exp_labels: PROMTOOL_LABELS, exp_annotations: { t: expected[i] } }],
        },
      ],
    });
    const differing = new Map<number, string>();
    // One promtool run per template keeps a failure attributable to one template.
    const tests = {
      rule_files: ['rules.yml'],
      evaluation_interval: '1m',
      tests: texts.map((_, i) => test(i)),
    };
    writeFileSync(join(dir, 'test.yml'), stringify(tests));
    const r = spawnSync('promtool', ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8' });
    const out = `${r.stdout}${r.stderr}`;
    const failure =
      /alertname: Rule(\d+), time: [^\n]*\n[\s\S]*?got:\[[\s\S]*?Annotations:\{t=("(?:[^"\\]|\\.)*")\}/g;
    for (const m of out.matchAll(failure)) differing.set(Number(m[1]), goUnquote(m[2]!));
    if (r.status !== 0 && differing.size === 0) throw new Error(`promtool failed:\n${out}`);
    return differing;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function goUnquote(q: string): string {
  try {
    return JSON.parse(q.replace(/\\x([0-9a-f]{2})/g, '\\u00$1')) as string;
  } catch {
    return q;
  }
}
