import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** One child the demo started, with the tail of its output for error reports. */
export interface DemoChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last ~8 KiB of stdout and stderr together. */
  output(): string;
  /** Resolves with the first match of `pattern` in stdout, or rejects if the child exits first. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

/**
 * The processes of one demo run. Every child is started through {@link ChildGroup.spawn} and
 * {@link ChildGroup.stop} ends them all (SIGTERM, then SIGKILL after a grace period), in reverse
 * start order so the alerting service sees its Prometheus until the end.
 */
export class ChildGroup {
  readonly #children: DemoChild[] = [];
  readonly #echo: ((name: string, line: string) => void) | undefined;

  /** `echo`, when given, receives every output line (the demo's --verbose). */
  constructor(echo?: (name: string, line: string) => void) {
    this.#echo = echo;
  }

  spawn(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): DemoChild {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    let stdout = '';
    const keep = (d: Buffer, isStdout: boolean) => {
      const text = d.toString();
      tail = (tail + text).slice(-8192);
      if (isStdout) stdout = (stdout + text).slice(-65536);
      if (this.#echo) for (const line of text.split('\n')) if (line.trim()) this.#echo(name, line);
    };
    child.stdout!.on('data', (d: Buffer) => keep(d, true));
    child.stderr!.on('data', (d: Buffer) => keep(d, false));
    child.on('error', (err) => {
      tail += `\n(could not start ${command}: ${err.message})`;
    });
    const entry: DemoChild = {
      name,
      process: child,
      output: () => tail,
      waitForOutput: async (pattern, timeoutMs) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const m = pattern.exec(stdout);
          if (m) return m;
          if (child.exitCode !== null || child.signalCode !== null)
            throw new Error(
              `${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail}`,
            );
          if (Date.now() > deadline) throw new Error(`${name} was not ready after ${timeoutMs} ms:\n${tail}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
    };
    this.#children.push(entry);
    return entry;
  }

  /** Pids of children still running. */
  pids(): number[] {
    return this.#children
      .filter((c) => c.process.exitCode === null && c.process.signalCode === null && c.process.pid)
      .map((c) => c.process.pid!);
  }

  /** Children that exited on their own (a crash while the demo runs). */
  exited(): DemoChild[] {
    return this.#children.filter((c) => c.process.exitCode !== null || c.process.signalCode !== null);
  }

  /** Stops every child; resolves when all have exited. */
  async stop(graceMs = 5000): Promise<void> {
    for (const c of [...this.#children].reverse()) await stopOne(c.process, graceMs);
  }
}

async function stopOne(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
