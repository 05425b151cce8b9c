/**
 * The small Go programs under tools/ that the tests ask for a reference answer (the oracles:
 * Prometheus' PromQL parser and template engine, Alertmanager's matchers and router), built once
 * per version of their sources. A binary is named after its folder and a hash of its files and
 * kept in `$GOLDEN_SIGNALS_CACHE/tools` (default ~/.cache/golden-signals/tools), outside the
 * checkout, so neither `npm ci` nor a fresh clone rebuilds it. Test files run in parallel
 * processes: each builds to its own temporary name and renames it into place, so none runs a
 * half-written binary.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

const TOOLS_DIR = resolve(import.meta.dirname, '../../tools');

/** Path of tools/`name` built, building it first when the cache has none for its sources. */
export function goToolBinary(name: string): string {
  const src = join(TOOLS_DIR, name);
  const hash = createHash('sha256');
  for (const f of readdirSync(src)
    .filter((f) => /^go\.(mod|sum)$|\.go$/.test(f))
    .sort())
    hash.update(f).update(readFileSync(join(src, f)));
  const dir = join(process.env.GOLDEN_SIGNALS_CACHE ?? join(homedir(), '.cache', 'golden-signals'), 'tools');
  const bin = join(dir, `${name}-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  execFileSync('go', ['build', '-o', tmp, '.'], { cwd: src, stdio: ['ignore', 'inherit', 'inherit'] });
  renameSync(tmp, bin);
  return bin;
}
