/**
 * Starts a real Prometheus (Debian's by default; `PROMETHEUS_BIN` names another build) for a test: a free port on
 * 127.0.0.1, a temp dir for the TSDB and the generated prometheus.yml, short scrape and evaluation
 * intervals, optional rule files. Shared by the alerting tests and anyone else who needs one.
 *
 * ```ts
 * const prom = await startPrometheus({ targets: ['127.0.0.1:1234'] });
 * t.after(() => prom.stop());
 * ```
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { binary } from '../../../../test/kit/binaries.ts';
import { killChild } from '../../../../test/kit/children.ts';
import { freePort } from '../../../../test/kit/ports.ts';

/** Options for {@link startPrometheus}. */
export interface StartPrometheusOptions {
  /** `host:port` targets scraped under job `test` (default: none). */
  targets?: string[];
  /** Scrape and rule evaluation interval (default `1s`, the shortest Prometheus accepts well). */
  interval?: string;
  /** Rule file contents keyed by file name; written into the temp dir and listed in rule_files. */
  rules?: Record<string, string>;
  /** `--query.lookback-delta` (default Prometheus' 5m); shorten it to make stale series vanish fast. */
  lookbackDelta?: string;
  /** Extra raw YAML appended to the generated prometheus.yml (e.g. more scrape_configs entries). */
  extraConfig?: string;
  /** Path of the binary (default: `PROMETHEUS_BIN`, else `prometheus` on PATH, else Debian's). */
  binary?: string;
  /** Use this port instead of a free one (e.g. to restart on the same address). */
  port?: number;
  /** Reuse this data dir (it is then not removed on stop). */
  dataDir?: string;
}

/** A running Prometheus. */
export interface RunningPrometheus {
  /** Base URL, e.g. `http://127.0.0.1:39127`. */
  readonly url: string;
  readonly port: number;
  /** Temp dir holding prometheus.yml, rules and data. */
  readonly dir: string;
  /** Runs an instant query and returns the vector result (throws on an API error). */
  query(promql: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  /** Waits until `promql` returns at least one sample that satisfies `accept` (default: any). */
  waitFor(promql: string, accept?: (v: number) => boolean, timeoutMs?: number): Promise<number>;
  /** Stops the process (SIGTERM, then SIGKILL) and removes the temp dir. Safe to call twice. */
  stop(): Promise<void>;
  /** Stops the process only; the temp dir stays (for a later restart on the same data). */
  kill(): Promise<void>;
}

function configYaml(opts: StartPrometheusOptions, ruleFiles: string[]): string {
  const interval = opts.interval ?? '1s';
  const lines = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    `  scrape_timeout: ${interval}`,
  ];
  if (ruleFiles.length) lines.push('rule_files:', ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`));
  lines.push('scrape_configs:');
  lines.push('  - job_name: test', '    static_configs:');
  lines.push(`      - targets: ${JSON.stringify(opts.targets ?? [])}`);
  if (opts.extraConfig) lines.push(opts.extraConfig);
  return `${lines.join('\n')}\n`;
}

/** Starts Prometheus and resolves once `/-/ready` answers 200. Retries on a port race. */
export async function startPrometheus(opts: StartPrometheusOptions = {}): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'gs-prom-'));
  const ruleFiles: string[] = [];
  for (const [name, text] of Object.entries(opts.rules ?? {})) {
    const path = join(dir, basename(name));
    await writeFile(path, text);
    ruleFiles.push(path);
  }
  const configFile = join(dir, 'prometheus.yml');
  await writeFile(configFile, configYaml(opts, ruleFiles));
  const dataDir = opts.dataDir ?? join(dir, 'data');
  let lastErr: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = opts.port ?? (await freePort());
    const child = spawn(
      opts.binary ?? binary('prometheus'),
      [
        `--config.file=${configFile}`,
        `--storage.tsdb.path=${dataDir}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-lifecycle',
        ...(opts.lookbackDelta ? [`--query.lookback-delta=${opts.lookbackDelta}`] : []),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitReady(url, child, () => stderr);
      return running(url, port, dir, child, opts.dataDir === undefined);
    } catch (err) {
      lastErr = err;
      await killChild(child);
      if (opts.port !== undefined) break;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastErr;
}

async function waitReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`prometheus exited (${child.exitCode ?? child.signalCode}): ${stderr()}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus at ${url} not ready after 20s: ${stderr()}`);
}

function running(
  url: string,
  port: number,
  dir: string,
  child: ChildProcess,
  ownsData: boolean,
): RunningPrometheus {
  let stopped = false;
  const query: RunningPrometheus['query'] = async (promql) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as { status: string; error?: string; data?: { result: unknown } };
    if (body.status !== 'success') throw new Error(`query failed: ${body.error}`);
    return body.data?.result as Array<{ metric: Record<string, string>; value: [number, string] }>;
  };
  return {
    url,
    port,
    dir,
    query,
    async waitFor(promql, accept = () => true, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < deadline) {
        const result = await query(promql).catch(() => []);
        for (const s of result) {
          const v = Number(s.value[1]);
          last = v;
          if (accept(v)) return v;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`timed out waiting for ${promql} (last value ${String(last)})`);
    },
    async kill() {
      await killChild(child);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await killChild(child);
      await rm(dir, { recursive: true, force: true });
      if (!ownsData) return;
    },
  };
}
