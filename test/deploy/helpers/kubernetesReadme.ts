/**
 * The README's "Run the stack" section carried out for Kubernetes: its secret lines run in a
 * work folder, then every kubectl line of its Kubernetes blocks (all blocks after the compose
 * one) on an in-memory {@link Cluster}.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster } from './kubectl.ts';
import { readmeCommands, withoutComment } from './readme.ts';
import { ROOT } from './run.ts';

/** The README section the deploy tests follow. */
export const HEADING = 'Run the stack with docker compose or Kubernetes';

/** Runs the README's secret lines in `work` (what a user does before `up` or kubectl). */
export async function makeSecrets(work: string): Promise<void> {
  const [compose] = await readmeCommands(HEADING);
  await mkdir(join(work, 'deploy/secrets'), { recursive: true });
  for (const cmd of compose!.map(withoutComment).filter((c) => /> deploy\/secrets\//.test(c)))
    await promisify(execFile)('sh', ['-c', cmd], { cwd: work });
}

/** Carries out every kubectl line of the section, in order; secret files come from `work`. */
export async function followReadme(work: string): Promise<Cluster> {
  const [, ...blocks] = await readmeCommands(HEADING);
  const kube = blocks.flat();
  assert.ok(kube.length > 0, 'the section has Kubernetes blocks');
  assert.ok(
    kube.every((c) => c.startsWith('kubectl ')),
    'the Kubernetes blocks hold kubectl lines only',
  );
  const cluster = new Cluster();
  const path = (p: string) => (p.startsWith('deploy/secrets/') ? join(work, p) : join(ROOT, p));
  for (const line of kube) await cluster.run(line, path);
  return cluster;
}
