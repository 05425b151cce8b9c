// Expressions to compare with Prometheus: the `input:` strings of Prometheus'
// own promql/parser/parse_test.go (read from the Go module cache at test time)
// and every `expr` of the third-party rule corpora.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corporaDir, prometheusModuleDir } from './oracle.ts';

/** Reads a Go string literal ("..." or `...`) as Go would. */
function goString(lit: string): string {
  if (lit.startsWith('`')) return lit.slice(1, -1);
  return lit
    .slice(1, -1)
    .replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_m, e: string) => {
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        a: '\x07',
        b: '\b',
        f: '\f',
        v: '\v',
      };
      if (e.length === 1) return simple[e] ?? e;
      if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(Number.parseInt(e, 8));
      return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
    });
}

/** The `input:` literals of parse_test.go that are a single Go string literal. */
export function parseTestInputs(): string[] {
  const file = join(prometheusModuleDir(), 'promql/parser/parse_test.go');
  const src = readFileSync(file, 'utf8');
  const out = new Set<string>();
  for (const m of src.matchAll(/\binput:\s*("(?:[^"\\\n]|\\.)*"|`[^`]*`)\s*,/g))
    out.add(goString(m[1] as string));
  return [...out];
}

/** Every rule file under the corpora, recursively. */
export function corpusFiles(dir = corporaDir()): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...corpusFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Every `expr` of every rule in a rule file (all YAML documents), with its file. */
export function ruleExprs(file: string, parseAllDocuments: (s: string) => { toJS(): unknown }[]): string[] {
  const out: string[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const js = doc.toJS() as { groups?: { rules?: { expr?: unknown }[] }[] } | null;
    for (const g of js?.groups ?? [])
      for (const r of g?.rules ?? []) if (typeof r?.expr === 'string') out.push(r.expr);
  }
  return out;
}
