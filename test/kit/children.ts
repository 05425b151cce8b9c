/** Stopping child processes in tests (the shared test kit). */
import type { ChildProcess } from 'node:child_process';

/** Stops a child with SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
export async function killChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
