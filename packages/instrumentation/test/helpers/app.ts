import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killChild } from '../../../../test/kit/children.ts';
import { freePort } from '../../../../test/kit/ports.ts';

/** The built preload, as users load it. */
export const REGISTER = join(dirname(fileURLToPath(import.meta.url)), '../../dist/register.cjs');
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');

export { freePort };

/** A fixture app running under the preload. */
export interface RunningApp {
  readonly child: ChildProcess;
  /** Base URL of the app itself (it prints `listening <port>`). */
  readonly url: string;
  /** The /metrics URL of the preload. */
  readonly metricsUrl: string;
  /** Everything the app wrote to stderr so far (the preload logs there). */
  stderr(): string;
  /** Everything the app wrote to stdout so far. */
  stdout(): string;
  scrape(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Spawns `node <flag> <preload> <fixture>` on free ports and waits until both the app and the
 * metrics endpoint answer. `flag` is `--require` or `--import`.
 */
export async function startApp(
  fixture: string,
  options: {
    flag?: '--require' | '--import';
    env?: Record<string, string>;
    args?: string[];
    /** Do not wait for the metrics endpoint (it is not ours, or not up yet). */
    noScrape?: boolean;
  } = {},
): Promise<RunningApp> {
  const metricsPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    OTEL_SERVICE_NAME: 'fixture',
    NODE_OPTIONS: '',
    ...options.env,
  };
  const child = spawn(
    process.execPath,
    [options.flag ?? '--require', REGISTER, join(FIXTURES, fixture), ...(options.args ?? [])],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const deadline = Date.now() + 15_000;
  let port: string | undefined;
  while (!port) {
    if (child.exitCode !== null) throw new Error(`fixture ${fixture} exited ${child.exitCode}: ${err}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`fixture ${fixture} did not start: ${out} ${err}`);
    }
    port = /listening (\d+)/.exec(out)?.[1];
    if (!port) await new Promise((r) => setTimeout(r, 20));
  }
  const metricsUrl = `http://127.0.0.1:${env.OTEL_EXPORTER_PROMETHEUS_PORT}/metrics`;
  const exporters = env.OTEL_METRICS_EXPORTER ?? 'prometheus';
  if (exporters.includes('prometheus') && !options.noScrape) {
    // The app may print its port before the preload's server listens: wait for both.
    while (
      !(await fetch(metricsUrl).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`metrics of ${fixture} never answered: ${err}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const app: RunningApp = {
    child,
    url: `http://127.0.0.1:${port}`,
    metricsUrl,
    stderr: () => err,
    stdout: () => out,
    scrape: async () => {
      const res = await fetch(metricsUrl);
      if (!res.ok) throw new Error(`scrape answered ${res.status}`);
      return res.text();
    },
    stop: () => killChild(child, 3000),
  };
  return app;
}

/** One parsed sample of the exposition text. */
export interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Parses Prometheus text exposition into samples (enough for assertions, not a full parser). */
export function parseExposition(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]!] = l[2]!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** Samples of `name` whose labels include every pair in `match`. */
export function find(samples: readonly Sample[], name: string, match: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** Sum of the values of the matching samples. */
export function total(samples: readonly Sample[], name: string, match: Record<string, string> = {}): number {
  return find(samples, name, match).reduce((a, s) => a + s.value, 0);
}

/** Polls `check` every 20 ms until it holds; fails with `what` after `ms`. */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
