// Debian's promtool 2.42 as a second reference: one rule file with one group
// per expression, checked in one run; the groups it names are the rejected ones.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether `promtool` is on the PATH. */
export function hasPromtool(): boolean {
  return spawnSync('promtool', ['--version']).status === 0;
}

/** promtool 2.42's verdict (true = accepted) for each expression. */
export function promtoolVerdicts(exprs: readonly string[]): boolean[] {
  const dir = mkdtempSync(join(tmpdir(), 'promql-promtool-'));
  try {
    const file = join(dir, 'rules.yml');
    const groups = exprs.map(
      (e, i) => `- name: g${i}\n  rules:\n  - record: r\n    expr: ${JSON.stringify(e)}\n`,
    );
    writeFileSync(file, `groups:\n${groups.join('')}`);
    const res = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const rejected = new Set<number>();
    for (const m of `${res.stdout}\n${res.stderr}`.matchAll(/group "g(\d+)", rule \d+/g))
      rejected.add(Number(m[1]));
    if (res.status !== 0 && rejected.size === 0) throw new Error(`promtool failed: ${res.stderr}`);
    return exprs.map((_, i) => !rejected.has(i));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
