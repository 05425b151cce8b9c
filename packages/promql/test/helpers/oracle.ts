// Prometheus' own parser as the reference: tools/oracle-promql (Go, pinned to
// github.com/prometheus/prometheus v0.316.0) is built once per version of its
// sources (test/kit/goTools.ts), then fed every expression on stdin.

import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goToolBinary } from '../../../../test/kit/goTools.ts';
import { corporaDir as findCorpora } from '../../../../test/kit/ruleCorpora.ts';

/** Repository root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const TOOL = join(REPO, 'tools/oracle-promql');

/** One verdict of Prometheus' parser. */
export interface Verdict {
  readonly ok: boolean;
  readonly error?: string;
}

/** Path of the oracle binary (tools/oracle-promql), built once per version of its sources. */
export function oracleBinary(): string {
  return goToolBinary('oracle-promql');
}

/** Prometheus' verdict for each expression, in order (one process for all). */
export function prometheusVerdicts(exprs: readonly string[]): Verdict[] {
  const input = exprs.map((e) => JSON.stringify(e)).join('\n') + (exprs.length > 0 ? '\n' : '');
  const res = spawnSync(oracleBinary(), [], { input, maxBuffer: 1 << 28, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`oracle-promql failed: ${res.stderr}`);
  const lines = res.stdout.trim() === '' ? [] : res.stdout.trim().split('\n');
  if (lines.length !== exprs.length)
    throw new Error(`oracle-promql answered ${lines.length} of ${exprs.length}`);
  return lines.map((l) => JSON.parse(l) as Verdict);
}

/** The Go module cache directory of the pinned Prometheus (after `go mod download`). */
export function prometheusModuleDir(): string {
  execFileSync('go', ['mod', 'download', 'github.com/prometheus/prometheus'], { cwd: TOOL });
  const out = execFileSync('go', ['list', '-m', '-f', '{{.Dir}}', 'github.com/prometheus/prometheus'], {
    cwd: TOOL,
    encoding: 'utf8',
  });
  return out.trim();
}

/** The third-party rule corpora (never copied into the repository; see test/kit/ruleCorpora.ts). */
export function corporaDir(): string {
  const dir = findCorpora();
  if (!dir)
    throw new Error('no rule corpora: set GOLDEN_SIGNALS_RULE_CORPORA or put shared/ beside the checkout');
  return dir;
}
