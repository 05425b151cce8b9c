import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { flushStages, type PipelineDeps } from '../../src/notify/pipeline.ts';
import { LAYERS } from './layers.ts';

const PKG = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(PKG, 'src');
const readme = readFileSync(join(PKG, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('## Architecture'),
  readme.indexOf('\n## ', readme.indexOf('## Architecture') + 5),
);
const diagram = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    out.push(p);
    if (statSync(p).isDirectory()) walk(p, out);
  }
  return out;
}
const paths = walk(SRC).map((p) => relative(SRC, p));
const code = paths
  .filter((p) => p.endsWith('.ts'))
  .map((p) => readFileSync(join(SRC, p), 'utf8'))
  .join('\n');

test('the README opens with the architecture diagram, right after the introduction', () => {
  assert.ok(diagram.length > 200, 'a diagram in a code block');
  assert.equal(readme.indexOf('## '), readme.indexOf('## Architecture'), 'the first section');
});

test('every file and folder the diagram names exists under src/', () => {
  const files = [...new Set(diagram.match(/[\w/]+\.ts\b/g) ?? [])];
  const folders = [
    ...new Set((diagram.match(/(?<![\w.])[a-z]+\/(?![\w])/g) ?? []).map((f) => f.slice(0, -1))),
  ];
  assert.ok(files.length > 15 && folders.length > 10);
  for (const f of files)
    assert.ok(
      paths.some((p) => p === f || p.endsWith(`/${f}`)),
      `no file ${f}`,
    );
  for (const d of folders)
    assert.ok(
      paths.some((p) => p === d || p.endsWith(`/${d}`)),
      `no folder ${d}`,
    );
});

test('every interface, type, function and constant the diagram names is declared in src/', () => {
  // File names are checked above and stage names below; the rest must be declared.
  const stages = new Set(['timeInterval']);
  const text = diagram.replace(/[\w/]+\.ts\b/g, '');
  const names = [...new Set(text.match(/\b(?:[A-Z][A-Za-z]+|[a-z]+[A-Z][A-Za-z]*)\b/g) ?? [])].filter(
    (n) => !stages.has(n),
  );
  assert.ok(names.length > 25);
  const missing = names.filter((n) => {
    const declared = new RegExp(`export\\s+(?:async\\s+)?(?:function|class|interface|type|const)\\s+${n}\\b`);
    const member = new RegExp(`^\\s+(?:async\\s+)?${n}\\(`, 'm');
    return !declared.test(code) && !member.test(code);
  });
  assert.deepEqual(missing, []);
});

test('the diagram shows every layer of the import table, and the pipeline stages in their order', () => {
  for (const layer of Object.keys(LAYERS)) {
    if (layer === 'index') continue;
    assert.match(diagram, new RegExp(`\\b${layer}(/|\\.ts)`), `layer ${layer} is in the diagram`);
  }
  const names = flushStages({} as PipelineDeps).map((s) => s.name);
  assert.deepEqual(names, ['timeInterval', 'mute', 'fanout(dedup, notify)', 'settle']);
  assert.match(diagram, /timeInterval -> mute [\s\S]*-> fanout\(dedup -> notify\) -> settle/);
});
