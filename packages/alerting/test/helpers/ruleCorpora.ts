/**
 * The third-party rule files (read in place, never copied) and the promtool binaries that judge
 * them: Debian's 2.42 and, when present, a 3.x build (`PROMTOOL3_BIN` or one under tools/peers).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export { corporaDir, yamlFiles } from '../../../../test/kit/ruleCorpora.ts';

const REPO = resolve(import.meta.dirname, '../../../..');

/** Debian's promtool (2.42), if installed. */
export function promtool242(): string | undefined {
  return spawnSync('promtool', ['--version']).status === 0 ? 'promtool' : undefined;
}

/** A promtool 3.x: `$PROMTOOL3_BIN`, or a build under tools/peers; else why there is none. */
export function promtool3(): { bin: string } | { skip: string } {
  const env = process.env.PROMTOOL3_BIN;
  if (env) return existsSync(env) ? { bin: env } : { skip: `PROMTOOL3_BIN=${env} does not exist` };
  const peers = join(REPO, 'tools/peers');
  if (existsSync(peers)) {
    const found = findFile(peers, 'promtool', 4);
    if (found) return { bin: found };
  }
  return { skip: 'no promtool 3.x: set PROMTOOL3_BIN or build one under tools/peers' };
}

function findFile(dir: string, name: string, depth: number): string | undefined {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = statSync(p);
    if (st.isFile() && e === name && st.mode & 0o111) return p;
    if (st.isDirectory() && depth > 0) {
      const f = findFile(p, name, depth - 1);
      if (f) return f;
    }
  }
  return undefined;
}

/** Whether `promtool check rules file` accepts the file, with what it printed. */
export function promtoolVerdict(bin: string, file: string): { ok: boolean; output: string } {
  const r = spawnSync(bin, ['check', 'rules', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.slice(0, 2000) };
}
