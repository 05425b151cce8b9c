/**
 * PromQL parse time: long operator chains (budget: a 10,000-term `or` chain well under 100 ms,
 * linear in length, no stack overflow) and typical rule expressions.
 *
 *   node bench/promql/parse.ts [--runs 21]
 */
import { parseArgs } from 'node:util';
import { parsePromql } from '../../packages/promql/src/index.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' } } });
const RUNS = Number(values.runs);

function median(fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

const chain = (op: string, n: number) =>
  Array.from({ length: n }, (_, i) => `m${i}{job="a"}`).join(` ${op} `);
const typical =
  'sum by (job) (rate(http_requests_total{code=~"5..", job!=""}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05';

console.log('| expression | length (chars) | median ms |');
console.log('|---|---:|---:|');
for (const [label, expr] of [
  ['`or` chain, 1,000 terms', chain('or', 1000)],
  ['`or` chain, 10,000 terms', chain('or', 10_000)],
  ['`or` chain, 100,000 terms', chain('or', 100_000)],
  ['`+` chain, 10,000 terms', chain('+', 10_000)],
  ['`^` chain (right-assoc), 10,000 terms', chain('^', 10_000)],
  ['typical alert expression', typical],
] as const) {
  const r = parsePromql(expr);
  if (!r.ok) throw new Error(`${label}: ${r.errors[0]?.message}`);
  console.log(`| ${label} | ${expr.length} | ${median(() => parsePromql(expr)).toFixed(3)} |`);
}
