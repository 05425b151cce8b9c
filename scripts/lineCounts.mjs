#!/usr/bin/env node
/**
 * Counts lines of the project's TypeScript sources: files over MAX_FILE_LINES and functions over
 * MAX_FUNCTION_LINES, minus the listed EXEMPTIONS. Run `node scripts/lineCounts.mjs` (exit 1 on a
 * violation, `--all` to list every long function with exemptions too); the test in
 * test/lineCounts.test.ts runs it as part of npm test.
 *
 * Functions are found with TypeScript's own parser (function declarations, methods, arrow and
 * function expressions, accessors), so a counted "function" is exactly what the compiler sees.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ts = require('typescript');

/** Longest a source file may be. */
export const MAX_FILE_LINES = 300;
/** Longest a function may be. */
export const MAX_FUNCTION_LINES = 60;
/** Where sources are counted (tests, benchmarks and generated assets are not). */
const ROOTS = ['packages'];
/**
 * Where the limits are enforced: every package but two whose long parts are declarations, not
 * logic: the dashboards (each dashboard one literal panel list) and conventions (the table of
 * host metric names). Those are counted and reported (`--all` lists them).
 */
export const ENFORCED = [
  'packages/alerting/',
  'packages/alert-routing/',
  'packages/business-metrics/',
  'packages/config-issues/',
  'packages/demo-shop/',
  'packages/go-template/',
  'packages/host-metrics/',
  'packages/instrumentation/',
  'packages/promql/',
];
const SKIP_DIRS = new Set(['node_modules', 'dist', 'test', 'fixtures', '.turbo']);

/**
 * Known violations, each owned by someone splitting it (at most five). Keyed `path#function` or
 * `path` for a whole file; the reason says why it is still long.
 */
export const EXEMPTIONS = {
  'packages/promql/src/lexer.ts':
    "PromQL's lexer: one state machine over Prometheus' token set; split, its states would call across files",
  'packages/go-template/src/fmt.ts': "Go's fmt verbs and flags in one table-driven file (305 lines)",
  'packages/host-metrics/src/observeSnapshot.ts#observeHost':
    'one observable registration per host metric, 62 lines: a list, not steps',
  'packages/host-metrics/src/startHostMetrics.ts#startHostMetrics':
    'option defaults and the start of each collector, 62 lines',
};

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');

function sources(dir, out = []) {
  for (const entry of readdirSync(dir)) {
    if (SKIP_DIRS.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.(ts|mts|cts)$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (node.name && ts.isPrivateIdentifier?.(node.name)) return node.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && parent.name && 'text' in parent.name)
    return parent.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return '<anonymous>';
}

function isFunction(node) {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** Long functions of one file: `{ name, line, lines }`. */
function longFunctions(path, text) {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    if (isFunction(node) && node.body) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line;
      const end = file.getLineAndCharacterOfPosition(node.end).line;
      const lines = end - start + 1;
      if (lines > MAX_FUNCTION_LINES) found.push({ name: functionName(node), line: start + 1, lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Every file and function over the limits, with whether it is enforced and an exemption covers it. */
export function count(root = ROOT) {
  const files = ROOTS.flatMap((r) => sources(join(root, r)));
  const longFiles = [];
  const longFns = [];
  for (const path of files) {
    const rel = relative(root, path);
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    const enforced = ENFORCED.some((p) => rel.startsWith(p));
    if (lines > MAX_FILE_LINES) longFiles.push({ path: rel, lines, enforced, exempt: rel in EXEMPTIONS });
    for (const f of longFunctions(path, text)) {
      const key = `${rel}#${f.name}`;
      longFns.push({ path: rel, ...f, enforced, exempt: key in EXEMPTIONS || rel in EXEMPTIONS });
    }
  }
  return { files: files.length, longFiles, longFns };
}

/** The violations: over a limit, enforced, not exempt. */
export function violations(result = count()) {
  return [...result.longFiles, ...result.longFns].filter((x) => x.enforced && !x.exempt);
}

/** Exemptions that no longer match anything over a limit (to be removed from the list). */
export function staleExemptions(result = count()) {
  const used = new Set([
    ...result.longFiles.filter((f) => f.exempt).map((f) => f.path),
    ...result.longFns.filter((f) => f.exempt).map((f) => `${f.path}#${f.name}`),
  ]);
  return Object.keys(EXEMPTIONS).filter((k) => !used.has(k));
}

function main() {
  const all = process.argv.includes('--all');
  const result = count();
  const { files, longFiles, longFns } = result;
  const show = (x) => all || (x.enforced && !x.exempt);
  const note = (x) => (x.exempt ? ' (exempt)' : x.enforced ? '' : ' (not enforced)');
  for (const f of longFiles.filter(show)) console.log(`file ${f.path}: ${f.lines} lines${note(f)}`);
  for (const f of longFns.filter(show))
    console.log(`function ${f.path}:${f.line} ${f.name}: ${f.lines} lines${note(f)}`);
  const bad = violations(result).length;
  const exemptions = Object.keys(EXEMPTIONS).length;
  const enforced = (xs) => xs.filter((x) => x.enforced).length;
  console.log(
    `${files} files; over ${MAX_FILE_LINES} lines: ${longFiles.length} files (${enforced(longFiles)} enforced); ` +
      `over ${MAX_FUNCTION_LINES} lines: ${longFns.length} functions (${enforced(longFns)} enforced); ` +
      `${exemptions} exemptions; ${bad} violations`,
  );
  process.exitCode = bad > 0 || exemptions > 5 || staleExemptions(result).length ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
