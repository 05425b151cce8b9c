import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs script without type declarations
import * as lineCounts from '../scripts/lineCounts.mjs';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
type Long = { path: string; name?: string; lines: number };
const lc = lineCounts as {
  count(root?: string): { longFiles: Long[]; longFns: Long[] };
  violations(r?: unknown): Long[];
  staleExemptions(r?: unknown): string[];
  EXEMPTIONS: Record<string, string>;
  MAX_FILE_LINES: number;
  MAX_FUNCTION_LINES: number;
};

test('no enforced source file is over ~300 lines and no function over ~60, save at most five listed exemptions', () => {
  const result = lc.count(ROOT);
  assert.deepEqual(
    lc.violations(result).map((v) => `${v.path}${v.name ? `#${v.name}` : ''}: ${v.lines} lines`),
    [],
  );
  assert.ok(Object.keys(lc.EXEMPTIONS).length <= 5, 'at most five exemptions');
  assert.deepEqual(lc.staleExemptions(result), [], 'every exemption still covers something long');
});

test('a function over 60 lines and a file over 300 lines in alerting are violations (the check can fail)', async () => {
  const root = await mkdtemp(join(tmpdir(), 'gs-lines-'));
  try {
    const dir = join(root, 'packages/alerting/src');
    await mkdir(dir, { recursive: true });
    const body = Array.from({ length: 70 }, (_, i) => `  const x${i} = ${i};`).join('\n');
    await writeFile(join(dir, 'long.ts'), `export function tooLong(): void {\n${body}\n}\n`);
    await writeFile(
      join(dir, 'big.ts'),
      Array.from({ length: 320 }, (_, i) => `export const v${i} = ${i};`).join('\n'),
    );
    await writeFile(join(dir, 'short.ts'), 'export const ok = (): number => 1;\n');
    const found = lc.violations(lc.count(root)).map((v) => `${v.path}${v.name ? `#${v.name}` : ''}`);
    assert.deepEqual(found.sort(), ['packages/alerting/src/big.ts', 'packages/alerting/src/long.ts#tooLong']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('the script runs from the command line and exits 0', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/lineCounts.mjs')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /0 violations/);
});
