/**
 * The third-party rule files of ../shared/rule-corpora (see its README: read in place, never
 * copied into the repository), for every package's tests.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '../..');

/**
 * `$GOLDEN_SIGNALS_RULE_CORPORA`, else `shared/rule-corpora` beside the checkout (where CI puts
 * it), else the workspace's own copy; undefined when none exists.
 */
export function corporaDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.GOLDEN_SIGNALS_RULE_CORPORA,
    resolve(REPO, '../shared/rule-corpora'),
    '/work/shared/rule-corpora',
  ];
  return candidates.find((c): c is string => c !== undefined && existsSync(c));
}

/** Every .yml/.yaml file under `dir`, sorted. */
export function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e)) out.push(p);
  }
  return out;
}
