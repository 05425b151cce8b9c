import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type MatcherError, matchesValue, newMatcher } from '../src/index.ts';
import { askOracle } from './oracle.ts';

/** Regexes where engines differ: Unicode classes, case folding, flags, anchors, newlines, code points. */
const PATTERNS = [
  '.',
  '.+',
  '.*',
  '(?s).+',
  '\\pL+',
  '\\p{Greek}+',
  '\\PL',
  '(?i)abc',
  '\\d',
  '\\w+',
  '\\s',
  '\\bfoo\\b',
  '[[:alpha:]]+',
  '[^a]',
  'x\\z',
  '^a',
  'a$',
  '(?m)^b$',
  '\\x{1F642}',
  '\\Qa.b\\E',
  'a{2,3}',
  '(a|ab)(c|bcd)',
  'db\\d+',
  '(.*.*)*ZZZ',
  '(?U)a+',
  '[\\d\\-]+',
  '\\.',
  'é+',
  'x*',
  '',
];
const VALUES = [
  '',
  'a',
  'A',
  'abc',
  'ABC',
  'ab',
  'aa',
  'aaa',
  '٣',
  '7',
  'é',
  'éa',
  'αβ',
  '🙂',
  'a\nb',
  '\n',
  ' ',
  'foo',
  'x',
  'a.b',
  'abcd',
  'db12',
  'dbdd',
  'ZZZ',
  'b',
  '1-2',
  '.',
  'ééé',
  'xx',
];

describe('regexes: RE2 semantics, answered by the Go regexp package Alertmanager uses', () => {
  it(`matches ${PATTERNS.length} patterns against ${VALUES.length} values as Alertmanager does`, () => {
    const answers = askOracle(
      PATTERNS.map((input) => ({ op: 'match', input, values: VALUES })),
    ) as unknown as {
      error: string | null;
      matches?: boolean[];
    }[];
    const wrong: string[] = [];
    PATTERNS.forEach((p, i) => {
      let m: ReturnType<typeof newMatcher>;
      try {
        m = newMatcher('=~', 'x', p);
      } catch (err) {
        if (answers[i]?.error === null) wrong.push(`${p}: we reject it (${(err as MatcherError).message})`);
        return;
      }
      if (answers[i]?.error) {
        wrong.push(`${p}: AM rejects it (${answers[i]?.error})`);
        return;
      }
      VALUES.forEach((v, j) => {
        if (matchesValue(m, v) !== answers[i]?.matches?.[j]) wrong.push(`${p} on ${JSON.stringify(v)}`);
      });
    });
    assert.deepEqual(wrong, []);
  });
});

describe('regexes: a matcher RE2 cannot compile, read from old state, never throws and never matches', () => {
  it('lookahead (JavaScript-only syntax) matches nothing with =~ or !~', () => {
    for (const type of ['=~', '!~'] as const) {
      assert.equal(matchesValue({ name: 'x', type, value: 'a(?=b)' }, 'ab'), false);
    }
    assert.throws(() => newMatcher('=~', 'x', 'a(?=b)'), /error parsing regexp/);
  });
});
