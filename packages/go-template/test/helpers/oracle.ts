import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goToolBinary } from '../../../../test/kit/goTools.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO = resolve(here, '../../../..');

/** One case for the Go oracle (tools/oracle-template): what Prometheus' Expander gets. */
export interface OracleCase {
  name: string;
  text: string;
  labels?: Record<string, string>;
  externalLabels?: Record<string, string>;
  externalURL?: string;
  /** The value as Go's ParseFloat reads it ("NaN", "1500", "+Inf"). */
  value: string;
  nowMs?: number;
  queries?: Record<string, { labels: Record<string, string>; value: string }[]>;
}

/** What Prometheus answered: the output, or its error text. */
export interface OracleResult {
  output: string;
  error?: string;
}

/** Why the oracle cannot run here (no Go toolchain), or undefined when it can. */
export function oracleSkipReason(): string | undefined {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  return r.status === 0
    ? undefined
    : 'the Go toolchain (go) is not installed, so Prometheus cannot be run as the oracle';
}

/** The oracle's binary (tools/oracle-template), built once per version of its sources. */
export function oracleBinary(): string {
  return goToolBinary('oracle-template');
}

/** Renders every case with Prometheus' own template package. */
export function runOracle(cases: readonly OracleCase[]): OracleResult[] {
  const out = execFileSync(oracleBinary(), [], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(out) as OracleResult[];
}
