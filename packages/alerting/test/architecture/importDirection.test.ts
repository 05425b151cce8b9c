import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LAYERS } from './layers.ts';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const ENTRY_FILES = new Set(['index.ts', 'cli.ts']);

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (entry.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** The layer of a source file: its top folder under src/, or `alert`/`types`/`index` for root files. */
export function layerOf(path: string): string {
  const rel = relative(SRC, path);
  const [top] = rel.split('/');
  if (top === undefined) throw new Error(`not under src: ${path}`);
  if (!rel.includes('/')) return ENTRY_FILES.has(top) ? 'index' : top.replace(/\.ts$/, '');
  return top;
}

/** Every relative import, re-export and dynamic import of a file, resolved to a path. */
export function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const specs = [...text.matchAll(/(?:^|\s)(?:import|export)\b[^;]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(
    (m) => m[1],
  );
  const dynamic = [...text.matchAll(/\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)].map((m) => m[1]);
  return [...specs, ...dynamic].map((s) => resolve(dirname(path), s as string));
}

/** Every `[file, imported file]` pair of the given sources. */
function edges(files: readonly string[]): Array<readonly [string, string]> {
  return files.flatMap((file) => importsOf(file).map((target) => [file, target] as const));
}

/** Imports that break the table: `from -> to: file imports target`. */
export function backEdges(pairs: ReadonlyArray<readonly [string, string]>): string[] {
  const bad: string[] = [];
  for (const [file, target] of pairs) {
    const from = layerOf(file);
    const allowed = LAYERS[from];
    assert.ok(
      allowed,
      `${relative(SRC, file)}: layer ${from} is not in the table (test/architecture/layers.ts)`,
    );
    assert.ok(target.startsWith(SRC), `${relative(SRC, file)} imports outside src: ${target}`);
    const to = layerOf(target);
    if (to === from || allowed.includes('*') || allowed.includes(to)) continue;
    bad.push(`${from} -> ${to}: ${relative(SRC, file)} imports ${relative(SRC, target)}`);
  }
  return bad;
}

test('alerting imports run one way: every import follows the layer table', () => {
  const files = sources(SRC);
  assert.ok(files.length > 50, 'the sources were found');
  assert.deepEqual(backEdges(edges(files)), []);
});

test('the layer table itself has no cycle, and nothing but the entry points and cli imports web', () => {
  const seen = new Set<string>();
  const visit = (layer: string, path: string[]): void => {
    assert.ok(!path.includes(layer), `cycle: ${[...path, layer].join(' -> ')}`);
    if (seen.has(layer)) return;
    for (const next of LAYERS[layer] ?? []) if (next !== '*') visit(next, [...path, layer]);
    seen.add(layer);
  };
  for (const layer of Object.keys(LAYERS)) visit(layer, []);
  const intoWeb = Object.entries(LAYERS)
    .filter(([, to]) => to.includes('web'))
    .map(([from]) => from);
  assert.deepEqual(intoWeb, ['cli']);
});

test('a back-edge is caught: notify importing web, engine importing notify, store importing engine', () => {
  const at = (p: string) => join(SRC, p);
  const pairs = [
    [at('notify/notifier.ts'), at('web/silencesApi.ts')],
    [at('engine/engine.ts'), at('shared/redact.ts')],
    [at('engine/engine.ts'), at('notify/matcher.ts')],
    [at('store/stateStore.ts'), at('engine/engine.ts')],
    [at('index.ts'), at('web/apiServer.ts')],
  ] as const;
  assert.deepEqual(backEdges(pairs), [
    'notify -> web: notify/notifier.ts imports web/silencesApi.ts',
    'engine -> notify: engine/engine.ts imports notify/matcher.ts',
    'store -> engine: store/stateStore.ts imports engine/engine.ts',
  ]);
});
