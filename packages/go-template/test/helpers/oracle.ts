import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO = resolve(here, '../../../..');
const ORACLE_SRC = join(REPO, 'tools/oracle-template');

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

let built: string | undefined;

/** Builds the oracle once per source version (cached under node_modules/.cache) and returns its path. */
export function oracleBinary(): string {
  if (built) return built;
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(join(ORACLE_SRC, f)));
  const dir = join(REPO, 'node_modules/.cache/oracle-template', hash.digest('hex').slice(0, 16));
  const bin = join(dir, 'oracle-template');
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${bin}.${process.pid}.tmp`;
    execFileSync('go', ['build', '-o', tmp, '.'], {
      cwd: ORACLE_SRC,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    renameSync(tmp, bin);
  }
  built = bin;
  return bin;
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
