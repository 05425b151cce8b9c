/**
 * `npm test`'s test step: the same files as `node --test "test/**\/*.test.ts"
 * "packages/*\/test/**\/*.test.ts"`, in one node:test run ending with one summary, but the files
 * that take minutes start first. `node --test` sorts its files by path, which put the demo e2e and
 * the fresh-clone install test (two thirds of the run between them) at the very end, with nothing
 * left to run beside them; started first, the rest of the suite runs in the other slot meanwhile.
 * Arguments, if any, are file patterns that replace the default ones (e.g. one package's tests).
 * GOLDEN_SIGNALS_TEST_TIMINGS=<file> writes each file's time (its top-level tests' durations
 * summed), slowest first, to that file: the spec output names tests, not files.
 */
import { globSync, writeFileSync } from 'node:fs';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const PATTERNS = ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'];
/** Path prefixes of the longest files, longest first (measured: demo e2e, then the install test). */
const LONGEST_FIRST = ['test/e2e/', 'test/install/', 'test/deploy/'];
const CONCURRENCY = 2;

function rank(file: string): number {
  const i = LONGEST_FIRST.findIndex((prefix) => file.startsWith(prefix));
  return i < 0 ? LONGEST_FIRST.length : i;
}

/** The test files matched by the patterns, the longest ones first, the rest in path order. */
export function testFiles(patterns: readonly string[]): string[] {
  const files = [...new Set(globSync([...patterns], { exclude: (f) => f === 'node_modules' }))].sort();
  return files.sort((a, b) => rank(a) - rank(b));
}

const files = testFiles(process.argv.length > 2 ? process.argv.slice(2) : PATTERNS);
if (files.length === 0) {
  process.stderr.write('no test files matched\n');
  process.exit(1);
}
const perFile = new Map<string, number>();
function time(data: { file?: string; nesting: number; details: { duration_ms: number } }): void {
  if (data.nesting === 0 && data.file)
    perFile.set(data.file, (perFile.get(data.file) ?? 0) + data.details.duration_ms);
}
const { env } = process;
const timings = env.GOLDEN_SIGNALS_TEST_TIMINGS;
if (timings)
  process.on('exit', () => {
    const rows = [...perFile].sort((a, b) => b[1] - a[1]);
    writeFileSync(timings, rows.map(([f, ms]) => `${(ms / 1000).toFixed(1)}\t${f}\n`).join(''));
  });
run({ files, concurrency: CONCURRENCY })
  .on('test:pass', time)
  .on('test:fail', (data) => {
    time(data);
    // As `node --test`: a failing todo test does not fail the run.
    if (data.todo === undefined || data.todo === false) process.exitCode = 1;
  })
  .compose(new spec())
  .pipe(process.stdout);
