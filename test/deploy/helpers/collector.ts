/**
 * The shipped collector configs as the collector reads them: several `--config` files merged
 * (maps deep-merged, later files win, lists replaced), and where our distribution's binary is.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './run.ts';

/** The shipped combinations: what each tier is started with. */
export const COLLECTOR_SETUPS: Record<string, readonly string[]> = {
  'agent (DaemonSet)': ['agent.yaml', 'agent-scrape-kubernetes.yaml'],
  'agent (compose, sidecar)': ['agent.yaml', 'agent-scrape-static.yaml'],
  gateway: ['gateway.yaml'],
  'gateway with OTLP to Prometheus 3': ['gateway.yaml', 'gateway-otlp.yaml'],
};

type Section = Record<string, Record<string, unknown> | null>;
/** The parts of a collector config the checks read. */
export interface CollectorConfig {
  receivers?: Section;
  processors?: Section;
  exporters?: Section;
  extensions?: Section;
  service: {
    extensions?: string[];
    pipelines: Record<string, { receivers?: string[]; processors?: string[]; exporters?: string[] }>;
    telemetry?: unknown;
  };
}

function merge(a: unknown, b: unknown): unknown {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
    return out;
  }
  return b === undefined ? a : b;
}

/** Loads and merges `files` from otel-collector/, as `--config f1 --config f2` would. */
export async function loadCollectorConfig(files: readonly string[]): Promise<CollectorConfig> {
  let merged: unknown = {};
  for (const f of files)
    merged = merge(merged, parse(await readFile(join(ROOT, 'otel-collector', f), 'utf8')));
  return merged as CollectorConfig;
}

/** Our distribution's binary: `OTELCOL_BIN` (tools/peers/build.sh prints it), or undefined. */
export function collectorBinary(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.OTELCOL_BIN || undefined;
}

/** Why a test that needs the collector binary is skipped without one. */
export const NO_COLLECTOR = 'set OTELCOL_BIN: eval "$(tools/peers/build.sh otelcol)" (.ci/run does)';
