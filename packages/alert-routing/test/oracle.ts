import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goToolBinary } from '../../../test/kit/goTools.ts';
import { goUnquote } from '../src/goString.ts';
import type { Route } from '../src/route.ts';

/**
 * Alertmanager as the oracle: its module source (tests and testdata, read in place from the Go
 * module cache) and tools/oracle-alertmanager, a small program that answers with its packages.
 */

export const AM_VERSION = 'v0.35.0';

let amDir: string | undefined;
/** The Alertmanager module directory in the Go module cache (downloaded on first use). */
export function alertmanagerDir(): string {
  if (!amDir) {
    const out = execFileSync(
      'go',
      ['mod', 'download', '-json', `github.com/prometheus/alertmanager@${AM_VERSION}`],
      {
        encoding: 'utf8',
        cwd: tmpdir(),
      },
    );
    amDir = (JSON.parse(out) as { Dir: string }).Dir;
  }
  return amDir;
}

/** A file of the Alertmanager module, as text. */
export function amFile(rel: string): string {
  return readFileSync(join(alertmanagerDir(), rel), 'utf8');
}

function oracleBinary(): string {
  return goToolBinary('oracle-alertmanager');
}

/** One answer of the oracle. */
export interface OracleAnswer {
  error: string | null;
  matchers?: { name: string; type: string; value: string }[];
  /** Alertmanager's Matcher.String() of each matcher. */
  texts?: string[];
  routes?: OracleRoute[][];
}

/** A route as the oracle prints Alertmanager's RouteOpts. */
export interface OracleRoute {
  receiver: string;
  groupBy: string[];
  groupByAll: boolean;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  labels: Record<string, string>;
  continue: boolean;
  idx: number;
  key: string;
}

/** Sends requests to the oracle in one run and returns its answers in order. */
export function askOracle(requests: readonly object[]): OracleAnswer[] {
  const input = requests.map((r) => JSON.stringify(r)).join('\n');
  const res = spawnSync(oracleBinary(), [], { input: `${input}\n`, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (res.status !== 0) throw new Error(`oracle failed: ${res.stderr}`);
  return res.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as OracleAnswer);
}

/** Go string literals (`"..."` or raw backquoted) after `key:` in a Go source file, unquoted. */
export function goStringsAfter(source: string, key: string): string[] {
  const re = new RegExp(`\\b${key}:\\s*("(?:[^"\\\\\\n]|\\\\.)*"|\`[^\`]*\`)`, 'g');
  return [...source.matchAll(re)].map((m) => goLiteral(m[1] as string));
}

/** The value of one Go string literal. */
export function goLiteral(lit: string): string {
  if (lit.startsWith('`')) return lit.slice(1, -1);
  const v = goUnquote(lit);
  if (v === undefined) throw new Error(`not a Go string literal: ${lit}`);
  return v;
}

/** Our route in the oracle's shape. */
export function describeRoute(r: Route): OracleRoute {
  return {
    receiver: r.receiver,
    groupBy: [...r.groupBy].sort(),
    groupByAll: r.groupByAll,
    groupWaitMs: r.groupWaitMs,
    groupIntervalMs: r.groupIntervalMs,
    repeatIntervalMs: r.repeatIntervalMs,
    muteTimeIntervals: [...r.muteTimeIntervals],
    activeTimeIntervals: [...r.activeTimeIntervals],
    // Sorted keys, as Go's JSON encoder writes a map.
    labels: Object.fromEntries(Object.entries(r.labels).sort(([a], [b]) => (a < b ? -1 : 1))),
    continue: r.continue,
    idx: r.idx,
    key: r.key,
  };
}

/** The trees (`in := \`...\``) of dispatch/route_test.go, each with the label sets its test feeds it. */
export function routeTestTrees(): { test: string; tree: string; alerts: Record<string, string>[] }[] {
  const src = amFile('dispatch/route_test.go');
  const out: { test: string; tree: string; alerts: Record<string, string>[] }[] = [];
  for (const part of src.split(/\nfunc (?=Test)/).slice(1)) {
    const tree = /\bin := (`[^`]*`)/.exec(part);
    if (!tree) continue;
    const alerts: Record<string, string>[] = [];
    for (const m of part.matchAll(/input:\s*model\.LabelSet\{([^}]*)\}/g)) {
      const labels: Record<string, string> = {};
      for (const kv of (m[1] as string).matchAll(/("(?:[^"\\]|\\.)*")\s*:\s*("(?:[^"\\]|\\.)*")/g))
        labels[goLiteral(kv[1] as string)] = goLiteral(kv[2] as string);
      alerts.push(labels);
    }
    out.push({ test: (/^\w+/.exec(part) as RegExpExecArray)[0], tree: goLiteral(tree[1] as string), alerts });
  }
  return out;
}
