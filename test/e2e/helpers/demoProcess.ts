/**
 * Runs `packages/demo-shop/dist/demo.js` as a child process for the end-to-end tests and keeps
 * track of every process it starts, so a test can prove none is left behind.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const DEMO = join(ROOT, 'packages/demo-shop/dist/demo.js');

/**
 * Polls `check` every 100 ms until it is true; throws `describe()` after `timeoutMs`. How the
 * tests wait for something, instead of sleeping a fixed time and hoping it happened.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A running `demo.js` process, as the test sees it. */
export interface Demo {
  readonly child: ChildProcess;
  readonly urls: { status: string; prometheus: string; shop: string; metrics: string };
  /** Every process the demo started (its children and theirs), seen while it ran. */
  readonly descendants: Set<number>;
  output(): string;
  exit: Promise<number | null>;
  kill(): void;
}

/** Children of `pid` from /proc (Linux), recursively. */
async function descendantsOf(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // Exited while we looked.
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when something accepts connections on `url`'s port. */
export async function portOpen(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = connect(Number(port), hostname);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Starts `demo.js` with `args`; resolves once it printed where to look (its URLs). The demo's temp
 * dir goes under `env.TMPDIR` when given, so a test can remove it even after a SIGKILL.
 */
export async function startDemo(args: string[], env: Record<string, string>): Promise<Demo> {
  const child = spawn(process.execPath, [DEMO, ...args], {
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  await waitFor(
    () => /Slack: /.test(out) || child.exitCode !== null,
    60_000,
    () => {
      child.kill('SIGKILL');
      return `demo did not start:\n${out}`;
    },
  );
  if (child.exitCode !== null) throw new Error(`demo exited early (${child.exitCode}):\n${out}`);
  const grab = (re: RegExp) => re.exec(out)?.[1] ?? assert.fail(`no ${re} in:\n${out}`);
  const descendants = new Set(await descendantsOf(child.pid!));
  const watcher = setInterval(async () => {
    if (child.exitCode !== null) return;
    for (const p of await descendantsOf(child.pid!)) descendants.add(p);
  }, 1000);
  void exit.then(() => clearInterval(watcher));
  return {
    child,
    urls: {
      status: grab(/Status page:\s+(\S+)/),
      prometheus: grab(/Prometheus:\s+(\S+)/),
      shop: grab(/Demo shop:\s+(\S+)/),
      metrics: grab(/metrics on (\S+)\)/),
    },
    descendants,
    output: () => out,
    exit,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      for (const p of descendants) if (alive(p)) process.kill(p, 'SIGKILL');
    },
  };
}

/** Every process the demo started has exited and none of its URLs answers. */
export async function assertNothingLeft(demo: Demo): Promise<void> {
  assert.ok(
    demo.descendants.size >= 3,
    `expected shop, Prometheus and alerting, saw ${[...demo.descendants]}`,
  );
  for (const pid of demo.descendants) assert.equal(alive(pid), false, `process ${pid} is still running`);
  for (const url of Object.values(demo.urls))
    assert.equal(await portOpen(url), false, `${url} still answers`);
}
