import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMatcher, type ParserMode, parseMatchers } from '../src/index.ts';
import { askOracle } from './oracle.ts';

/** Pieces that exercise every corner of both grammars: quotes, escapes, braces, operators, UTF-8. */
const PIECES = [
  'a',
  'foo',
  'bar_1',
  ':x',
  'é',
  '🙂',
  ' ',
  '\t',
  '\n',
  '=',
  '!=',
  '=~',
  '!~',
  '!',
  '~',
  ',',
  '{',
  '}',
  '"',
  '\\',
  '\\"',
  '\\\\',
  '\\n',
  '\\d',
  '\\x41',
  '\\u00e9',
  '\\101',
  "'",
  '`',
  '.*',
  '.+',
  '(',
  ')',
  '|',
  '[a-z]+',
  '^',
  '$',
];

function* inputs(n: number): Generator<string> {
  let seed = 7;
  const rand = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % k;
  };
  const ops = ['=', '!=', '=~', '!~'];
  const word = () => Array.from({ length: 1 + rand(3) }, () => PIECES[rand(PIECES.length)]).join('');
  const side = () => (rand(2) === 0 ? `"${word()}"` : word());
  for (let i = 0; i < n; i++) {
    if (i % 3 === 2) {
      // Well-formed shapes with odd contents: one to three matchers, quoted or not, maybe braced.
      const ms = Array.from(
        { length: 1 + rand(3) },
        () => `${rand(3) ? `l${rand(9)}` : side()}${ops[rand(4)]}${side()}`,
      );
      yield rand(2) ? `{${ms.join(', ')}}` : ms.join(',');
      continue;
    }
    // Half of them start as a plausible matcher, so the parser gets past the first token.
    let s = i % 2 === 0 ? (['foo="bar"', '{a=~"x"', 'a=b,', '"n.a"!="v"'][rand(4)] ?? '') : '';
    const len = 1 + rand(8);
    for (let j = 0; j < len; j++) s += PIECES[rand(PIECES.length)];
    yield s;
  }
}

function ours(input: string, mode: ParserMode) {
  try {
    return {
      matchers: parseMatchers(input, mode).map((m) => ({ name: m.name, type: m.type, value: m.value })),
    };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('matchers: 3 000 generated inputs read as Alertmanager reads them, in each mode', () => {
  const all = [...inputs(1000)];
  for (const mode of ['utf8', 'classic', 'fallback'] as const) {
    it(`${mode}: same matchers, printed the same, or the same error text (regex error details aside)`, () => {
      const answers = askOracle(all.map((input) => ({ op: 'parse', mode, input })));
      const wrong: string[] = [];
      all.forEach((input, i) => {
        const want = answers[i];
        const got = ours(input, mode);
        if (want?.error) {
          const regex = want.error.includes('error parsing regexp');
          if (!got.error || (!regex && got.error !== want.error))
            wrong.push(
              `${JSON.stringify(input)}: ours ${JSON.stringify(got)}, AM ${JSON.stringify(want.error)}`,
            );
        } else if (JSON.stringify(got.matchers) !== JSON.stringify(want?.matchers ?? []))
          wrong.push(
            `${JSON.stringify(input)}: ours ${JSON.stringify(got)}, AM ${JSON.stringify(want?.matchers)}`,
          );
        else if (
          JSON.stringify((got.matchers ?? []).map(formatMatcher)) !== JSON.stringify(want?.texts ?? [])
        )
          wrong.push(
            `${JSON.stringify(input)}: printed ${JSON.stringify(got.matchers?.map(formatMatcher))}, AM ${JSON.stringify(want?.texts)}`,
          );
      });
      assert.deepEqual(wrong.slice(0, 10), []);
    });
  }
});
