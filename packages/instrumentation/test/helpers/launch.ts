import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { parseExposition, type Sample } from './app.ts';

const run = promisify(execFile);

/** A launcher started in its own process group, so that every process it starts goes with it. */
export interface Launched {
  readonly child: ChildProcess;
  out(): string;
  err(): string;
  /** Waits until stdout matches; returns the match. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

/** PATH with the Node that runs the tests first, as the repo's npm scripts have it. */
export function nodePath(): string {
  return `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
}

export function launch(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Launched {
  const child = spawn(cmd, args, {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', PATH: nodePath(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return {
    child,
    out: () => out,
    err: () => err,
    async waitFor(re, ms = 30_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`${cmd} ${args.join(' ')}: no ${re} (exit ${child.exitCode}):\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
      await exited;
    },
  };
}

/** `n` GETs, each on a new connection (so a cluster spreads them over its workers). */
export async function drive(ports: readonly number[], n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const port = ports[i % ports.length]!;
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
  }
}

/** One scrape, parsed; undefined when the port does not answer (e.g. while it changes hands). */
export async function scrapeSamples(url: string): Promise<{ text: string; samples: Sample[] } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) return undefined;
    const text = await res.text();
    return { text, samples: parseExposition(text) };
  } catch {
    return undefined;
  }
}

/** Requests counted by the HTTP server histogram, all series together. */
export function requestCount(samples: readonly Sample[]): number {
  return samples
    .filter((s) => s.name === 'http_server_request_duration_seconds_count')
    .reduce((a, s) => a + s.value, 0);
}

/** Every counter-like sample (`_total`, `_count`, `_bucket`, `_sum`) that went down from one scrape to the next. */
export function decreases(scrapes: ReadonlyArray<readonly Sample[]>): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  for (const [i, samples] of scrapes.entries()) {
    for (const s of samples) {
      if (!/(_total|_count|_bucket|_sum)$/.test(s.name)) continue;
      const key = `${s.name}${JSON.stringify(s.labels)}`;
      const before = seen.get(key);
      if (before !== undefined && s.value < before) out.push(`scrape ${i}: ${key} ${before} -> ${s.value}`);
      seen.set(key, s.value);
    }
  }
  return out;
}

/** What `promtool check metrics` says about a scrape ('' when clean). */
export async function promtool(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gs-promtool-'));
  try {
    const file = join(dir, 'metrics.txt');
    await writeFile(file, text);
    const { stdout, stderr } = await run('sh', ['-c', `promtool check metrics < ${file}`]).catch(
      (e: { stdout: string; stderr: string }) => e,
    );
    return `${stdout}${stderr}`.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
