/**
 * The service as users run it: `golden-signals-alerting run --config FILE`, a real process, for
 * the tests that need the whole thing (its HTTP API, its logs, its exit code on a bad file).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../src/cli.ts');

/** How a `run` started: its URL once it logged `listening`, or the exit code it stopped with first. */
export interface RunOutcome {
  readonly url?: string;
  readonly code?: number | null;
  readonly child: ChildProcess;
  /** Everything it wrote to stderr (its JSON log lines) so far. */
  logs(): string;
}

/** What to start it with. */
export interface RunOptions {
  readonly cwd?: string;
  /** The whole environment of the process (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** How long it may take to either listen or exit before the start fails. */
  readonly timeoutMs: number;
}

/** Starts `run` on `config`; resolves when it listens or exits, rejects (killing it) when it does neither in time. */
export function startRun(config: string, opts: RunOptions): Promise<RunOutcome> {
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let logs = '';
  return new Promise((resolve, reject) => {
    // A hung start is killed, so a failed test leaves no process behind.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`run neither listened nor exited:\n${logs.slice(-3000)}`));
    }, opts.timeoutMs);
    child.stderr?.on('data', (d: Buffer) => {
      logs += d.toString();
      const m = /"msg":"listening","url":"([^"]+)"/.exec(logs);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1] as string, child, logs: () => logs });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, child, logs: () => logs });
    });
  });
}

/** {@link startRun} for a start that must succeed: its URL, or an error with the exit code and the log. */
export async function startListening(
  config: string,
  opts: RunOptions,
): Promise<{ url: string; child: ChildProcess; logs: () => string }> {
  const r = await startRun(config, opts);
  if (r.url === undefined) throw new Error(`run exited ${r.code}:\n${r.logs()}`);
  return { url: r.url, child: r.child, logs: r.logs };
}
