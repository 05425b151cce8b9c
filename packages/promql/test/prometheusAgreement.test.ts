// Our verdict must be Prometheus 3.16's on: every rule `expr` of the third-party
// corpora, the inputs of Prometheus' own parse_test.go, our hostile table, and
// very long operator chains.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { HOSTILE_CASES } from './fixtures/hostileCases.ts';
import { corpusFiles, parseTestInputs, ruleExprs } from './helpers/cases.ts';
import { compareWithPrometheus, summary } from './helpers/compare.ts';
import { mutants } from './helpers/mutate.ts';

function assertAgrees(t: { diagnostic(s: string): void }, exprs: readonly string[], min: number): void {
  assert.ok(exprs.length >= min, `expected at least ${min} expressions, found ${exprs.length}`);
  const a = compareWithPrometheus(exprs);
  t.diagnostic(summary(a));
  assert.deepEqual(a.disagreements, []);
}

test('every rule expr of the rule corpora gets Prometheus 3.16 verdict', (t) => {
  const exprs = corpusFiles().flatMap((f) => ruleExprs(f, parseAllDocuments));
  assertAgrees(t, exprs, 1000);
});

test("Prometheus' own parse_test.go inputs get its verdict", (t) => {
  assertAgrees(t, parseTestInputs(), 400);
});

test('our table of valid and hostile expressions gets Prometheus 3.16 verdict', (t) => {
  assertAgrees(t, HOSTILE_CASES, 300);
});

test('long operator chains parse at any length, as in Prometheus', (t) => {
  const chain = (op: string, n: number) =>
    Array.from({ length: n }, (_, i) => `m${i}{job="a"}`).join(` ${op} `);
  const exprs = [
    chain('or', 269),
    chain('+', 552),
    chain('or', 10_000),
    chain('+', 10_000),
    chain('^', 5000),
  ];
  exprs.push(
    `${chain('and', 3000)} > bool 1`,
    `${'-'.repeat(2000)}1`,
    `${'('.repeat(500)}up${')'.repeat(500)}`,
  );
  assertAgrees(t, exprs, exprs.length);
});

test('small mutations of all of the above get Prometheus 3.16 verdict too', (t) => {
  const base = [
    ...corpusFiles().flatMap((f) => ruleExprs(f, parseAllDocuments)),
    ...parseTestInputs(),
    ...HOSTILE_CASES,
  ];
  assertAgrees(t, mutants(base, 3), 5000);
});
