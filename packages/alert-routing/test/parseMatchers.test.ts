import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Matcher, matchesLabels, type ParserMode, parseMatcher, parseMatchers } from '../src/index.ts';
import { amFile, askOracle, goStringsAfter } from './oracle.ts';

/** Every `input:` of Alertmanager's parser tests, with the parser mode that test exercises. */
function alertmanagerCases(): { mode: ParserMode; input: string; file: string }[] {
  const files: [string, ParserMode][] = [
    ['matcher/parse/parse_test.go', 'utf8'],
    ['pkg/labels/parse_test.go', 'classic'],
    ['matcher/compat/parse_test.go', 'fallback'],
  ];
  const out: { mode: ParserMode; input: string; file: string }[] = [];
  for (const [file, mode] of files) {
    for (const input of goStringsAfter(amFile(file), 'input')) {
      // Each input is also checked in the default (fallback) mode, which is what users get.
      out.push({ mode, input, file });
      if (mode !== 'fallback') out.push({ mode: 'fallback', input, file });
    }
  }
  return out;
}

function ours(input: string, mode: ParserMode): { matchers?: Matcher[]; error?: string } {
  try {
    return { matchers: parseMatchers(input, mode) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe("matchers: Alertmanager's own parser test inputs, answered by Alertmanager's parsers", () => {
  const cases = alertmanagerCases();
  const answers = askOracle(cases.map((c) => ({ op: 'parse', mode: c.mode, input: c.input })));

  it('reads the cases out of the Go test files', () => {
    assert.ok(cases.length > 150, `only ${cases.length} cases found`);
  });

  it('gives the same matchers, and the same error text (regex errors aside), for every case', () => {
    const mismatches: string[] = [];
    cases.forEach((c, i) => {
      const want = answers[i];
      const got = ours(c.input, c.mode);
      if (!want) {
        mismatches.push(`${c.mode} ${JSON.stringify(c.input)}: no oracle answer`);
        return;
      }
      if (want.error !== null) {
        const regexError = want.error.includes('error parsing regexp');
        if (got.error === undefined)
          mismatches.push(`${c.mode} ${JSON.stringify(c.input)}: accepted, AM says ${want.error}`);
        else if (!regexError && got.error !== want.error)
          mismatches.push(
            `${c.mode} ${JSON.stringify(c.input)}: error ${JSON.stringify(got.error)}, AM ${JSON.stringify(want.error)}`,
          );
        return;
      }
      const wantMs = (want.matchers ?? []).map((m) => ({ ...m }));
      const gotMs = (got.matchers ?? []).map((m) => ({ name: m.name, type: m.type, value: m.value }));
      if (got.error !== undefined)
        mismatches.push(`${c.mode} ${JSON.stringify(c.input)}: rejected (${got.error})`);
      else if (JSON.stringify(gotMs) !== JSON.stringify(wantMs))
        mismatches.push(
          `${c.mode} ${JSON.stringify(c.input)}: ${JSON.stringify(gotMs)} vs ${JSON.stringify(wantMs)}`,
        );
    });
    console.log(
      `# matcher parse cases from Alertmanager's tests: ${cases.length - mismatches.length}/${cases.length} agree`,
    );
    assert.deepEqual(mismatches, []);
  });
});

describe('matchers: the defects of issue #16', () => {
  it('keeps a regex escape: db\\d+ matches db12, not dbdd (both spellings Alertmanager accepts)', () => {
    for (const input of ['instance=~"db\\\\d+"', 'instance=~db\\d+', '{instance=~"db\\d+"}']) {
      const m = parseMatcher(input.replace(/^\{|\}$/g, ''));
      const [want] = askOracle([{ op: 'parse', mode: 'fallback', input }]);
      assert.equal(m.value, want?.matchers?.[0]?.value, input);
      assert.equal(m.value, 'db\\d+', input);
      assert.ok(matchesLabels(m, { instance: 'db12' }));
      assert.ok(!matchesLabels(m, { instance: 'dbdd' }));
    }
  });

  it('reads brace form, several matchers in one string, unquoted values and quoted names', () => {
    assert.deepEqual(parseMatchers('{a="b", c=~"x|y"}'), [
      { name: 'a', type: '=', value: 'b' },
      { name: 'c', type: '=~', value: 'x|y' },
    ]);
    assert.deepEqual(parseMatchers('a=b,c!=d'), [
      { name: 'a', type: '=', value: 'b' },
      { name: 'c', type: '!=', value: 'd' },
    ]);
    assert.deepEqual(parseMatchers('"service.name"="checkout"'), [
      { name: 'service.name', type: '=', value: 'checkout' },
    ]);
  });

  it('anchors regexes: severity=~"warn" does not match "warning"', () => {
    const m = parseMatcher('severity=~"warn"');
    assert.ok(!matchesLabels(m, { severity: 'warning' }));
    assert.ok(matchesLabels(m, { severity: 'warn' }));
  });

  it('matches (.*.*)*ZZZ against a 100 000-character label in bounded (linear) time', () => {
    const m = parseMatcher('job=~"(.*.*)*ZZZ"');
    const long = 'a'.repeat(100_000);
    const t0 = performance.now();
    assert.equal(matchesLabels(m, { job: long }), false);
    assert.equal(matchesLabels(m, { job: `${long}ZZZ` }), true);
    const ms = performance.now() - t0;
    // A backtracking engine does not finish this in our lifetime; RE2 takes milliseconds.
    assert.ok(ms < 5000, `took ${ms} ms`);
  });

  it('reports errors with a column and what was expected', () => {
    assert.throws(
      () => parseMatchers('{foo=bar', 'utf8'),
      /^Error: 0:8: end of input: expected close brace$|expected close brace/,
    );
    assert.throws(() => parseMatchers('foo=~"(" ', 'utf8'), /failed to create matcher: error parsing regexp/);
  });
});
